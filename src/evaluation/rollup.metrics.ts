import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { METRIC } from '../exposition/metric-names';
import { MetricsRegistry } from '../exposition/metrics.registry';

/** The roll-up's own failures: batches that could not be folded (the others were). */
@Injectable()
export class RollupMetrics {
  readonly rollupErrors: Counter<'vendor'>;

  constructor(metrics: MetricsRegistry) {
    this.rollupErrors = metrics.counter(
      METRIC.rollupErrors,
      'Ingest batches whose fold into the roll-ups failed (they stay pending), by vendor',
      ['vendor'],
    );
  }
}
