import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { periodText } from './domain/durations';
import type { ContractSpec, Objective } from './domain/contract.types';
import { endOfLocalDate, startOfLocalDate } from './domain/time';
import type { DocumentFormat } from './domain/document';

export interface ContractRow {
  id: string;
  key: string;
  vendorId: string;
  vendorKey: string;
  title: string;
  timezone: string;
  currentVersion: number;
  appliedAt: Date;
  sha256: string;
  document: unknown;
  spec: ContractSpec;
  source: string;
  sourceFormat: DocumentFormat;
}

export interface VersionRow {
  version: number;
  appliedAt: Date;
  sha256: string;
  appliedBy: string;
}

export interface StoredVersion {
  document: unknown;
  source: string;
  sourceFormat: DocumentFormat;
  appliedAt: Date;
  sha256: string;
}

export interface ApplyInput {
  spec: ContractSpec;
  vendorId: string;
  document: unknown;
  sha256: string;
  source: string;
  sourceFormat: DocumentFormat;
  appliedBy: string;
  appliedAt: Date;
}

export interface ApplyResult {
  version: number;
  changed: boolean;
  created: boolean;
}

const SELECT_CONTRACT = `
  SELECT c.id, c.key, c.vendor_id AS "vendorId", v.key AS "vendorKey", c.title, c.timezone,
         c.current_version AS "currentVersion", cv.applied_at AS "appliedAt", cv.sha256, cv.document, cv.spec,
         cv.source, cv.source_format AS "sourceFormat"
    FROM contracts c
    JOIN vendors v ON v.id = c.vendor_id
    JOIN contract_versions cv ON cv.contract_id = c.id AND cv.version = c.current_version`;

