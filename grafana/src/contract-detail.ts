import { dashedSeries, stat, stateTimeline, steps, timeseries, valueMap } from './builders';
import { dashboard, type Dashboard } from './dashboard';
import {
  contractVariable,
  forKinds,
  METRIC,
  OBJECTIVE,
  PERCENTAGE_KINDS,
  sla,
  STATUS_COLOURS,
  THRESHOLD_KINDS,
  vendorVariable,
} from './queries';

// One contract over time: how each objective got where it is, and whether the data is fresh.

const latest = (metric: string) => `max by (${OBJECTIVE}) (${sla(metric)})`;

// The status state set as one number per objective, for a state timeline: 0 met … 3 no data.
const STATUS_ORDER = ['met', 'at_risk', 'breached', 'no_data'] as const;
const statusCode = `max by (${OBJECTIVE}) (\n  ${STATUS_ORDER.map(
  (status, code) => `(${sla(METRIC.objectiveStatus, `status="${status}"`)} == 1) * ${code}`,
).join('\n  or ')}\n)`;

const againstTarget = (kinds: string) => [
  { expr: forKinds(latest(METRIC.objectiveAttainment), kinds), legend: '{{objective}}' },
  { expr: forKinds(latest(METRIC.objectiveTarget), kinds), legend: '{{objective}} target' },
];

export function contractDetail(): Dashboard {
  return dashboard({
    uid: 'sla-contract-detail',
    title: 'SLA contract detail',
    description: 'One contract: attainment and error budget over time, burn rate, breaches, data freshness.',
    time: 'now-7d',
    variables: [vendorVariable(), contractVariable({ multi: false })],
    panels: [
      stateTimeline({
        title: 'Status over time',
        description: 'The status of every objective at each evaluation, as Prometheus scraped it.',
        w: 24,
        h: 7,
        queries: [{ expr: statusCode, legend: '{{objective}}' }],
        mappings: [
          valueMap(Object.fromEntries(STATUS_ORDER.map((status, code) => [code, STATUS_COLOURS[status]]))),
        ],
      }),
      timeseries({
        title: 'Attainment: percentage objectives',
        description: 'Fraction good so far in the current period; dashed: the target.',
        w: 12,
        h: 8,
        unit: 'percentunit',
        queries: againstTarget(PERCENTAGE_KINDS),
        overrides: [dashedSeries('.* target$')],
      }),
      timeseries({
        title: 'Attainment: threshold objectives',
        description:
          'The aggregate of the metric so far in the current period, in its unit; dashed: the target.',
        w: 12,
        h: 8,
        queries: againstTarget(THRESHOLD_KINDS),
        overrides: [dashedSeries('.* target$')],
      }),
      timeseries({
        title: 'Error budget remaining',
        description: '1 − consumed, per objective; below zero the budget of the period is overspent.',
        w: 12,
        h: 8,
        unit: 'percentunit',
        thresholdLines: true,
        thresholds: steps('red', ['green', 0]),
        queries: [{ expr: latest(METRIC.objectiveBudgetRemaining), legend: '{{objective}}' }],
      }),
      timeseries({
        title: 'Burn rate (last hour)',
        description:
          'Budget spent over the last hour of measured time relative to the allowed pace: 1 spends the budget exactly by the end of the period; 14.4 alerts.',
        w: 12,
        h: 8,
        thresholdLines: true,
        thresholds: steps('green', ['orange', 1], ['red', 14.4]),
        queries: [{ expr: latest(METRIC.objectiveBurnRate), legend: '{{objective}}' }],
      }),
      timeseries({
        title: 'Breaches',
        description: 'Open breaches by severity, and breaches opened per interval.',
        w: 12,
        h: 8,
        decimals: 0,
        queries: [
          {
            expr: `sum by (severity) (max by (vendor, contract, severity) (${sla(METRIC.breachesOpen)}))`,
            legend: 'open {{severity}}',
          },
          {
            expr: `sum by (severity) (max by (vendor, contract, severity) (increase(${sla(METRIC.breachesOpened)}[$__rate_interval])))`,
            legend: 'opened {{severity}}',
          },
        ],
      }),
      stat({
        title: 'Data freshness per vendor',
        description: 'Age of the newest sample each vendor pushed; an hour without data raises an alert.',
        w: 12,
        h: 8,
        unit: 's',
        thresholds: steps('green', ['orange', 900], ['red', 3600]),
        queries: [
          {
            expr: `time() - max by (vendor) (${METRIC.vendorLastSample}{vendor=~"$vendor"})`,
            legend: '{{vendor}}',
          },
        ],
      }),
    ],
  });
}
