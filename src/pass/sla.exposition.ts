import { Injectable } from '@nestjs/common';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { EvaluationSnapshot } from '../evaluation/evaluation.snapshot';
import { MetricsRegistry, type TextBlock } from '../exposition/metrics.registry';
import { SlaSeries } from './domain/sla-series';

/** Objectives written between two yields to the event loop (a few milliseconds of work each). */
const SLICE = 500;
const gzipAsync = promisify(gzip);
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The SLA series of /metrics, written once per snapshot (each pass), not per scrape: with 10 000
 * objectives that is 110 000 series, which prom-client gauges re-labelled in collect() took about a
 * second per scrape to fill and serialise (bench:metrics). The text is written in slices, yielding
 * between them so requests keep flowing, kept as buffers plus one gzip member (compressed on the
 * thread pool); a scrape appends them as they are. No database query per scrape; the series of
 * removed objectives go with the next snapshot.
 */
@Injectable()
export class SlaExposition {
  private block: TextBlock = { plain: [], gzip: Buffer.alloc(0) };
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
  async current(): Promise<TextBlock> {
    while (this.writtenFor !== this.snapshot.generation) await this.refresh();
    return this.block;
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
      series.seal();
      await nextTurn();
    }
    series.addContracts(this.snapshot.contracts());
    const plain: Buffer[] = [];
    for (const chunk of series.chunks()) {
      plain.push(Buffer.from(chunk));
      if (chunk.length > 100_000) await nextTurn();
    }
    this.block = { plain, gzip: await gzipAsync(Buffer.concat(plain), { level: 1 }) };
    this.writtenFor = generation;
  }
}
