import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram } from 'prom-client';
import { METRIC } from '../exposition/metric-names';
import { MetricsRegistry } from '../exposition/metrics.registry';

/** Operational series of evaluation (docs/metrics.md). */
@Injectable()
export class PassMetrics {
  readonly duration: Histogram;
  readonly runs: Counter<'result'>;
  readonly lastSuccess: Gauge;
  readonly errors: Counter<'contract' | 'stage'>;

  constructor(metrics: MetricsRegistry) {
    this.duration = metrics.histogram(
      METRIC.evaluationDuration,
      'Time of one evaluation pass over every contract, in seconds',
      [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    );
    this.runs = metrics.counter(
      METRIC.evaluationRuns,
      'Evaluation passes, by result (skipped: another pass was still running)',
      ['result'],
    );
    this.lastSuccess = metrics.gauge(
      METRIC.evaluationLastSuccess,
      'When the last evaluation pass succeeded, in Unix seconds',
    );
    this.errors = metrics.counter(
      METRIC.evaluationErrors,
      'Contracts whose work failed in a pass (the other contracts went on), by contract and stage',
      ['contract', 'stage'],
    );
    for (const result of ['success', 'failure', 'skipped']) this.runs.inc({ result }, 0);
  }
}
