import { METRIC } from '../../src/exposition/metric-names';
import { labelValues, type QueryVariable } from './dashboard';

// PromQL shared by the dashboards. Several replicas export the same SLA gauges (each from its last
// pass), so SLA series are first reduced with `max by` over their identifying labels.

export { METRIC };

/** The selector every SLA query carries: the dashboard's vendor and contract variables. */
const SLA_FILTER = 'vendor=~"$vendor", contract=~"$contract"';

/** `metric{vendor=~"$vendor", contract=~"$contract", …extra}` */
export function sla(metric: string, ...extra: string[]): string {
  return `${metric}{${[SLA_FILTER, ...extra].join(', ')}}`;
}

/** Operational series carry no vendor or contract: they filter on the scraped replica. */
export function ops(metric: string): string {
  return `${metric}{instance=~"$instance"}`;
}

export const OBJECTIVE = 'vendor, contract, objective';

/** The series of `expr` limited to objectives of some kinds (joined on sla_objective_info). */
export function forKinds(expr: string, kindMatcher: string, by = OBJECTIVE): string {
  return `(${expr}) and on (${by}) max by (${by}) (${sla(METRIC.objectiveInfo, kindMatcher)})`;
}

export const PERCENTAGE_KINDS = 'kind!="threshold"';
export const THRESHOLD_KINDS = 'kind="threshold"';

export const vendorVariable = (): QueryVariable =>
  labelValues('vendor', 'Vendor', `label_values(${METRIC.objectiveInfo}, vendor)`);

export const contractVariable = (options: { multi: boolean }): QueryVariable =>
  labelValues(
    'contract',
    'Contract',
    `label_values(${METRIC.objectiveInfo}{vendor=~"$vendor"}, contract)`,
    options,
  );

export const instanceVariable = (): QueryVariable =>
  labelValues('instance', 'Replica', `label_values(${METRIC.evaluationRuns}, instance)`);

export const STATUS_COLOURS = {
  met: ['Met', 'green'],
  at_risk: ['At risk', 'orange'],
  breached: ['Breached', 'red'],
  no_data: ['No data', '#8e8e8e'],
} as const;
