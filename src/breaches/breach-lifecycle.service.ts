import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Objective } from '../contracts/domain/contract.types';
import type { ActiveContract } from '../contracts/active-contracts.repository';
import type { ObjectiveResult } from '../evaluation/evaluation.result';
import { atRiskPeriodKey, type ObjectivePayload, outboxEvent } from '../outbox/outbox.events';
import { OutboxRepository } from '../outbox/outbox.repository';
import { LateDataRepository, sampleMetrics } from '../evaluation/late-data.repository';
import { BreachesRepository, type OpenBreach } from './breaches.repository';
import { DeliverablesRepository } from '../contracts/deliverables.repository';
import { DeliverableBreaches, type LifecycleCounts, type Tally } from './deliverable-breaches';
import { breachAction, isRecoverable, reminderNumber } from './domain/lifecycle';
import type { Instant } from '../common/time/instant';

export type { LifecycleCounts } from './deliverable-breaches';

/**
 * Turns a pass's results into breach state (rules in src/breaches/domain/lifecycle.ts), writing each change, its timeline entry and
 * its outbox event in the caller's transaction. Idempotent: the unique indexes and event keys make a
 * second run at the same instant (or on another replica) change nothing.
 */
@Injectable()
export class BreachLifecycleService {
  constructor(
    private readonly breaches: BreachesRepository,
    private readonly outbox: OutboxRepository,
    private readonly deliverableSteps: DeliverableBreaches,
    private readonly late: LateDataRepository,
    private readonly deliverables: DeliverablesRepository,
  ) {}

  async apply(
    em: EntityManager,
    contracts: ActiveContract[],
    results: ObjectiveResult[],
    now: Instant,
  ): Promise<LifecycleCounts> {
    const counts: Tally = { opened: 0, resolved: 0, closedIds: new Set<string>() };
    const ids = contracts.map((c) => c.id);
    const unresolved = await this.breaches.unresolved(em, ids);
    const byContract = new Map(contracts.map((c) => [c.id, c]));
    for (const r of results) {
      const contract = byContract.get(r.contractId);
      const objective = contract?.spec.objectives.find((o) => o.key === r.key);
      if (!contract || !objective) continue;
      await this.objectiveStep(em, contract, objective, r, unresolved, now, counts);
    }
    const deliverables = await this.deliverables.activeOf(em, ids);
    const withBreach = await this.breaches.deliverablesWithBreach(em, ids);
    for (const d of deliverables) {
      const contract = byContract.get(d.contractId);
      if (contract) await this.deliverableSteps.step(em, contract, d, unresolved, withBreach, now, counts);
    }
    // Last, so a breach resolved or delivered in this pass gets no reminder.
    await this.reminders(
      em,
      contracts,
      unresolved.filter((b) => !counts.closedIds.has(b.id)),
      now,
    );
    return { opened: counts.opened, resolved: counts.resolved };
  }

  private payload(c: ActiveContract, o: Objective, r: ObjectiveResult, breachId?: string): ObjectivePayload {
    return {
      contract: c.key,
      contractTitle: c.spec.title,
      vendor: c.vendorKey,
      objective: o.key,
      title: o.title,
      kind: o.indicator.kind,
      severity: o.severity,
      responsible: o.responsible,
      period: {
        label: r.period.label,
        start: new Date(r.period.start).toISOString(),
        end: new Date(r.period.end).toISOString(),
      },
      attainment: r.attainment !== null && Number.isFinite(r.attainment) ? r.attainment : null,
      target: r.target,
      op: r.op,
      ...(breachId ? { breachId } : {}),
    };
  }

