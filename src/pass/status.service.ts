import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { ContractsService } from '../contracts/contracts.service';
import { DeliverablesRepository } from '../contracts/deliverables.repository';
import { deliverableStatus } from '../contracts/domain/deliverable-status';
import { EvaluationResultsRepository } from '../evaluation/evaluation-results.repository';
import type { ObjectiveResult } from '../evaluation/evaluation.result';
import { BreachesRepository } from '../breaches/breaches.repository';
import { monthCredit } from '../statements/domain/credits';
import { isoAt } from '../common/values';
import { LateDataRepository, sampleMetrics } from '../evaluation/late-data.repository';
import { Transactions } from '../database/transactions';

/** `GET /contracts/{key}/status`: the latest stored evaluation of each objective (docs/api.md). */
@Injectable()
export class StatusService {
  constructor(
    private readonly contracts: ContractsService,
    private readonly results: EvaluationResultsRepository,
    private readonly deliverables: DeliverablesRepository,
    private readonly breaches: BreachesRepository,
    private readonly clock: Clock,
    private readonly late: LateDataRepository,
    private readonly transactions: Transactions,
  ) {}

  async status(principal: Principal, key: string) {
    const contract = await this.contracts.visible(principal, key);
    const [stored, deliverables, open] = await Promise.all([
      this.results.forContract(contract.id),
      this.deliverables.listActive(contract.id),
      this.breaches.openByObjective(contract.id),
    ]);
    const byKey = new Map([...stored.values()].map((r) => [r.key, r]));
    const late = await this.late.lateHours(
      this.transactions.autocommit,
      contract.vendorId,
      contract.spec.objectives.flatMap((o) => {
        const r = byKey.get(o.key);
        const metrics = sampleMetrics(o);
        return r && metrics.length > 0
          ? [{ key: o.key, metrics, from: r.period.start, to: Math.min(r.period.end, r.evaluatedAt + 1) }]
          : [];
      }),
    );
    const objectives = contract.spec.objectives.map((o) => {
      const r = byKey.get(o.key);
      const lateData = late.get(o.key);
      return r
        ? {
            ...this.objective(r, open.get(`${r.objectiveId}|${r.period.label}`) ?? null),
            // Hours of the period whose samples (some) arrived more than an hour after the hour ended.
            ...(lateData ? { lateData } : {}),
          }
        : { key: o.key, status: null, evaluatedAt: null };
    });
    const credit = { ...monthCredit(contract.spec, [...stored.values()]), final: false };
    const evaluatedAt = Math.max(0, ...[...stored.values()].map((r) => r.evaluatedAt));
    const now = this.clock.now();
    return {
      contract: contract.key,
      version: contract.currentVersion,
      evaluatedAt: evaluatedAt > 0 ? isoAt(evaluatedAt) : null,
      objectives,
      credit,
      deliverables: deliverables.map((d) => ({
        key: d.key,
        due: d.dueAt.toISOString(),
        status: deliverableStatus(d.dueAt, d.deliveredAt, now),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
      })),
    };
  }

  private objective(r: ObjectiveResult, openBreach: string | null) {
    return {
      key: r.key,
      kind: r.kind,
      status: r.status,
      period: { label: r.period.label, start: isoAt(r.period.start), end: isoAt(r.period.end) },
      attainment: r.attainment,
      target: r.target,
      op: r.op,
      counted: r.counted,
      budget: r.budget,
      burnRate: r.burnRate,
      timeToExhaustionSeconds: r.timeToExhaustionSeconds,
      excludedSeconds: r.excludedSeconds,
      evaluatedAt: isoAt(r.evaluatedAt),
      contractVersion: r.contractVersion,
      openBreach,
      // Present only when the inputs were impossible (the status is then breached whatever they said).
      ...(r.dataError !== undefined ? { dataError: r.dataError } : {}),
      // Items counted as met whose stop arrived only after their due instant (back-dated or late).
      ...(r.lateReported ? { lateReported: r.lateReported } : {}),
    };
  }
}