/** Every query about contracts and their versioned parts. */
@Injectable()
export class ContractsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findByKey(key: string): Promise<ContractRow | undefined> {
    const rows: ContractRow[] = await this.dataSource.query(`${SELECT_CONTRACT} WHERE c.key = $1`, [key]);
    return rows[0];
  }

  /** Every contract, or only one vendor's; ordered by key. */
  async list(vendorId: string | null): Promise<ContractRow[]> {
    return this.dataSource.query(
      `${SELECT_CONTRACT} WHERE ($1::uuid IS NULL OR c.vendor_id = $1::uuid) ORDER BY c.key`,
      [vendorId],
    );
  }

  async listVersions(contractId: string): Promise<VersionRow[]> {
    return this.dataSource.query(
      `SELECT version, applied_at AS "appliedAt", sha256, applied_by AS "appliedBy"
         FROM contract_versions WHERE contract_id = $1 ORDER BY version`,
      [contractId],
    );
  }

  /** One earlier version with what GET answers about it. */
  async findVersion(contractId: string, version: number): Promise<StoredVersion | undefined> {
    const rows: StoredVersion[] = await this.dataSource.query(
      `SELECT document, source, source_format AS "sourceFormat", applied_at AS "appliedAt", sha256
         FROM contract_versions WHERE contract_id = $1 AND version = $2`,
      [contractId, version],
    );
    return rows[0];
  }

  /**
   * Applies a validated document in the caller's transaction: a no-op when its hash equals the current
   * version's, else version n+1 with its parts synchronised, the contract row locked (concurrent
   * applies of one contract queue).
   */
  async apply(em: EntityManager, input: ApplyInput): Promise<ApplyResult> {
    const { spec } = input;
    const startsAt = startOfLocalDate(spec.effective.from, spec.timezone);
    const endsAt = spec.effective.to ? endOfLocalDate(spec.effective.to, spec.timezone) : null;
    const existing: Array<{ id: string; current_version: number; sha256: string }> = await em.query(
      `SELECT c.id, c.current_version, cv.sha256
         FROM contracts c JOIN contract_versions cv ON cv.contract_id = c.id AND cv.version = c.current_version
        WHERE c.key = $1 FOR UPDATE OF c`,
      [spec.key],
    );
    let contractId: string;
    let version: number;
    if (existing.length === 0) {
      version = 1;
      const inserted: Array<{ id: string }> = await em.query(
        `INSERT INTO contracts (key, vendor_id, title, timezone, current_version, effective_from, effective_to, starts_at, ends_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $9, $9) RETURNING id`,
        [
          spec.key,
          input.vendorId,
          spec.title,
          spec.timezone,
          spec.effective.from,
          spec.effective.to ?? null,
          startsAt,
          endsAt,
          input.appliedAt,
        ],
      );
      contractId = inserted[0].id;
    } else {
      if (existing[0].sha256 === input.sha256)
        return { version: existing[0].current_version, changed: false, created: false };
      contractId = existing[0].id;
      version = existing[0].current_version + 1;
      await em.query(
        `UPDATE contracts SET vendor_id = $2, title = $3, timezone = $4, current_version = $5, effective_from = $6,
                effective_to = $7, starts_at = $8, ends_at = $9, updated_at = $10 WHERE id = $1`,
        [
          contractId,
          input.vendorId,
          spec.title,
          spec.timezone,
          version,
          spec.effective.from,
          spec.effective.to ?? null,
          startsAt,
          endsAt,
          input.appliedAt,
        ],
      );
    }
    await em.query(
      `INSERT INTO contract_versions (contract_id, version, sha256, document, spec, source, source_format, applied_at, applied_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        contractId,
        version,
        input.sha256,
        JSON.stringify(input.document),
        JSON.stringify(spec),
        input.source,
        input.sourceFormat,
        input.appliedAt,
        input.appliedBy,
      ],
    );
    await this.syncObjectives(em, contractId, version, spec.objectives, input.appliedAt);
    await this.syncParts(em, contractId, spec, input.appliedAt);
    return { version, changed: true, created: existing.length === 0 };
  }

  /** Objectives keep their id across versions (breaches and statements point at it); removed ones are marked. */
  private async syncObjectives(
    em: EntityManager,
    contractId: string,
    version: number,
    objectives: Objective[],
    at: Date,
  ) {
    for (const o of objectives) {
      await em.query(
        `INSERT INTO objectives (contract_id, key, title, kind, period, severity, responsible, definition, first_version, last_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
         ON CONFLICT (contract_id, key) DO UPDATE SET title = EXCLUDED.title, kind = EXCLUDED.kind, period = EXCLUDED.period,
           severity = EXCLUDED.severity, responsible = EXCLUDED.responsible, definition = EXCLUDED.definition,
           last_version = EXCLUDED.last_version, removed_at = NULL`,
        [
          contractId,
          o.key,
          o.title,
          o.indicator.kind,
          periodText(o.period),
          o.severity,
          o.responsible,
          JSON.stringify(o),
          version,
        ],
      );
    }
    await em.query(
      `UPDATE objectives SET removed_at = $3 WHERE contract_id = $1 AND removed_at IS NULL AND NOT (key = ANY($2::text[]))`,
      [contractId, objectives.map((o) => o.key), at],
    );
  }

  private async syncParts(em: EntityManager, contractId: string, spec: ContractSpec, at: Date) {
    await em.query(`DELETE FROM contract_calendars WHERE contract_id = $1`, [contractId]);
    for (const [name, definition] of Object.entries(spec.calendars)) {
      await em.query(`INSERT INTO contract_calendars (contract_id, name, definition) VALUES ($1, $2, $3)`, [
        contractId,
        name,
        JSON.stringify(definition),
      ]);
    }
    await em.query(`DELETE FROM maintenance_windows WHERE contract_id = $1`, [contractId]);
    for (const [position, m] of spec.maintenance.entries()) {
      await em.query(
        `INSERT INTO maintenance_windows (contract_id, position, title, kind, starts_at, ends_at, cron, duration_seconds)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        m.kind === 'once'
          ? [contractId, position, m.title, m.kind, m.from, m.to, null, null]
          : [contractId, position, m.title, m.kind, null, null, m.cron, m.durationSeconds],
      );
    }
    // Deliveries already recorded survive a new version; a deliverable dropped from the document is marked.
    for (const d of spec.deliverables) {
      await em.query(
        `INSERT INTO deliverables (contract_id, key, title, due_at, responsible) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (contract_id, key) DO UPDATE SET title = EXCLUDED.title, due_at = EXCLUDED.due_at,
           responsible = EXCLUDED.responsible, removed_at = NULL`,
        [contractId, d.key, d.title, d.due, d.responsible],
      );
    }
    await em.query(
      `UPDATE deliverables SET removed_at = $3 WHERE contract_id = $1 AND removed_at IS NULL AND NOT (key = ANY($2::text[]))`,
      [contractId, spec.deliverables.map((d) => d.key), at],
    );
  }
}
