import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { gzipSync } from 'node:zlib';

/**
 * prom-client names these three gauges with the `_total` that Prometheus keeps for counters, so
 * `promtool check metrics` flags them; the handle and request counts stay in `nodejs_active_*`.
 */
const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Ready-made exposition text, as plain chunks and as one gzip member of the same bytes. */
export interface TextBlock {
  plain: readonly Buffer[];
  gzip: Buffer;
}

/** For series too many to keep as prom-client metrics (the SLA series), written ahead of scrapes. */
export type TextSource = () => Promise<TextBlock>;

/** A scrape's body: chunks to write in order, gzip-encoded or not. */
export interface Exposition {
  chunks: Buffer[];
  gzip: boolean;
}

/**
 * The service's own registry (never prom-client's global one), with Node.js process metrics, plus
 * text sources appended after it.
 */
@Injectable()
export class MetricsRegistry {
  readonly registry = new Registry();
  private readonly sources: TextSource[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    for (const name of MISNAMED_DEFAULTS) this.registry.removeSingleMetric(name);
  }

  // The service's prom-client metrics, declared on this registry (names in metric-names.ts).
  counter<L extends string = string>(name: string, help: string, labelNames: readonly L[] = []): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  gauge<L extends string = string>(name: string, help: string, labelNames: readonly L[] = []): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  histogram<L extends string = string>(
    name: string,
    help: string,
    buckets: number[],
    labelNames: readonly L[] = [],
  ): Histogram<L> {
    return new Histogram({ name, help, buckets, labelNames, registers: [this.registry] });
  }

  addSource(source: TextSource): void {
    this.sources.push(source);
  }

  /**
   * The whole scrape: prom-client's metrics, then every text source, never copied into one buffer.
   * Gzip (what Prometheus asks for) concatenates gzip members, which readers decode as one stream
   * (RFC 1952, section 2.2): only the small prom-client part is compressed per scrape.
   */
  async exposition(gzip: boolean): Promise<Exposition> {
    const head = Buffer.from(await this.registry.metrics());
    const blocks = await Promise.all(this.sources.map((s) => s()));
    if (gzip) return { gzip, chunks: [gzipSync(head, { level: 1 }), ...blocks.map((b) => b.gzip)] };
    return { gzip, chunks: [head, ...blocks.flatMap((b) => b.plain)] };
  }
}
