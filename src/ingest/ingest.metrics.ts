import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { METRIC } from '../exposition/metric-names';
import { MetricsRegistry } from '../exposition/metrics.registry';

/** Operational series of ingestion (docs/metrics.md). Labels are bounded: result, endpoint, vendor key. */
@Injectable()
export class IngestMetrics {
  readonly samples: Counter<'result'>;
  readonly events: Counter<'result'>;
  readonly duration: Histogram<'endpoint'>;
  readonly lastSample: Gauge<'vendor'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.samples = new Counter({
      name: METRIC.ingestSamples,
      help: 'Samples received, by result',
      labelNames: ['result'],
      registers,
    });
    this.events = new Counter({
      name: METRIC.ingestEvents,
      help: 'Work-item events received, by result',
      labelNames: ['result'],
      registers,
    });
    this.duration = new Histogram({
      name: METRIC.ingestRequestDuration,
      help: 'Time to answer an ingest request, in seconds',
      labelNames: ['endpoint'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    this.lastSample = new Gauge({
      name: METRIC.vendorLastSample,
      help: 'Timestamp of the newest sample accepted from the vendor, in Unix seconds',
      labelNames: ['vendor'],
      registers,
    });
    for (const result of ['accepted', 'duplicate', 'rejected']) {
      this.samples.inc({ result }, 0);
      this.events.inc({ result }, 0);
    }
  }
}
