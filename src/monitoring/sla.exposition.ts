import { Injectable } from '@nestjs/common';
import { EvaluationSnapshot } from '../evaluation/evaluation.snapshot';
import { MetricsRegistry } from '../exposition/metrics.registry';
import { SlaSeries } from './domain/sla-series';

/** Objectives written between two yields to the event loop (about 10 ms of work each). */
const SLICE = 1000;

/**
 * The SLA series of /metrics, written once per snapshot (each pass), not per scrape: with 10 000
 * objectives that is 110 000 series, which prom-client gauges re-labelled in collect() took about a
 * second per scrape to fill and serialise (bench:metrics). The text is written in slices, yielding
 * between them so requests keep flowing, and kept as a Buffer; a scrape appends it as is. No database
 * query per scrape; the series of removed objectives go with the next snapshot.
 */
@Injectable()
export class SlaExposition {
  private text = Buffer.alloc(0);
  private writtenFor = -1;
  private writing?: Promise<void>;

  constructor(
    metrics: MetricsRegistry,
    private readonly snapshot: EvaluationSnapshot,
  ) {
    metrics.addSource(() => this.current());
    snapshot.onReplace(() => void this.refresh());
  }

  /** The text of the latest snapshot (written now if a scrape comes before the eager write ends). */
  async current(): Promise<Buffer> {
    while (this.writtenFor !== this.snapshot.generation) await this.refresh();
    return this.text;
  }

  private refresh(): Promise<void> {
    this.writing ??= this.write().finally(() => (this.writing = undefined));
    return this.writing;
  }

  private async write(): Promise<void> {
    const generation = this.snapshot.generation;
    const results = this.snapshot.all();
    const series = new SlaSeries();
    for (let i = 0; i < results.length; i += SLICE) {
      series.addObjectives(results.slice(i, i + SLICE));
      if (i + SLICE < results.length) await new Promise((r) => setImmediate(r));
    }
    series.addContracts(this.snapshot.contracts());
    this.text = Buffer.from(series.toString());
    this.writtenFor = generation;
  }
}
