import { Family, labelSet } from '../../exposition/domain/text-format';
import { METRIC } from '../../exposition/metric-names';
import type { ContractFacts } from '../../evaluation/evaluation.snapshot';
import type { ObjectiveResult } from '../../evaluation/evaluation.result';

const STATUSES = ['met', 'at_risk', 'breached', 'no_data'] as const;
const DELIVERABLE_STATUSES = ['pending', 'delivered', 'missed', 'delivered_late'] as const;
const SEVERITIES = ['critical', 'major', 'minor'] as const;

/**
 * The SLA series (docs/metrics.md) as exposition text, written from a pass's results and contract
 * facts. Labels are keys and bounded words only (and the objective's title on the info series).
 * Objectives can be added in slices, so a large snapshot is written without one long block.
 */
export class SlaSeries {
  private readonly info = new Family(
    METRIC.objectiveInfo,
    'Objective metadata (always 1), to join on',
    'gauge',
  );
  private readonly attainment = new Family(
    METRIC.objectiveAttainment,
    'Attainment: a fraction for percentage kinds, the metric unit for thresholds',
    'gauge',
  );
  private readonly target = new Family(
    METRIC.objectiveTarget,
    'The target, in the unit of the attainment',
    'gauge',
  );
  private readonly status = new Family(
    METRIC.objectiveStatus,
    'Current status: 1 for the current one of met, at_risk, breached, no_data',
    'gauge',
  );
  private readonly compliant = new Family(
    METRIC.objectiveCompliant,
    '1 when met or at risk, 0 when breached; absent without data',
    'gauge',
  );
  private readonly budget = new Family(
    METRIC.objectiveBudgetRemaining,
    'Error budget remaining, 1 − consumed (negative when overspent)',
    'gauge',
  );
  private readonly burnRate = new Family(
    METRIC.objectiveBurnRate,
    'Burn rate over the last hour of measured time',
    'gauge',
  );
  private readonly periodEnd = new Family(
    METRIC.objectivePeriodEnd,
    'End of the current period (or rolling window), Unix seconds',
    'gauge',
  );
  private readonly breachesOpen = new Family(
    METRIC.breachesOpen,
    'Open breaches (acknowledged included)',
    'gauge',
  );
  // Read from the database's own count: it survives restarts and never goes down.
  private readonly breachesOpened = new Family(METRIC.breachesOpened, 'Breaches ever opened', 'counter');
  private readonly deliverable = new Family(
    METRIC.deliverableStatus,
    'Deliverable state: 1 for the current one',
    'gauge',
  );
  private readonly credit = new Family(
    METRIC.serviceCredit,
    'Service credits accrued in the current month (provisional), in the contract currency',
    'gauge',
  );

  addObjectives(results: readonly ObjectiveResult[]): void {
    for (const r of results) {
      const id: Array<[string, string]> = [
        ['vendor', r.vendorKey],
        ['contract', r.contractKey],
        ['objective', r.key],
      ];
      const labels = labelSet(id);
      this.info.add(
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
      if (r.attainment !== null && Number.isFinite(r.attainment)) this.attainment.add(labels, r.attainment);
      this.target.add(labels, r.target);
      for (const status of STATUSES) {
        this.status.add(labelSet([...id, ['status', status]]), r.status === status ? 1 : 0);
      }
      if (r.status !== 'no_data') this.compliant.add(labels, r.status === 'breached' ? 0 : 1);
      if (r.budget) {
        this.budget.add(labels, Number.isFinite(r.budget.remaining) ? r.budget.remaining : -Infinity);
      }
      if (r.burnRate !== null && Number.isFinite(r.burnRate)) this.burnRate.add(labels, r.burnRate);
      this.periodEnd.add(labels, r.period.end / 1000);
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
        this.breachesOpen.add(labels, b?.open ?? 0);
        this.breachesOpened.add(labels, b?.opened ?? 0);
      }
      for (const d of c.deliverables) {
        for (const status of DELIVERABLE_STATUSES) {
          this.deliverable.add(
            labelSet([...id, ['deliverable', d.key], ['status', status]]),
            d.status === status ? 1 : 0,
          );
        }
      }
      if (c.credit) this.credit.add(labelSet([...id, ['currency', c.credit.currency]]), c.credit.amount);
    }
  }

  private families(): Family[] {
    return [
      this.info,
      this.attainment,
      this.target,
      this.status,
      this.compliant,
      this.budget,
      this.burnRate,
      this.periodEnd,
      this.breachesOpen,
      this.breachesOpened,
      this.deliverable,
      this.credit,
    ];
  }

  /** Joins what was added so far, so the final text is a few large chunks, not 100 000 lines. */
  seal(): void {
    for (const f of this.families()) f.seal();
  }

  /** Every family (HELP and TYPE even without samples), in the order of docs/metrics.md. */
  chunks(): string[] {
    return this.families().flatMap((f) => f.chunks());
  }

  toString(): string {
    return this.chunks().join('');
  }
}
