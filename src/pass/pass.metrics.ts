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
    const registers = [metrics.registry];
    this.duration = new Histogram({
      name: METRIC.evaluationDuration,
      help: 'Time of one evaluation pass over every contract, in seconds',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers,
    });
    this.runs = new Counter({
      name: METRIC.evaluationRuns,
      help: 'Evaluation passes, by result (skipped: another pass was still running)',
      labelNames: ['result'],
      registers,
    });
    this.lastSuccess = new Gauge({
      name: METRIC.evaluationLastSuccess,
      help: 'When the last evaluation pass succeeded, in Unix seconds',
      registers,
    });
    this.errors = new Counter({
      name: METRIC.evaluationErrors,
      help: 'Contracts whose work failed in a pass (the other contracts went on), by contract and stage',
      labelNames: ['contract', 'stage'],
      registers,
    });
    for (const result of ['success', 'failure', 'skipped']) this.runs.inc({ result }, 0);
  }
}
