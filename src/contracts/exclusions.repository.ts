import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ApprovedExclusion } from './domain/exclusion-windows';

export interface NewExclusion {
  contractId: string;
  from: Date;
  to: Date;
  reason: string;
  approvedBy: string;
  objectives: string[] | null;
  createdBy: string;
  createdAt: Date;
}

@Injectable()
export class ExclusionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(e: NewExclusion): Promise<ApprovedExclusion & { createdAt: Date }> {
    const rows: Array<ApprovedExclusion & { createdAt: Date }> = await this.dataSource.query(
      `INSERT INTO exclusions (contract_id, starts_at, ends_at, reason, approved_by, objectives, created_at, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING id, starts_at AS "from", ends_at AS "to", reason, approved_by AS "approvedBy", objectives, created_at AS "createdAt"`,
      [e.contractId, e.from, e.to, e.reason, e.approvedBy, e.objectives, e.createdAt, e.createdBy],
    );
    return rows[0];
  }

  /** Approved exclusions of a contract overlapping [from, to). */
  findOverlapping(contractId: string, from: Date, to: Date): Promise<ApprovedExclusion[]> {
    return this.dataSource.query(
      `SELECT id, starts_at AS "from", ends_at AS "to", reason, approved_by AS "approvedBy", objectives
         FROM exclusions WHERE contract_id = $1 AND starts_at < $3 AND ends_at > $2 ORDER BY starts_at, id`,
      [contractId, from, to],
    );
  }
}
