import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

/**
 * prom-client names these three gauges with the `_total` that Prometheus keeps for counters, so
 * `promtool check metrics` flags them; the handle and request counts stay in `nodejs_active_*`.
 */
const MISNAMED_DEFAULTS = [
  'nodejs_active_handles_total',
  'nodejs_active_requests_total',
  'nodejs_active_resources_total',
];

/** Ready-made exposition text for series too many to keep as prom-client metrics (the SLA series). */
export type TextSource = () => Promise<Buffer>;

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

  addSource(source: TextSource): void {
    this.sources.push(source);
  }

  /** The whole scrape: prom-client's metrics, then every text source. */
  async exposition(): Promise<Buffer> {
    const parts: Buffer[] = [Buffer.from(await this.registry.metrics())];
    for (const source of this.sources) parts.push(await source());
    return Buffer.concat(parts);
  }
}
