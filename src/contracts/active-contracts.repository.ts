import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ContractSpec } from './domain/contract.types';
import type { ExclusionSpan } from './domain/window';

export interface ActiveContract {
  id: string;
  key: string;
  version: number;
  vendorId: string;
  vendorKey: string;
  spec: ContractSpec;
  /** Objective id by key (objectives of the current version). */
  objectiveIds: Map<string, string>;
  exclusions: ExclusionSpan[];
  /** When the contract was first applied (Unix ms): periods that ended before are history, closed quietly. */
  firstAppliedAt: number;
}

/**
 * The one read of active contracts (current version parsed once, objective ids, approved exclusions):
 * what the pass evaluates, and what statements and breaches work on.
 */
@Injectable()
export class ActiveContractsRepository {
  /** The parsed spec of each contract's current version (a version never changes: parsed once). */
  private readonly specs = new Map<string, { version: number; spec: ContractSpec }>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async active(contractKey?: string): Promise<ActiveContract[]> {
    const contracts: Array<{
      id: string;
      key: string;
      version: number;
      vendor_id: string;
      vendor_key: string;
      created_at: Date;
    }> = await this.dataSource.query(
      `SELECT c.id, c.key, c.current_version AS version, c.vendor_id, v.key AS vendor_key, c.created_at
           FROM contracts c JOIN vendors v ON v.id = c.vendor_id
          WHERE $1::text IS NULL OR c.key = $1 ORDER BY c.key`,
      [contractKey ?? null],
    );
    if (contracts.length === 0) return [];
    const ids = contracts.map((c) => c.id);
    const missing = contracts.filter((c) => this.specs.get(c.id)?.version !== c.version);
    if (missing.length > 0) {
      const rows: Array<{ contract_id: string; version: number; spec: ContractSpec }> =
        await this.dataSource.query(
          `SELECT cv.contract_id, cv.version, cv.spec FROM contract_versions cv
           JOIN unnest($1::uuid[], $2::int[]) AS k(c, v) ON cv.contract_id = k.c AND cv.version = k.v`,
          [missing.map((c) => c.id), missing.map((c) => c.version)],
        );
      for (const r of rows) this.specs.set(r.contract_id, { version: r.version, spec: r.spec });
    }
    const objectives: Array<{ contract_id: string; id: string; key: string }> = await this.dataSource.query(
      `SELECT contract_id, id, key FROM objectives WHERE contract_id = ANY($1::uuid[]) AND removed_at IS NULL`,
      [ids],
    );
    const exclusions: Array<{
      contract_id: string;
      starts_at: Date;
      ends_at: Date;
      objectives: string[] | null;
    }> = await this.dataSource.query(
      `SELECT contract_id, starts_at, ends_at, objectives FROM exclusions WHERE contract_id = ANY($1::uuid[])`,
      [ids],
    );
    return contracts.map((c) => ({
      id: c.id,
      key: c.key,
      version: c.version,
      vendorId: c.vendor_id,
      vendorKey: c.vendor_key,
      firstAppliedAt: c.created_at.getTime(),
      spec: this.specs.get(c.id)!.spec,
      objectiveIds: new Map(objectives.filter((o) => o.contract_id === c.id).map((o) => [o.key, o.id])),
      exclusions: exclusions
        .filter((e) => e.contract_id === c.id)
        .map((e) => ({ from: e.starts_at.getTime(), to: e.ends_at.getTime(), objectives: e.objectives })),
    }));
  }
}
