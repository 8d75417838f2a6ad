import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BreachesRepository } from '../breaches/breaches.repository';
import { DeliverablesRepository } from '../contracts/deliverables.repository';
import type { CalendarUnit } from '../contracts/domain/contract.types';
import { deliverableStatus } from '../contracts/domain/deliverable-status';
import type { Period } from '../common/time/calendar';
import type { ActiveContract } from '../contracts/active-contracts.repository';
import type { ObjectiveResult } from '../evaluation/evaluation.result';
import { ObjectiveEvaluator } from '../evaluation/objective-evaluator';
import { buildStatement, type StatementBody } from './domain/statement';
import type { Instant } from '../common/time/instant';

/** A statement's content from the engine's figures for a period, the period's breaches and deliverables. */
@Injectable()
export class StatementComposer {
  constructor(
    private readonly objectives: ObjectiveEvaluator,
    private readonly breaches: BreachesRepository,
    private readonly deliverables: DeliverablesRepository,
  ) {}

  objectivesOf(c: ActiveContract, unit: CalendarUnit) {
    return c.spec.objectives.filter((o) => o.period.type === 'calendar' && o.period.unit === unit);
  }

  /** Engine results for the objectives of `unit` over the whole period, judged at `now`. */
  figures(c: ActiveContract, unit: CalendarUnit, period: Period, now: Instant): Promise<ObjectiveResult[]> {
    return this.objectives.evaluate(this.objectives.tasks(c, now, this.objectivesOf(c, unit), period), now);
  }

  async compose(
    em: EntityManager,
    c: ActiveContract,
    unit: CalendarUnit,
    period: Period,
    now: Instant,
    results: ObjectiveResult[],
    chain: {
      version: number | null;
      final: boolean;
      previousSha256: string | null;
      restatement?: { reason: string; by: string };
    },
  ): Promise<StatementBody> {
    const byObjective = await this.breaches.breachIdsOf(em, c.id, period.label);
    const breaches = new Map<string, string[]>();
    for (const [key, id] of c.objectiveIds) breaches.set(key, byObjective.get(id) ?? []);
    const deliverables = (await this.deliverables.activeOf(em, [c.id]))
      .filter((d) => d.dueAt.getTime() >= period.start && d.dueAt.getTime() < period.end)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key))
      .map((d) => ({
        key: d.key,
        due: d.dueAt.toISOString(),
        status: deliverableStatus(d.dueAt, d.deliveredAt, now),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
      }));
    return buildStatement({
      spec: c.spec,
      contractKey: c.key,
      contractVersion: c.version,
      version: chain.version,
      final: chain.final,
      closedAt: chain.final ? now : null,
      unit,
      period,
      objectives: this.objectivesOf(c, unit),
      figures: results,
      breaches,
      deliverables,
      previousSha256: chain.previousSha256,
      restatement: chain.restatement,
    });
  }
}
