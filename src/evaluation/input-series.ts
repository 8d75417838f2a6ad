import { Injectable } from '@nestjs/common';
import { InputSeriesRepository } from './input-series.repository';

/** Past this many cached inputs the cache starts over (memory stays bounded; matching is redone). */
const MAX_CACHED = 100_000;

/** The series the evaluation statements read for their inputs, as parameter arrays (see inputSeries). */
export interface KnownSeries {
  vendorIds: string[];
  inputs: string[];
  seriesIds: string[];
  /** Series rows newer than this horizon may be missing: the statement matches those itself. */
  horizon: string;
}

const keyOf = (vendorId: string, input: string) => `${vendorId}/${input}`;

/**
 * Which series each evaluated input reads. Matching labels against selectors for every raw piece
 * cost ~10 µs per (piece, series of the metric): 250-360 ms of a pass at 270 objectives over 800
 * series, for pieces that mostly read nothing. Series never change metric or labels, so a resolution
 * holds until the selector set changes (its fingerprint, read at every lookup, so a change on any
 * replica is seen at once). Series created since are matched at the next lookup, and those created
 * after it (or still uncommitted at it) by the statement itself: it matches every series row newer
 * than the lookup's snapshot horizon, so no statement misses a series its own snapshot sees.
 */
@Injectable()
export class InputSeries {
  private fingerprint: string | undefined;
  private horizon: string | null = null;
  private readonly known = new Map<string, { vendorId: string; input: string; ids: Set<string> }>();
  /** Lookups run one at a time: the families of a pass ask at once, and each refresh builds on the last. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly repository: InputSeriesRepository) {}

  lookup(inputs: ReadonlyArray<{ vendorId: string; metric: string }>): Promise<KnownSeries> {
    const run = this.queue.then(() => this.refreshAndRead(inputs));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async refreshAndRead(
    inputs: ReadonlyArray<{ vendorId: string; metric: string }>,
  ): Promise<KnownSeries> {
    const state = await this.repository.state();
    if (state.fingerprint !== this.fingerprint || this.known.size > MAX_CACHED) {
      this.known.clear();
      this.fingerprint = state.fingerprint;
    } else if (this.known.size > 0) {
      // Cached inputs learn the series their resolution may have missed.
      this.add(await this.repository.resolve([...this.known.values()], this.horizon));
    }
    this.horizon = state.horizon;
    const fresh = new Map<string, { vendorId: string; input: string }>();
    for (const i of inputs) {
      const key = keyOf(i.vendorId, i.metric);
      if (!this.known.has(key)) fresh.set(key, { vendorId: i.vendorId, input: i.metric });
    }
    // Known only once resolved: a failed read must not leave an input cached without its series.
    const resolved = await this.repository.resolve([...fresh.values()], null);
    for (const [key, i] of fresh) this.known.set(key, { ...i, ids: new Set() });
    this.add(resolved);

    const out: KnownSeries = { vendorIds: [], inputs: [], seriesIds: [], horizon: state.horizon };
    const listed = new Set<string>();
    for (const i of inputs) {
      const key = keyOf(i.vendorId, i.metric);
      if (listed.has(key)) continue;
      listed.add(key);
      for (const id of this.known.get(key)!.ids) {
        out.vendorIds.push(i.vendorId);
        out.inputs.push(i.metric);
        out.seriesIds.push(id);
      }
    }
    return out;
  }

  private add(rows: ReadonlyArray<{ vendorId: string; input: string; seriesId: string }>) {
    for (const row of rows) this.known.get(keyOf(row.vendorId, row.input))?.ids.add(row.seriesId);
  }
}