  /**
   * What a timeline entry should say about the figure's inputs: impossible counts, items whose stop
   * was reported after their due, hours whose samples arrived late (read only when a breach changes).
   */
  private async inputFacts(
    em: EntityManager,
    c: ActiveContract,
    o: Objective,
    r: ObjectiveResult,
  ): Promise<Record<string, unknown>> {
    const metrics = sampleMetrics(o);
    const late =
      metrics.length > 0
        ? await this.late.lateHours(em, c.vendorId, [
            { key: o.key, metrics, from: r.period.start, to: Math.min(r.period.end, r.evaluatedAt + 1) },
          ])
        : undefined;
    const lateData = late?.get(o.key);
    return {
      ...(r.dataError !== undefined ? { dataError: r.dataError } : {}),
      ...(r.lateReported ? { lateReported: r.lateReported } : {}),
      ...(lateData ? { lateData } : {}),
    };
  }

  private async objectiveStep(
    em: EntityManager,
    c: ActiveContract,
    o: Objective,
    r: ObjectiveResult,
    unresolved: OpenBreach[],
    now: Instant,
    counts: Tally,
  ): Promise<void> {
    const at = new Date(now);
    const periodKey = atRiskPeriodKey(r.period.label, o.period.type === 'rolling', now);
    if (r.status === 'at_risk') {
      await this.breaches.recordAtRisk(em, r.objectiveId, periodKey, at, r.attainment);
      await this.outbox.record(
        em,
        c.id,
        at,
        outboxEvent.atRisk(r.objectiveId, periodKey, this.payload(c, o, r)),
      );
    }
    const open = unresolved.find((b) => b.objectiveId === r.objectiveId && b.periodLabel === r.period.label);
    const action = breachAction(r.status, open !== undefined, isRecoverable(o));
    if (action === 'open') {
      const id = await this.breaches.open(em, {
        contractId: c.id,
        kind: 'objective',
        objectiveId: r.objectiveId,
        severity: o.severity,
        status: 'open',
        recoverable: isRecoverable(o),
        period: r.period,
        openedAt: at,
        attainment: r.attainment,
        target: r.target,
        op: r.op,
      });
      if (!id) return;
      counts.opened++;
      const atRisk = await this.breaches.atRiskOnset(em, r.objectiveId, periodKey);
      if (atRisk) await this.breaches.addEvent(em, id, atRisk.since, 'at_risk', atRisk.attainment);
      await this.breaches.addEvent(em, id, at, 'opened', r.attainment, {
        status: r.status,
        budget: r.budget,
        ...(await this.inputFacts(em, c, o, r)),
      });
      await this.outbox.record(em, c.id, at, outboxEvent.breachOpened(id, this.payload(c, o, r, id)));
    } else if (action === 'resolve' && open) {
      if (!(await this.breaches.close(em, open.id, 'resolved', at))) return;
      counts.resolved++;
      counts.closedIds.add(open.id);
      await this.breaches.addEvent(em, open.id, at, 'resolved', r.attainment, {
        status: r.status,
        ...(await this.inputFacts(em, c, o, r)),
      });
      await this.outbox.record(
        em,
        c.id,
        at,
        outboxEvent.breachResolved(open.id, this.payload(c, o, r, open.id)),
      );
    }
  }

  /** `breach.reminder` number n once n × repeatInterval has passed since opening, while unacknowledged. */
  private async reminders(
    em: EntityManager,
    contracts: ActiveContract[],
    unresolved: OpenBreach[],
    now: Instant,
  ) {
    const at = new Date(now);
    for (const b of unresolved) {
      const c = contracts.find((x) => x.id === b.contractId);
      if (!c || b.status !== 'open') continue;
      const n = reminderNumber(b.openedAt.getTime(), now, c.spec.repeatIntervalSeconds * 1000);
      if (n < 1) continue;
      await this.outbox.record(
        em,
        c.id,
        at,
        outboxEvent.breachReminder({
          contract: c.key,
          vendor: c.vendorKey,
          breachId: b.id,
          period: b.periodLabel,
          reminder: n,
          openedAt: b.openedAt.toISOString(),
        }),
      );
    }
  }
}
