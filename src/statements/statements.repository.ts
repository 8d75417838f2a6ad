import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { ChainLink } from './domain/chain';
import type { StatementBody } from './domain/statement';

export interface StoredStatement {
  period: string;
  unit: string;
  version: number;
  sha256: string;
  previousSha256: string | null;
  closedAt: Date;
  body: StatementBody;
}

export interface NewStatement {
  contractId: string;
  unit: string;
  version: number;
  contractVersion: number;
  period: { label: string; start: number; end: number };
  closedAt: Date;
  body: StatementBody;
  sha256: string;
  reason: string | null;
  createdBy: string;
}

const COLUMNS = `period_label AS period, unit, version, sha256, previous_sha256 AS "previousSha256",
  closed_at AS "closedAt", body`;

/** Statements: written once, never updated; restatements are new versions in the same chain. */
@Injectable()
export class StatementsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** End of the last closed period per (contract, unit): periods close in order, so closing resumes there. */
  async lastClosedEnds(contractIds: string[]): Promise<Map<string, number>> {
    if (contractIds.length === 0) return new Map();
    const rows: Array<{ contract_id: string; unit: string; end: Date }> = await this.dataSource.query(
      `SELECT contract_id, unit, max(period_end) AS end FROM statements WHERE contract_id = ANY($1::uuid[]) GROUP BY 1, 2`,
      [contractIds],
    );
    return new Map(rows.map((r) => [`${r.contract_id}/${r.unit}`, r.end.getTime()]));
  }

  /** Serializes chain writers of one contract (period close and restatements). */
  async lockContract(em: EntityManager, contractId: string): Promise<void> {
    await em.query(`SELECT id FROM contracts WHERE id = $1 FOR UPDATE`, [contractId]);
  }

  async latestSha(em: EntityManager, contractId: string): Promise<string | null> {
    const rows: Array<{ sha256: string }> = await em.query(
      `SELECT sha256 FROM statements WHERE contract_id = $1 ORDER BY seq DESC LIMIT 1`,
      [contractId],
    );
    return rows[0]?.sha256 ?? null;
  }

  async latestVersion(em: EntityManager, contractId: string, label: string): Promise<number> {
    const rows: Array<{ v: number | null }> = await em.query(
      `SELECT max(version) AS v FROM statements WHERE contract_id = $1 AND period_label = $2`,
      [contractId, label],
    );
    return rows[0]?.v ?? 0;
  }

  /** False when this (contract, period, version) exists already (another replica wrote it). */
  async insert(em: EntityManager, s: NewStatement): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO statements (contract_id, period_label, unit, version, contract_version, period_start, period_end,
                               closed_at, body, sha256, previous_sha256, reason, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (contract_id, period_label, version) DO NOTHING RETURNING id`,
      [
        s.contractId,
        s.period.label,
        s.unit,
        s.version,
        s.contractVersion,
        new Date(s.period.start).toISOString(),
        new Date(s.period.end).toISOString(),
        s.closedAt.toISOString(),
        JSON.stringify(s.body),
        s.sha256,
        s.body.previousSha256,
        s.reason,
        s.createdBy,
      ],
    );
    return rows.length > 0;
  }

  list(contractId: string): Promise<StoredStatement[]> {
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM statements WHERE contract_id = $1 ORDER BY period_start, unit, version`,
      [contractId],
    );
  }

  async find(contractId: string, label: string, version?: number): Promise<StoredStatement | undefined> {
    const rows: StoredStatement[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM statements WHERE contract_id = $1 AND period_label = $2
          AND ($3::int IS NULL OR version = $3) ORDER BY version DESC LIMIT 1`,
      [contractId, label, version ?? null],
    );
    return rows[0];
  }

  /** The whole chain, oldest first, as stored. */
  async chain(contractId: string): Promise<ChainLink[]> {
    const rows: Array<{ period: string; version: number; body: Record<string, unknown>; sha256: string }> =
      await this.dataSource.query(
        `SELECT period_label AS period, version, body, sha256 FROM statements WHERE contract_id = $1 ORDER BY seq`,
        [contractId],
      );
    return rows;
  }

  /** The objective's final statuses in the contract's latest statements of `unit`, newest period first. */
  async recentStatuses(
    em: EntityManager,
    contractId: string,
    unit: string,
    objectiveKey: string,
    limit: number,
  ) {
    const rows: Array<{ status: string | null }> = await em.query(
      `SELECT (SELECT o->>'status' FROM jsonb_array_elements(s.body->'objectives') o WHERE o->>'key' = $3) AS status
         FROM (SELECT DISTINCT ON (period_label) body, period_start FROM statements
                WHERE contract_id = $1 AND unit = $2 ORDER BY period_label, version DESC) s
        ORDER BY s.period_start DESC LIMIT $4`,
      [contractId, unit, objectiveKey, limit],
    );
    return rows.map((r) => r.status ?? 'none');
  }
}
