import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly deliverables: DeliverablesRepository,
  ) {}

  async collect(
    contracts: ActiveContract[],
    results: ObjectiveResult[],
    now: Date,
  ): Promise<ContractFacts[]> {
    const ids = contracts.map((c) => c.id);
    const breaches: Array<{ contract_id: string; severity: string; open: string; opened: string }> =
      await this.dataSource.query(
        `SELECT contract_id, severity, count(*) FILTER (WHERE status IN ('open', 'acknowledged')) AS open, count(*) AS opened
           FROM breaches WHERE contract_id = ANY($1::uuid[]) GROUP BY 1, 2`,
        [ids],
      );
    const deliverables = await this.deliverables.activeOf(ids);
    return contracts.map((c) => {
      const mine = results.filter((r) => r.contractId === c.id);
      const credit = monthCredit(c.spec, mine);
      return {
        vendor: c.vendorKey,
        contract: c.key,
        breaches: breaches
          .filter((b) => b.contract_id === c.id)
          .map((b) => ({ severity: b.severity, open: Number(b.open), opened: Number(b.opened) })),
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
