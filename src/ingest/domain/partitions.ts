import type { Instant } from '../../common/time/instant';
// Samples are partitioned by UTC calendar month: `samples_y2027m03` holds [2027-03-01Z, 2027-04-01Z).

export interface MonthPartition {
  name: string;
  from: string;
  to: string;
}

export function monthPartition(epochMs: number): MonthPartition {
  const d = new Date(epochMs);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const from = new Date(Date.UTC(year, month, 1));
  const to = new Date(Date.UTC(year, month + 1, 1));
  return {
    name: `samples_y${year}m${String(month + 1).padStart(2, '0')}`,
    from: from.toISOString(),
    to: to.toISOString(),
  };
}

/**
 * The month partitions that hold these instants, and only those: a request with samples from 2000 and
 * from today needs two partitions, not the 317 months between them.
 */
export function monthPartitionsOf(epochs: Iterable<number>): MonthPartition[] {
  const found = new Map<string, MonthPartition>();
  let from = Infinity;
  let to = -Infinity;
  for (const t of epochs) {
    if (t >= from && t < to) continue; // most instants share the month of the one before
    const p = monthPartition(t);
    found.set(p.name, p);
    from = Date.parse(p.from);
    to = Date.parse(p.to);
  }
  return [...found.values()];
}

/** Every month partition from the one holding `minMs` to the one holding `maxMs`. */
export function monthPartitionsBetween(minMs: number, maxMs: number): MonthPartition[] {
  const first = new Date(minMs);
  const last = new Date(maxMs);
  const list: MonthPartition[] = [];
  let y = first.getUTCFullYear();
  let m = first.getUTCMonth();
  while (y < last.getUTCFullYear() || (y === last.getUTCFullYear() && m <= last.getUTCMonth())) {
    list.push(monthPartition(Date.UTC(y, m, 1)));
    if (++m === 12) {
      m = 0;
      y++;
    }
  }
  return list;
}

/** The partitions for `now`'s month and the `ahead` months after it. */
export function partitionsAhead(now: Instant, ahead: number): MonthPartition[] {
  const list: MonthPartition[] = [];
  const today = new Date(now);
  for (let i = 0; i <= ahead; i++) {
    list.push(monthPartition(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() + i, 1)));
  }
  return list;
}

/** The exclusive upper bound of `FOR VALUES FROM (…) TO ('2027-04-01 00:00:00+00')`, as printed by PostgreSQL. */
export function partitionUpperBound(bound: string): Date | undefined {
  const text = /TO \('([^']+)'\)/.exec(bound)?.[1];
  if (!text) return undefined;
  const iso = text.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}
