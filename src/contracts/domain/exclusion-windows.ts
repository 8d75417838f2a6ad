import type { Maintenance } from './contract.types';
import { cronOccurrences, parseCron } from './cron';

// The windows that leave measured time: maintenance from the contract (one-off, or cron in the contract
// zone) and approved exclusions. Listed for a range so people can see what is excluded, and read by
// evaluation for its windows.

export interface ExclusionWindow {
  kind: 'maintenance' | 'exclusion';
  title: string;
  from: Date;
  to: Date;
  /** Objective keys it applies to; null = every objective (maintenance: those with excludeMaintenance). */
  objectives: string[] | null;
  id?: string;
  approvedBy?: string;
}

export interface ApprovedExclusion {
  id: string;
  from: Date;
  to: Date;
  reason: string;
  approvedBy: string;
  objectives: string[] | null;
}

/** Maintenance occurrences overlapping [from, to), sorted by start. */
export function maintenanceWindows(
  maintenance: Maintenance[],
  zone: string,
  from: Date,
  to: Date,
): ExclusionWindow[] {
  const windows: ExclusionWindow[] = [];
  for (const m of maintenance) {
    if (m.kind === 'once') {
      const start = new Date(m.from);
      const end = new Date(m.to);
      if (start < to && end > from)
        windows.push({ kind: 'maintenance', title: m.title, from: start, to: end, objectives: null });
      continue;
    }
    const cron = parseCron(m.cron);
    if ('error' in cron) continue; // validated on apply; a stored contract always parses
    for (const o of cronOccurrences(cron, zone, m.durationSeconds, from, to)) {
      windows.push({ kind: 'maintenance', title: m.title, from: o.start, to: o.end, objectives: null });
    }
  }
  return windows.sort((a, b) => a.from.getTime() - b.from.getTime());
}

/** Maintenance and approved exclusions together, overlapping [from, to), sorted by start. */
export function exclusionWindows(
  maintenance: Maintenance[],
  zone: string,
  approved: ApprovedExclusion[],
  from: Date,
  to: Date,
): ExclusionWindow[] {
  const excluded: ExclusionWindow[] = approved
    .filter((e) => e.from < to && e.to > from)
    .map((e) => ({
      kind: 'exclusion',
      title: e.reason,
      from: e.from,
      to: e.to,
      objectives: e.objectives,
      id: e.id,
      approvedBy: e.approvedBy,
    }));
  return [...maintenanceWindows(maintenance, zone, from, to), ...excluded].sort(
    (a, b) => a.from.getTime() - b.from.getTime() || a.kind.localeCompare(b.kind),
  );
}
