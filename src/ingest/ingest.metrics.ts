import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { METRIC } from '../exposition/metric-names';
import { MetricsRegistry } from '../exposition/metrics.registry';

/** How samples reach the service: the JSON API, Prometheus remote-write, OTLP/HTTP. */
export const INGEST_PROTOCOLS = ['json', 'remote_write', 'otlp'] as const;
export type IngestProtocol = (typeof INGEST_PROTOCOLS)[number];

/**
 * Operational series of ingestion (docs/metrics.md). Labels are bounded: result, protocol, endpoint,
 * vendor key.
 */
@Injectable()
export class IngestMetrics {
  readonly samples: Counter<'result' | 'protocol'>;
  readonly events: Counter<'result'>;
  readonly duration: Histogram<'endpoint'>;
  readonly lastSample: Gauge<'vendor'>;

  constructor(metrics: MetricsRegistry) {
    this.samples = metrics.counter(METRIC.ingestSamples, 'Samples received, by result and protocol', [
      'result',
      'protocol',
    ]);
    this.events = metrics.counter(METRIC.ingestEvents, 'Work-item events received, by result', ['result']);
    this.duration = metrics.histogram(
      METRIC.ingestRequestDuration,
      'Time to answer an ingest request, in seconds',
      [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      ['endpoint'],
    );
    this.lastSample = metrics.gauge(
      METRIC.vendorLastSample,
      'Timestamp of the newest sample accepted from the vendor, in Unix seconds',
      ['vendor'],
    );
    for (const result of ['accepted', 'duplicate', 'rejected']) {
      for (const protocol of INGEST_PROTOCOLS) this.samples.inc({ result, protocol }, 0);
      this.events.inc({ result }, 0);
    }
  }
}
