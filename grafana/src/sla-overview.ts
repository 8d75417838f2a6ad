import { barGauge, colourColumn, seriesColour, stat, steps, table, valueMap } from './builders';
import { dashboard, type Dashboard } from './dashboard';
import {
  contractVariable,
  METRIC,
  OBJECTIVE,
  PERCENTAGE_KINDS,
  sla,
  STATUS_COLOURS,
  THRESHOLD_KINDS,
  vendorVariable,
} from './queries';

// For managers: every contract and objective of the selected vendors at a glance.

const statusNow = `max by (${OBJECTIVE}, status) (${sla(METRIC.objectiveStatus)}) == 1`;
// sla_objective_info is always 1: multiplying copies its labels and keeps only the matching objectives.
const withInfo = (expr: string, labels: string, ...infoMatchers: string[]) =>
  `(${expr}) * on (${OBJECTIVE}) group_left (${labels}) max by (${OBJECTIVE}, ${labels}) (${sla(METRIC.objectiveInfo, ...infoMatchers)})`;
const latest = (metric: string) => `max by (${OBJECTIVE}) (${sla(metric)})`;

const attainmentTable = (title: string, kinds: string, unit: string, description: string) =>
  table({
    title,
    description,
    w: 12,
    h: 9,
    unit,
    decimals: unit === 'percentunit' ? 3 : 2,
    queries: [
      { expr: withInfo(latest(METRIC.objectiveAttainment), 'title', kinds) },
      { expr: withInfo(latest(METRIC.objectiveTarget), 'title', kinds) },
    ],
    columns: {
      vendor: 'Vendor',
      contract: 'Contract',
      objective: 'Objective',
      title: 'Title',
      'Value #A': 'Attainment',
      'Value #B': 'Target',
    },
  });

export function slaOverview(): Dashboard {
  return dashboard({
    uid: 'sla-overview',
    title: 'SLA overview',
    description:
      'Every contract and objective: status, attainment against target, budget, breaches, credits.',
    time: 'now-24h',
    variables: [vendorVariable(), contractVariable({ multi: true })],
    panels: [
      stat({
        title: 'Objectives by status',
        description:
          'How many objectives are met, at risk, breached or without data in their current period.',
        w: 8,
        h: 5,
        colorMode: 'background',
        queries: [{ expr: `count by (status) (${statusNow})`, legend: '{{status}}' }],
        overrides: Object.entries(STATUS_COLOURS).map(([status, [, colour]]) => seriesColour(status, colour)),
      }),
      stat({
        title: 'Open breaches by severity',
        description: 'Open breaches (acknowledged included) of the selected contracts.',
        w: 8,
        h: 5,
        colorMode: 'background',
        thresholds: steps('green', ['red', 1]),
        queries: [
          {
            expr: `sum by (severity) (max by (vendor, contract, severity) (${sla(METRIC.breachesOpen)}))`,
            legend: '{{severity}}',
          },
        ],
      }),
      stat({
        title: 'Service credits accrued this month',
        description: 'Provisional credits the vendor owes for the current month, in the contract currency.',
        w: 8,
        h: 5,
        decimals: 2,
        thresholds: steps('green', ['orange', 0.01]),
        queries: [
          {
            expr: `sum by (contract, currency) (max by (vendor, contract, currency) (${sla(METRIC.serviceCredit)}))`,
            legend: '{{contract}} ({{currency}})',
          },
        ],
      }),
      table({
        title: 'Status per objective',
        description: 'The current status of every objective, from the last evaluation pass.',
        w: 24,
        h: 9,
        queries: [{ expr: withInfo(statusNow, 'title, severity, responsible') }],
        columns: {
          vendor: 'Vendor',
          contract: 'Contract',
          objective: 'Objective',
          title: 'Title',
          severity: 'Severity',
          responsible: 'Responsible',
          status: 'Status',
        },
        hide: ['Value'],
        overrides: [colourColumn('Status', valueMap(STATUS_COLOURS))],
      }),
      attainmentTable(
        'Attainment vs target: percentage objectives',
        PERCENTAGE_KINDS,
        'percentunit',
        'Ratio, time-slice, deadline and freshness objectives: the fraction good so far this period.',
      ),
      attainmentTable(
        'Attainment vs target: threshold objectives',
        THRESHOLD_KINDS,
        'none',
        'Threshold objectives, in the unit of their metric (e.g. milliseconds).',
      ),
      barGauge({
        title: 'Error budget remaining',
        description: '1 − consumed: below zero the objective has spent more than its period allows.',
        w: 12,
        h: 9,
        unit: 'percentunit',
        min: 0,
        max: 1,
        thresholds: steps('red', ['orange', 0], ['green', 0.25]),
        queries: [{ expr: latest(METRIC.objectiveBudgetRemaining), legend: '{{contract}} / {{objective}}' }],
      }),
      table({
        title: 'Deliverables',
        description: 'One-off deliverables of the selected contracts and their state.',
        w: 12,
        h: 9,
        queries: [
          {
            expr: `max by (vendor, contract, deliverable, status) (${sla(METRIC.deliverableStatus)}) == 1`,
          },
        ],
        columns: { vendor: 'Vendor', contract: 'Contract', deliverable: 'Deliverable', status: 'Status' },
        hide: ['Value'],
        overrides: [
          colourColumn(
            'Status',
            valueMap({
              pending: ['Pending', 'blue'],
              delivered: ['Delivered', 'green'],
              delivered_late: ['Delivered late', 'orange'],
              missed: ['Missed', 'red'],
            }),
          ),
        ],
      }),
    ],
  });
}
