import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/transactions';

export interface DeliverableRow {
  id: string;
  contractId: string;
  key: string;
  title: string;
  dueAt: Date;
  responsible: string;
  deliveredAt: Date | null;
  deliveryNote: string | null;
  deliveredBy: string | null;
  /** When the delivery (or the claim) was recorded here; null for deliveries older than this column. */
  recordedAt: Date | null;
  /** A back-dated claim awaiting an admin's confirmation (deliveredAt stays null meanwhile). */
  claimedAt: Date | null;
}

const COLUMNS = `id, contract_id AS "contractId", key, title, due_at AS "dueAt", responsible, delivered_at AS "deliveredAt",
  delivery_note AS "deliveryNote", delivered_by AS "deliveredBy", recorded_at AS "recordedAt",
  claimed_at AS "claimedAt"`;

@Injectable()
export class DeliverablesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async findActive(contractId: string, key: string): Promise<DeliverableRow | undefined> {
    const rows: DeliverableRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM deliverables WHERE contract_id = $1 AND key = $2 AND removed_at IS NULL`,
      [contractId, key],
    );
    return rows[0];
  }

  listActive(contractId: string): Promise<DeliverableRow[]> {
    return this.activeOf(this.dataSource.manager, [contractId]);
  }

  /**
   * The one read of live deliverables, for any number of contracts (due, then key), in the caller's
   * transaction (or autocommit): the status, the breach lifecycle, statements and the gauges use it.
   */
  activeOf(em: Tx, contractIds: string[]): Promise<DeliverableRow[]> {
    if (contractIds.length === 0) return Promise.resolve([]);
    return em.query(
      `SELECT ${COLUMNS} FROM deliverables WHERE contract_id = ANY($1::uuid[]) AND removed_at IS NULL
        ORDER BY due_at, key`,
      [contractIds],
    );
  }

  /**
   * Records the delivery once; undefined when it was already delivered (first delivery wins). A
   * pending claim does not block a trusted delivery (an admin's confirmation), only another claim.
   */
  async markDelivered(
    id: string,
    at: Date,
    note: string | null,
    by: string,
    recordedAt: Date,
    trusted: boolean,
  ): Promise<DeliverableRow | undefined> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [DeliverableRow[], number] = await this.dataSource.query(
      trusted
        ? `UPDATE deliverables SET delivered_at = $2, delivery_note = coalesce($3, delivery_note),
                  delivered_by = $4, recorded_at = $5, claimed_at = NULL
            WHERE id = $1 AND delivered_at IS NULL RETURNING ${COLUMNS}`
        : `UPDATE deliverables SET claimed_at = $2, delivery_note = $3, delivered_by = $4, recorded_at = $5
            WHERE id = $1 AND delivered_at IS NULL AND claimed_at IS NULL RETURNING ${COLUMNS}`,
      [id, at, note, by, recordedAt],
    );
    return rows[0];
  }
}
