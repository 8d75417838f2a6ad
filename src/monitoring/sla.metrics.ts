import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { type ContractFacts, EvaluationSnapshot } from '../evaluation/evaluation.snapshot';
import { METRIC } from '../exposition/metric-names';
import { MetricsRegistry } from '../exposition/metrics.registry';

const OBJECTIVE = ['vendor', 'contract', 'objective'] as const;
const STATUSES = ['met', 'at_risk', 'breached', 'no_data'] as const;
const DELIVERABLE_STATUSES = ['pending', 'delivered', 'missed', 'delivered_late'] as const;
const SEVERITIES = ['critical', 'major', 'minor'] as const;

/** Every severity of a contract, 0 where it has no breach, so the first one is an increase from 0. */
function bySeverity(c: ContractFacts): Array<{ severity: string; open: number; opened: number }> {
  return SEVERITIES.map(
    (severity) => c.breaches.find((b) => b.severity === severity) ?? { severity, open: 0, opened: 0 },
  );
}

/**
 * The SLA series of observability.md, filled in collect() from the last pass held in memory: a
 * scrape costs the same whatever the history, and series of removed objectives disappear with the
 * next pass. Labels are keys and bounded words only.
 */
@Injectable()
export class SlaMetrics {
  constructor(metrics: MetricsRegistry, snapshot: EvaluationSnapshot) {
    const registers = [metrics.registry];
    const results = () => snapshot.all();
    const contracts = () => snapshot.contracts();
    const gauge = <L extends string>(
      name: string,
      help: string,
      labelNames: readonly L[],
      fill: (g: Gauge<L>) => void,
    ) =>
      new Gauge<L>({
        name,
        help,
        labelNames,
        registers,
        collect() {
          this.reset();
          fill(this);
        },
      });
    const id = (r: { vendorKey: string; contractKey: string; key: string }) => ({
      vendor: r.vendorKey,
      contract: r.contractKey,
      objective: r.key,
    });

    gauge(
      METRIC.objectiveInfo,
      'Objective metadata (always 1), to join on',
      [...OBJECTIVE, 'kind', 'period', 'responsible', 'severity', 'title'],
      (g) => {
        for (const r of results()) {
          g.set(
            {
              ...id(r),
              kind: r.kind,
              period: r.periodText,
              responsible: r.responsible,
              severity: r.severity,
              title: r.title,
            },
            1,
          );
        }
      },
    );
    gauge(
      METRIC.objectiveAttainment,
      'Attainment: a fraction for percentage kinds, the metric unit for thresholds',
      OBJECTIVE,
      (g) => {
        for (const r of results())
          if (r.attainment !== null && Number.isFinite(r.attainment)) g.set(id(r), r.attainment);
      },
    );
    gauge(METRIC.objectiveTarget, 'The target, in the unit of the attainment', OBJECTIVE, (g) => {
      for (const r of results()) g.set(id(r), r.target);
    });
    gauge(
      METRIC.objectiveStatus,
      'Current status: 1 for the current one of met, at_risk, breached, no_data',
      [...OBJECTIVE, 'status'],
      (g) => {
        for (const r of results())
          for (const status of STATUSES) g.set({ ...id(r), status }, r.status === status ? 1 : 0);
      },
    );
    gauge(
      METRIC.objectiveCompliant,
      '1 when met or at risk, 0 when breached; absent without data',
      OBJECTIVE,
      (g) => {
        for (const r of results()) if (r.status !== 'no_data') g.set(id(r), r.status === 'breached' ? 0 : 1);
      },
    );
    gauge(
      METRIC.objectiveBudgetRemaining,
      'Error budget remaining, 1 − consumed (negative when overspent)',
      OBJECTIVE,
      (g) => {
        for (const r of results())
          if (r.budget) g.set(id(r), Number.isFinite(r.budget.remaining) ? r.budget.remaining : -Infinity);
      },
    );
    gauge(METRIC.objectiveBurnRate, 'Burn rate over the last hour of measured time', OBJECTIVE, (g) => {
      for (const r of results())
        if (r.burnRate !== null && Number.isFinite(r.burnRate)) g.set(id(r), r.burnRate);
    });
    gauge(
      METRIC.objectivePeriodEnd,
      'End of the current period (or rolling window), Unix seconds',
      OBJECTIVE,
      (g) => {
        for (const r of results()) g.set(id(r), r.period.end / 1000);
      },
    );
    gauge(
      METRIC.breachesOpen,
      'Open breaches (acknowledged included)',
      ['vendor', 'contract', 'severity'],
      (g) => {
        for (const c of contracts())
          for (const b of bySeverity(c))
            g.set({ vendor: c.vendor, contract: c.contract, severity: b.severity }, b.open);
      },
    );
    gauge(
      METRIC.deliverableStatus,
      'Deliverable state: 1 for the current one',
      ['vendor', 'contract', 'deliverable', 'status'],
      (g) => {
        for (const c of contracts()) {
          for (const d of c.deliverables) {
            for (const status of DELIVERABLE_STATUSES) {
              g.set(
                { vendor: c.vendor, contract: c.contract, deliverable: d.key, status },
                d.status === status ? 1 : 0,
              );
            }
          }
        }
      },
    );
    gauge(
      METRIC.serviceCredit,
      'Service credits accrued in the current month (provisional), in the contract currency',
      ['vendor', 'contract', 'currency'],
      (g) => {
        for (const c of contracts())
          if (c.credit)
            g.set({ vendor: c.vendor, contract: c.contract, currency: c.credit.currency }, c.credit.amount);
      },
    );
    // A counter read from the database's own count: it survives restarts and never goes down.
    new Counter({
      name: METRIC.breachesOpened,
      help: 'Breaches ever opened',
      labelNames: ['vendor', 'contract', 'severity'],
      registers,
      collect() {
        this.reset();
        for (const c of contracts())
          for (const b of bySeverity(c))
            this.inc({ vendor: c.vendor, contract: c.contract, severity: b.severity }, b.opened);
      },
    });
  }
}
