import { Family, labelSet } from '../../exposition/domain/text-format';
import { METRIC } from '../../exposition/metric-names';
import type { ContractFacts } from '../../evaluation/evaluation.snapshot';
import type { ObjectiveResult } from '../../evaluation/evaluation.result';

const STATUSES = ['met', 'at_risk', 'breached', 'no_data'] as const;
const DELIVERABLE_STATUSES = ['pending', 'delivered', 'missed', 'delivered_late'] as const;
const SEVERITIES = ['critical', 'major', 'minor'] as const;

/** HELP text of each SLA series, in the order of docs/metrics.md (the order they are written). */
const HELP = {
  objectiveInfo: 'Objective metadata (always 1), to join on',
  objectiveAttainment: 'Attainment: a fraction for percentage kinds, the metric unit for thresholds',
  objectiveTarget: 'The target, in the unit of the attainment',
  objectiveStatus: 'Current status: 1 for the current one of met, at_risk, breached, no_data',
  objectiveCompliant: '1 when met or at risk, 0 when breached; absent without data',
  objectiveBudgetRemaining: 'Error budget remaining, 1 − consumed (negative when overspent)',
  objectiveBurnRate: 'Burn rate over the last hour of measured time',
  objectivePeriodEnd: 'End of the current period (or rolling window), Unix seconds',
  breachesOpen: 'Open breaches (acknowledged included)',
  // Read from the database's own count: it survives restarts and never goes down.
  breachesOpened: 'Breaches ever opened',
  deliverableStatus: 'Deliverable state: 1 for the current one',
  serviceCredit: 'Service credits accrued in the current month (provisional), in the contract currency',
} as const satisfies Partial<Record<keyof typeof METRIC, string>>;
type Series = keyof typeof HELP;
/** Every other series is a gauge. */
const COUNTERS: ReadonlySet<Series> = new Set(['breachesOpened']);

/**
 * The SLA series (docs/metrics.md) as exposition text, written from a pass's results and contract
 * facts. Labels are keys and bounded words only (and the objective's title on the info series).
 * Objectives can be added in slices, so a large snapshot is written without one long block.
 */
export class SlaSeries {
  /** One family per series, in HELP's order (insertion order, which Object.values keeps). */
  private readonly f = Object.fromEntries(
    (Object.keys(HELP) as Series[]).map((k) => [
      k,
      new Family(METRIC[k], HELP[k], COUNTERS.has(k) ? 'counter' : 'gauge'),
    ]),
  ) as Record<Series, Family>;

  addObjectives(results: readonly ObjectiveResult[]): void {
    for (const r of results) {
      const id: Array<[string, string]> = [
        ['vendor', r.vendorKey],
        ['contract', r.contractKey],
        ['objective', r.key],
      ];
      const labels = labelSet(id);
      this.f.objectiveInfo.add(
        labelSet([
          ...id,
          ['kind', r.kind],
          ['period', r.periodText],
          ['responsible', r.responsible],
          ['severity', r.severity],
          ['title', r.title],
        ]),
        1,
      );
      if (r.attainment !== null && Number.isFinite(r.attainment)) {
        this.f.objectiveAttainment.add(labels, r.attainment);
      }
      this.f.objectiveTarget.add(labels, r.target);
      for (const status of STATUSES) {
        this.f.objectiveStatus.add(labelSet([...id, ['status', status]]), r.status === status ? 1 : 0);
      }
      if (r.status !== 'no_data') this.f.objectiveCompliant.add(labels, r.status === 'breached' ? 0 : 1);
      if (r.budget) {
        this.f.objectiveBudgetRemaining.add(
          labels,
          Number.isFinite(r.budget.remaining) ? r.budget.remaining : -Infinity,
        );
      }
      if (r.burnRate !== null && Number.isFinite(r.burnRate)) {
        this.f.objectiveBurnRate.add(labels, r.burnRate);
      }
      this.f.objectivePeriodEnd.add(labels, r.period.end / 1000);
    }
  }

  addContracts(facts: readonly ContractFacts[]): void {
    for (const c of facts) {
      const id: Array<[string, string]> = [
        ['vendor', c.vendor],
        ['contract', c.contract],
      ];
      // Every severity, 0 where nothing opened, so the first breach is an increase Prometheus sees.
      for (const severity of SEVERITIES) {
        const b = c.breaches.find((x) => x.severity === severity);
        const labels = labelSet([...id, ['severity', severity]]);
        this.f.breachesOpen.add(labels, b?.open ?? 0);
        this.f.breachesOpened.add(labels, b?.opened ?? 0);
      }
      for (const d of c.deliverables) {
        for (const status of DELIVERABLE_STATUSES) {
          this.f.deliverableStatus.add(
            labelSet([...id, ['deliverable', d.key], ['status', status]]),
            d.status === status ? 1 : 0,
          );
        }
      }
      if (c.credit) {
        this.f.serviceCredit.add(labelSet([...id, ['currency', c.credit.currency]]), c.credit.amount);
      }
    }
  }

  /** Joins what was added so far, so the final text is a few large chunks, not 100 000 lines. */
  seal(): void {
    for (const f of Object.values(this.f)) f.seal();
  }

  /** Every family (HELP and TYPE even without samples), in the order of docs/metrics.md. */
  chunks(): string[] {
    return Object.values(this.f).flatMap((f) => f.chunks());
  }

  toString(): string {
    return this.chunks().join('');
  }
}
