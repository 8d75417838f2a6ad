import { row, seriesColour, stat, steps, timeseries } from './builders';
import { dashboard, type Dashboard } from './dashboard';
import { instanceVariable, METRIC, ops } from './queries';

// For whoever runs SLA Sentinel: ingest, evaluation, the notification outbox and the Node.js process,
// per replica. Default process metrics are prom-client's own names.

const rate = (metric: string) => `rate(${ops(metric)}[$__rate_interval])`;
const quantile = (q: number, metric: string, by: string) =>
  `histogram_quantile(${q}, sum by (${by}) (${rate(`${metric}_bucket`)}))`;
const resultColours = (ok: string) => [
  seriesColour(ok, 'green'),
  seriesColour('duplicate', 'blue'),
  seriesColour('skipped', 'orange'),
  seriesColour('retry', 'orange'),
  seriesColour('rejected', 'red'),
  seriesColour('failure', 'red'),
  seriesColour('failed', 'red'),
];

export function serviceOperations(): Dashboard {
  return dashboard({
    uid: 'sla-operations',
    title: 'SLA Sentinel operations',
    description: 'Ingest, evaluation, notification outbox and process health of the SLA Sentinel replicas.',
    time: 'now-6h',
    variables: [instanceVariable()],
    panels: [
      row('Ingest'),
      timeseries({
        title: 'Samples per second, by result',
        description: 'Samples received: accepted (stored), duplicate (already stored), rejected (invalid).',
        w: 8,
        h: 8,
        unit: 'cps',
        queries: [{ expr: `sum by (result) (${rate(METRIC.ingestSamples)})`, legend: '{{result}}' }],
        overrides: resultColours('accepted'),
      }),
      timeseries({
        title: 'Events per second, by result',
        description: 'Work-item events received, by result.',
        w: 8,
        h: 8,
        unit: 'cps',
        queries: [{ expr: `sum by (result) (${rate(METRIC.ingestEvents)})`, legend: '{{result}}' }],
        overrides: resultColours('accepted'),
      }),
      timeseries({
        title: 'Ingest requests per second',
        description: 'Answered ingest requests, by endpoint.',
        w: 8,
        h: 8,
        unit: 'reqps',
        queries: [
          {
            expr: `sum by (endpoint) (${rate(`${METRIC.ingestRequestDuration}_count`)})`,
            legend: '{{endpoint}}',
          },
        ],
      }),
      timeseries({
        title: 'Ingest request latency',
        description: 'Time to answer an ingest request (quantiles from the histogram), by endpoint.',
        w: 24,
        h: 8,
        unit: 's',
        queries: [0.5, 0.95, 0.99].map((q) => ({
          expr: quantile(q, METRIC.ingestRequestDuration, 'le, endpoint'),
          legend: `p${q * 100} {{endpoint}}`,
        })),
      }),
      row('Evaluation'),
      timeseries({
        title: 'Evaluation duration',
        description: 'Time of one evaluation pass over every contract (quantiles from the histogram).',
        w: 8,
        h: 8,
        unit: 's',
        queries: [0.5, 0.95].map((q) => ({
          expr: quantile(q, METRIC.evaluationDuration, 'le'),
          legend: `p${q * 100}`,
        })),
      }),
      timeseries({
        title: 'Evaluation passes, by result',
        description: 'Passes per interval: success, failure, skipped (another pass was still running).',
        w: 8,
        h: 8,
        bars: true,
        decimals: 0,
        queries: [
          {
            expr: `sum by (result) (increase(${ops(METRIC.evaluationRuns)}[$__rate_interval]))`,
            legend: '{{result}}',
          },
        ],
        overrides: resultColours('success'),
      }),
      stat({
        title: 'Time since the last successful evaluation',
        description: 'Statuses and breaches are only as fresh as the last pass; 10 minutes raises an alert.',
        w: 8,
        h: 8,
        unit: 's',
        colorMode: 'background',
        thresholds: steps('green', ['orange', 300], ['red', 600]),
        queries: [
          { expr: `time() - max(${ops(METRIC.evaluationLastSuccess)})`, legend: 'since last success' },
        ],
      }),
      row('Notifications'),
      stat({
        title: 'Notification outbox: pending',
        description: 'Notifications written but not yet mailed (waiting for the sender or a retry).',
        w: 8,
        h: 8,
        thresholds: steps('green', ['orange', 100]),
        queries: [{ expr: `max(${ops(METRIC.notificationsPending)})`, legend: 'pending' }],
      }),
      timeseries({
        title: 'Notifications per second, by result',
        description: 'Mail attempts from the outbox: sent, retry (temporary failure), failed (given up).',
        w: 16,
        h: 8,
        unit: 'cps',
        queries: [
          {
            expr: `sum by (event, result) (${rate(METRIC.notificationsSent)})`,
            legend: '{{event}} {{result}}',
          },
        ],
      }),
      row('Process'),
      timeseries({
        title: 'Memory',
        description: 'Resident set size and V8 heap in use, per replica.',
        w: 8,
        h: 8,
        unit: 'bytes',
        queries: [
          { expr: ops('process_resident_memory_bytes'), legend: 'RSS {{instance}}' },
          { expr: ops('nodejs_heap_size_used_bytes'), legend: 'heap used {{instance}}' },
        ],
      }),
      timeseries({
        title: 'Event-loop lag',
        description: 'How late the Node.js event loop runs timers (prom-client samples it).',
        w: 8,
        h: 8,
        unit: 's',
        queries: [
          { expr: ops('nodejs_eventloop_lag_p99_seconds'), legend: 'p99 {{instance}}' },
          { expr: ops('nodejs_eventloop_lag_mean_seconds'), legend: 'mean {{instance}}' },
        ],
      }),
      timeseries({
        title: 'CPU',
        description: 'CPU time per second of wall time (1 = one core busy), per replica.',
        w: 8,
        h: 8,
        unit: 'percentunit',
        queries: [{ expr: rate('process_cpu_seconds_total'), legend: '{{instance}}' }],
      }),
    ],
  });
}
