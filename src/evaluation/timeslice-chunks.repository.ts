import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { SliceCounts } from './domain/kinds';
import { isoAt } from '../common/values';

export interface ChunkKey {
  objectiveId: string;
  definition: string;
  level: 1 | 2;
  bucket: number;
}

export interface ChunkRow extends ChunkKey {
  spanEnd: number;
  vendorId: string;
  metric: string;
  counts: SliceCounts;
}

const chunkId = (k: ChunkKey) => `${k.objectiveId}|${k.definition}|${k.level}|${k.bucket}`;

/** Cached timeslice counts per objective and UTC hour/day (see domain/timeslice.ts). */
@Injectable()
export class TimesliceChunksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  static id = chunkId;

  async find(keys: ChunkKey[]): Promise<Map<string, SliceCounts>> {
    const out = new Map<string, SliceCounts>();
    if (keys.length === 0) return out;
    const rows: Array<{
      objective_id: string;
      definition: string;
      level: number;
      bucket: Date;
      good: number;
      bad: number;
      empty: number;
    }> = await this.dataSource.query(
      `SELECT c.objective_id, c.definition, c.level, c.bucket, c.good, c.bad, c.empty
           FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::timestamptz[]) AS k(o, d, l, b)
           CROSS JOIN LATERAL (SELECT * FROM timeslice_chunks c0 WHERE c0.objective_id = k.o AND c0.definition = k.d
                                 AND c0.level = k.l AND c0.bucket = k.b OFFSET 0) c`,
      [
        keys.map((k) => k.objectiveId),
        keys.map((k) => k.definition),
        keys.map((k) => k.level),
        keys.map((k) => isoAt(k.bucket)),
      ],
    );
    for (const r of rows) {
      out.set(
        chunkId({
          objectiveId: r.objective_id,
          definition: r.definition,
          level: r.level as 1 | 2,
          bucket: r.bucket.getTime(),
        }),
        { good: r.good, bad: r.bad, empty: r.empty },
      );
    }
    return out;
  }

  /** Stores computed chunks; a concurrent writer of the same chunk computed the same counts. */
  async save(rows: ChunkRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += 5_000) {
      const part = rows.slice(i, i + 5_000);
      await this.dataSource.query(
        `INSERT INTO timeslice_chunks (objective_id, definition, level, bucket, span_end, vendor_id, metric, good, bad, empty)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::timestamptz[], $5::timestamptz[], $6::uuid[],
                              $7::text[], $8::int[], $9::int[], $10::int[])
         ON CONFLICT DO NOTHING`,
        [
          part.map((r) => r.objectiveId),
          part.map((r) => r.definition),
          part.map((r) => r.level),
          part.map((r) => isoAt(r.bucket)),
          part.map((r) => isoAt(r.spanEnd)),
          part.map((r) => r.vendorId),
          part.map((r) => r.metric),
          part.map((r) => r.counts.good),
          part.map((r) => r.counts.bad),
          part.map((r) => r.counts.empty),
        ],
      );
    }
  }
}
