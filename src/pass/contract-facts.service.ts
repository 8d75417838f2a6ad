import { Injectable } from '@nestjs/common';
import { BreachQueriesRepository } from '../breaches/breach-queries.repository';
import { Transactions } from '../database/transactions';
import type { Instant } from '../common/time/instant';
import { DeliverablesRepository } from '../contracts/deliverables.repository';
import { deliverableStatus } from '../contracts/domain/deliverable-status';
import type { ActiveContract } from '../contracts/active-contracts.repository';
import type { ContractFacts } from '../evaluation/evaluation.snapshot';
import type { ObjectiveResult } from '../evaluation/evaluation.result';
import { monthCredit } from '../statements/domain/credits';

/** Breach counts, deliverable states and the month's provisional credit per contract, after a pass. */
@Injectable()
export class ContractFactsService {
  constructor(
    private readonly breachQueries: BreachQueriesRepository,
    private readonly deliverables: DeliverablesRepository,
    private readonly transactions: Transactions,
  ) {}

  async collect(
    contracts: ActiveContract[],
    results: ObjectiveResult[],
    now: Instant,
  ): Promise<ContractFacts[]> {
    const ids = contracts.map((c) => c.id);
    const breaches = await this.breachQueries.countsBySeverity(ids);
    const deliverables = await this.deliverables.activeOf(this.transactions.autocommit, ids);
    return contracts.map((c) => {
      const mine = results.filter((r) => r.contractId === c.id);
      const credit = monthCredit(c.spec, mine);
      return {
        vendor: c.vendorKey,
        contract: c.key,
        breaches: breaches
          .filter((b) => b.contractId === c.id)
          .map((b) => ({ severity: b.severity, open: b.open, opened: b.opened })),
        deliverables: deliverables
          .filter((d) => d.contractId === c.id)
          .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
          .map((d) => ({ key: d.key, status: deliverableStatus(d.dueAt, d.deliveredAt, now) })),
        ...(credit.amount !== undefined && credit.currency
          ? { credit: { amount: credit.amount, currency: credit.currency } }
          : {}),
      };
    });
  }
}
