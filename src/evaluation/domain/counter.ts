// Cumulative counters become increase series (docs/ingest.md, "Cumulative counters"). The exact rule:
// a point's increase is its value minus the previous point's value of the same series; a lower value
// than the previous one means the counter restarted from zero, so the increase is the value itself;
// the first point of a series is its baseline and adds nothing. Σ increases over a window is the
// window's figure: no extrapolation to the window's edges, unlike PromQL's increase().

/** One point of a cumulative series, in time order within its series. */
export interface CounterPoint {
  ts: number;
  value: number;
}

/** The increase a point adds after `previous` (undefined: the series' first point). */
export function increase(value: number, previous: number | undefined): number {
  if (previous === undefined) return 0;
  return value >= previous ? value - previous : value;
}

/** The increases of a series' points (sorted by time), each after the one before (or `previous`). */
export function increases(points: readonly CounterPoint[], previous?: number): number[] {
  const out = new Array<number>(points.length);
  let prev = previous;
  for (let i = 0; i < points.length; i++) {
    out[i] = increase(points[i].value, prev);
    prev = points[i].value;
  }
  return out;
}
