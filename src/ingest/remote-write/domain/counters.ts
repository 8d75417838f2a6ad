import type { MetricKind } from './schema';

// Which remote-written series are cumulative counters (their samples become increases in the
// roll-up, a decrease being a restart). Remote-write 1.0 carries no type with the samples, so the
// Prometheus naming conventions decide, unless the request's own metadata names the family's type.

const COUNTER_SUFFIXES = ['_total', '_count', '_sum', '_bucket'] as const;

/** The naming rule: `_total`, `_count`, `_sum` and `_bucket` series only ever grow (or restart). */
export function cumulativeBySuffix(metric: string): boolean {
  for (const suffix of COUNTER_SUFFIXES) if (metric.endsWith(suffix)) return true;
  return false;
}

/**
 * What a family's type says about one of its series, or undefined when it says nothing (no type,
 * `unknown`). Counters: every series. Histograms: `_bucket`, `_count`, `_sum`. Summaries: `_count`
 * and `_sum`; their quantile series go up and down, so they stay plain values. Gauges and the rest
 * (gauge histograms, info, stateset): none.
 */
export function cumulativeByKind(metric: string, kind: MetricKind | undefined): boolean | undefined {
  switch (kind) {
    case undefined:
    case 'unknown':
      return undefined;
    case 'counter':
      return true;
    case 'histogram':
      return metric.endsWith('_bucket') || metric.endsWith('_count') || metric.endsWith('_sum');
    case 'summary':
      return metric.endsWith('_count') || metric.endsWith('_sum');
    case 'gauge':
    case 'other':
      return false;
  }
}

/**
 * The family a series belongs to in `families` (metadata by family name): its own name, else its
 * name without a counter, histogram or summary suffix (`http_requests` for OpenMetrics'
 * `http_requests_total`, `rpc_seconds` for `rpc_seconds_count`).
 */
export function familyKind(
  metric: string,
  families: ReadonlyMap<string, MetricKind>,
): MetricKind | undefined {
  const own = families.get(metric);
  if (own !== undefined) return own;
  for (const suffix of COUNTER_SUFFIXES) {
    if (metric.endsWith(suffix)) return families.get(metric.slice(0, -suffix.length));
  }
  return undefined;
}

/** A 1.0 series: the request's metadata for its family when it has a type, else the suffix rule. */
export function isCumulative(metric: string, families?: ReadonlyMap<string, MetricKind>): boolean {
  const byKind =
    families && families.size > 0 ? cumulativeByKind(metric, familyKind(metric, families)) : undefined;
  return byKind ?? cumulativeBySuffix(metric);
}
