import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions';
import type { Objective } from '../contracts/domain/contract.types';
import { indicatorSelectors } from '../contracts/domain/selector';

/** Hours whose newest data arrived more than this after the hour ended count as late. */
export const LATE_AFTER_MS = 3_600_000;

/** The metrics an objective reads samples of (none for deadline objectives). */
export function sampleMetrics(o: Objective): string[] {
  return indicatorSelectors(o.indicator);
}

export interface LateDataRequest {
  key: string;
  metrics: string[];
  from: number;
  to: number;
}

/**
 * Late-arriving samples per objective: the UTC hours of its window whose data (some of it) arrived
 * more than an hour after the hour ended, with the latest such arrival. One statement for a contract.
 */
@Injectable()
export class LateDataRepository {
  async lateHours(
    em: Tx,
    vendorId: string,
    requests: LateDataRequest[],
  ): Promise<Map<string, { hours: number; lastReceivedAt: string }>> {
    const rows = requests.flatMap((r) => r.metrics.map((m) => ({ ...r, metric: m })));
    if (rows.length === 0) return new Map();
    const found: Array<{ key: string; hours: string; last: Date }> = await em.query(
      `SELECT k.key, count(DISTINCT b.bucket) AS hours, max(b.last_received_at) AS last
         FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) AS k(key, metric, lo, hi)
         JOIN metric_rollups b ON b.vendor_id = $1 AND b.metric = k.metric AND b.level = 1
                              AND b.bucket >= k.lo AND b.bucket < k.hi
        WHERE b.last_received_at > b.bucket + interval '1 hour' + $6 * interval '1 millisecond'
        GROUP BY k.key`,
      [
        vendorId,
        rows.map((r) => r.key),
        rows.map((r) => r.metric),
        rows.map((r) => new Date(r.from).toISOString()),
        rows.map((r) => new Date(r.to).toISOString()),
        LATE_AFTER_MS,
      ],
    );
    return new Map(
      found.map((f) => [f.key, { hours: Number(f.hours), lastReceivedAt: f.last.toISOString() }]),
    );
  }
}
