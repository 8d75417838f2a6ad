import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { BreachStatus } from './domain/lifecycle';
import { isoAt, finiteOrNull } from '../common/values';

export interface OpenBreach {
  id: string;
  contractId: string;
  objectiveId: string | null;
  deliverableId: string | null;
  periodLabel: string;
  status: BreachStatus;
  openedAt: Date;
  acknowledgedAt: Date | null;
}

export interface NewBreach {
  contractId: string;
  kind: 'objective' | 'deliverable';
  objectiveId?: string;
  deliverableId?: string;
  severity: string;
  status: BreachStatus;
  recoverable: boolean;
  period: { label: string; start: number; end: number };
  openedAt: Date;
  attainment: number | null;
  target: number | null;
  op: string | null;
  resolvedAt?: Date;
}

/** Breach rows and their timelines; every write takes the caller's transaction. */
@Injectable()
export class BreachesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async unresolved(em: EntityManager, contractIds: string[]): Promise<OpenBreach[]> {
    if (contractIds.length === 0) return [];
    return em.query(
      `SELECT id, contract_id AS "contractId", objective_id AS "objectiveId", deliverable_id AS "deliverableId",
              period_label AS "periodLabel", status, opened_at AS "openedAt", acknowledged_at AS "acknowledgedAt"
         FROM breaches WHERE contract_id = ANY($1::uuid[]) AND status IN ('open', 'acknowledged')`,
      [contractIds],
    );
  }

  /** Open (or acknowledged) objective breaches of a contract: id by `objectiveId|periodLabel`. */
  async openByObjective(contractId: string): Promise<Map<string, string>> {
    const rows: Array<{ id: string; objective_id: string; period_label: string }> =
      await this.dataSource.query(
        `SELECT id, objective_id, period_label FROM breaches
        WHERE contract_id = $1 AND kind = 'objective' AND status IN ('open', 'acknowledged')`,
        [contractId],
      );
    return new Map(rows.map((r) => [`${r.objective_id}|${r.period_label}`, r.id]));
  }

  /** Deliverable ids that already have a breach (of any status). */
  async deliverablesWithBreach(em: EntityManager, contractIds: string[]): Promise<Set<string>> {
    if (contractIds.length === 0) return new Set();
    const rows: Array<{ deliverable_id: string }> = await em.query(
      `SELECT deliverable_id FROM breaches WHERE kind = 'deliverable' AND contract_id = ANY($1::uuid[])`,
      [contractIds],
    );
    return new Set(rows.map((r) => r.deliverable_id));
  }

  /**
   * Opens a breach unless the partial unique index says one is already open for the (objective,
   * period), or the deliverable already has one: the id when this call opened it.
   */
  async open(em: EntityManager, b: NewBreach): Promise<string | undefined> {
    const rows: Array<{ id: string }> = await em.query(
      `INSERT INTO breaches (contract_id, kind, objective_id, deliverable_id, severity, status, recoverable, period_label,
                             period_start, period_end, opened_at, attainment_at_open, target, op, resolved_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT DO NOTHING RETURNING id`,
      [
        b.contractId,
        b.kind,
        b.objectiveId ?? null,
        b.deliverableId ?? null,
        b.severity,
        b.status,
        b.recoverable,
        b.period.label,
        isoAt(b.period.start),
        isoAt(b.period.end),
        b.openedAt.toISOString(),
        finiteOrNull(b.attainment),
        finiteOrNull(b.target),
        b.op,
        b.resolvedAt?.toISOString() ?? null,
      ],
    );
    return rows[0]?.id;
  }

  /** Moves an unresolved breach to `status`; false when another pass already did. */
  async close(
    em: EntityManager,
    id: string,
    status: 'resolved' | 'delivered_late',
    at: Date,
  ): Promise<boolean> {
    const [, count]: [unknown, number] = await em.query(
      `UPDATE breaches SET status = $2, resolved_at = $3 WHERE id = $1 AND status IN ('open', 'acknowledged')`,
      [id, status, at.toISOString()],
    );
    return count > 0;
  }

  /** Every breach of a closed period becomes final (a late delivery keeps its own status). */
  async finalizePeriod(em: EntityManager, contractId: string, periodLabel: string, at: Date) {
    // UPDATE … RETURNING answers [rows, count] through TypeORM.
    const [rows]: [Array<{ id: string; attainment: number | null }>, number] = await em.query(
      `UPDATE breaches SET status = 'final', finalized_at = $3
        WHERE contract_id = $1 AND period_label = $2 AND status IN ('open', 'acknowledged', 'resolved')
        RETURNING id, attainment_at_open AS attainment`,
      [contractId, periodLabel, at.toISOString()],
    );
    return rows;
  }

  async breachIdsOf(
    em: EntityManager,
    contractId: string,
    periodLabel: string,
  ): Promise<Map<string, string[]>> {
    const rows: Array<{ id: string; objective_id: string }> = await em.query(
      `SELECT id, objective_id FROM breaches WHERE contract_id = $1 AND period_label = $2 AND kind = 'objective'
        ORDER BY opened_at, id`,
      [contractId, periodLabel],
    );
    const out = new Map<string, string[]>();
    for (const r of rows) out.set(r.objective_id, [...(out.get(r.objective_id) ?? []), r.id]);
    return out;
  }

  /** The first time the objective was at risk in this period key; later calls keep the first. */
  async recordAtRisk(
    em: EntityManager,
    objectiveId: string,
    periodKey: string,
    at: Date,
    attainment: number | null,
  ): Promise<void> {
    await em.query(
      `INSERT INTO objective_at_risk (objective_id, period_key, since, attainment) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [objectiveId, periodKey, at.toISOString(), finiteOrNull(attainment)],
    );
  }

  /** When (and at which figure) the objective first went at risk in this period key, if it did. */
  async atRiskOnset(
    em: EntityManager,
    objectiveId: string,
    periodKey: string,
  ): Promise<{ since: Date; attainment: number | null } | undefined> {
    const rows: Array<{ since: Date; attainment: number | null }> = await em.query(
      `SELECT since, attainment FROM objective_at_risk WHERE objective_id = $1 AND period_key = $2`,
      [objectiveId, periodKey],
    );
    return rows[0];
  }

  async addEvent(
    em: EntityManager,
    breachId: string,
    at: Date,
    event: string,
    attainment: number | null,
    detail?: Record<string, unknown>,
  ): Promise<void> {
    await em.query(
      `INSERT INTO breach_events (breach_id, at, event, attainment, detail) VALUES ($1, $2, $3, $4, $5)`,
      [breachId, at.toISOString(), event, finiteOrNull(attainment), detail ? JSON.stringify(detail) : null],
    );
  }

  /** Records who acknowledged an open breach; false when it is not open (or unknown). */
  async acknowledge(
    em: EntityManager,
    id: string,
    by: string,
    note: string | null,
    at: Date,
  ): Promise<boolean> {
    const [, count]: [unknown, number] = await em.query(
      `UPDATE breaches SET status = 'acknowledged', acknowledged_by = $2, acknowledged_note = $3, acknowledged_at = $4
        WHERE id = $1 AND status = 'open'`,
      [id, by, note, at.toISOString()],
    );
    return count > 0;
  }
}
