import type { PointRejection } from './otlp-mapping';

// ExportMetricsServiceResponse.partial_success: set only when data points were refused, with how
// many (each point once, however many of its samples were refused) and the first few reasons.

export interface PartialSuccess {
  rejectedDataPoints: number;
  errorMessage: string;
}

/** Reasons shown in errorMessage; the rest are counted. */
const SHOWN_REASONS = 5;

export function partialSuccess(points: number, rejected: PointRejection[]): PartialSuccess | undefined {
  if (rejected.length === 0) return undefined;
  const refusedPoints = new Set(rejected.map((r) => r.point)).size;
  // The same reason for many points (a whole batch too old) is said once, with its count.
  const reasons = new Map<string, Set<number>>();
  for (const r of rejected) {
    const points = reasons.get(r.message);
    if (points) points.add(r.point);
    else reasons.set(r.message, new Set([r.point]));
  }
  const shown = [...reasons]
    .slice(0, SHOWN_REASONS)
    .map(([message, at]) => (at.size > 1 ? `${message} (${at.size} points)` : message));
  const more = reasons.size - shown.length;
  return {
    rejectedDataPoints: refusedPoints,
    errorMessage:
      `${refusedPoints} of ${points} data points rejected: ${shown.join('; ')}` +
      (more > 0 ? `; and ${more} more reason(s)` : ''),
  };
}

/** A sample refused by the samples pipeline, as said in errorMessage (with what to do about a label limit). */
export function sampleRefusal(metric: string, reason: string, message: string): string {
  const hint =
    reason === 'invalid_labels' && message.startsWith('at most')
      ? " (resource, scope and data-point attributes together: drop resource attributes the SLA does not need, e.g. with the collector's resource processor)"
      : '';
  return `${JSON.stringify(metric)}: ${message}${hint}`;
}
