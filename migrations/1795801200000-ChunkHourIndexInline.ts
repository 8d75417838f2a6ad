import type { MigrationInterface, QueryRunner } from 'typeorm';
import { basesSlice } from './1795797600000-ChunkHourBases';

// The hour index of a chunk (hour_starts, hour_bases: ~340 bytes) stays in the chunk's row.
// Added as plain array columns, they had the default EXTENDED storage, and a chunk row of a day of
// one-minute samples (~7.7 kB) is far past the ~2 kB at which PostgreSQL starts moving values out of
// line: it moves EXTENDED columns to the TOAST table first, before it compresses MAIN ones (vals,
// deltas). So every chunk kept its two small index arrays in TOAST, and the slice function, inlined,
// fetched `hour_bases` from there again for every sample it returned: 180 buffers an edge read, where
// rows take ~10 (auto_explain of the compacted pass, bench/README.md). PLAIN keeps them in line.
export class ChunkHourIndexInline1795801200000 implements MigrationInterface {
  name = 'ChunkHourIndexInline1795801200000';

  async up(q: QueryRunner): Promise<void> {
    // Recurses to the month partitions; partitions made later copy the parent's storage.
    await q.query(
      `ALTER TABLE sample_chunks ALTER COLUMN hour_starts SET STORAGE PLAIN, ALTER COLUMN hour_bases SET STORAGE PLAIN`,
    );
    // The storage applies to rows written from now on. A slice is a new value (an unchanged one would
    // keep its TOAST pointer), so this brings the existing chunks' index arrays back in line.
    await q.query(`UPDATE sample_chunks SET hour_starts = hour_starts[1:25], hour_bases = hour_bases[1:25]`);
    // The slice reads the hour's offset once per call instead of once per sample it returns.
    await q.query(basesSlice('CREATE OR REPLACE', 'r.base', 'p_hour_bases[ka] AS base, '));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(basesSlice('CREATE OR REPLACE', 'p_hour_bases[r.ka]', 'ka, '));
    await q.query(
      `ALTER TABLE sample_chunks ALTER COLUMN hour_starts SET STORAGE EXTENDED, ALTER COLUMN hour_bases SET STORAGE EXTENDED`,
    );
  }
}
