import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ContractSpec } from '../contracts/domain/contract.types';
import type { MailBreach, MailContract } from './domain/compose';
import type { Audience } from './domain/recipients';

export interface MailContext {
  contract: MailContract;
  audience: Audience;
}

/** What a mail needs at send time: the contract's current version and people, and the breach. */
@Injectable()
export class MailContextRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async contract(contractId: string): Promise<MailContext | undefined> {
    const rows: Array<{ key: string; vendor: string; contacts: string[]; spec: ContractSpec }> =
      await this.dataSource.query(
        `SELECT c.key, v.key AS vendor, v.contacts, cv.spec
           FROM contracts c JOIN vendors v ON v.id = c.vendor_id
           JOIN contract_versions cv ON cv.contract_id = c.id AND cv.version = c.current_version
          WHERE c.id = $1`,
        [contractId],
      );
    const row = rows[0];
    if (!row) return undefined;
    const spec = row.spec;
    return {
      contract: {
        id: contractId,
        key: row.key,
        title: spec.title,
        vendor: row.vendor,
        timezone: spec.timezone,
        objectives: spec.objectives.map((o) => ({
          key: o.key,
          title: o.title,
          responsible: o.responsible,
          severity: o.severity,
          kind: o.indicator.kind,
        })),
        deliverables: spec.deliverables.map((d) => ({
          key: d.key,
          title: d.title,
          responsible: d.responsible,
        })),
      },
      audience: {
        owners: spec.owners,
        vendorContacts: spec.vendorContacts ?? row.contacts,
        notifyVendor: spec.notifyVendor,
      },
    };
  }

  async breach(id: string): Promise<MailBreach | undefined> {
    const rows: Array<
      Omit<MailBreach, 'periodStart' | 'periodEnd' | 'openedAt' | 'due'> &
        Record<'periodStart' | 'periodEnd' | 'openedAt', Date> & { due: Date | null }
    > = await this.dataSource.query(
      `SELECT b.id, o.key AS objective, d.key AS deliverable, b.severity, b.period_label AS "periodLabel",
                b.period_start AS "periodStart", b.period_end AS "periodEnd", b.opened_at AS "openedAt",
                b.attainment_at_open AS "attainmentAtOpen", b.target, b.op, d.due_at AS due
           FROM breaches b LEFT JOIN objectives o ON o.id = b.objective_id
           LEFT JOIN deliverables d ON d.id = b.deliverable_id
          WHERE b.id = $1`,
      [id],
    );
    const r = rows[0];
    if (!r) return undefined;
    return {
      ...r,
      periodStart: r.periodStart.toISOString(),
      periodEnd: r.periodEnd.toISOString(),
      openedAt: r.openedAt.toISOString(),
      due: r.due?.toISOString() ?? null,
    };
  }
}
