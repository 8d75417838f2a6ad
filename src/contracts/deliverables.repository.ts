import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface DeliverableRow {
  id: string;
  key: string;
  title: string;
  dueAt: Date;
  responsible: string;
  deliveredAt: Date | null;
  deliveryNote: string | null;
  deliveredBy: string | null;
}

const COLUMNS = `id, key, title, due_at AS "dueAt", responsible, delivered_at AS "deliveredAt",
  delivery_note AS "deliveryNote", delivered_by AS "deliveredBy"`;

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
    return this.dataSource.query(
      `SELECT ${COLUMNS} FROM deliverables WHERE contract_id = $1 AND removed_at IS NULL ORDER BY due_at, key`,
      [contractId],
    );
  }

  /** Records the delivery once; undefined when it was already delivered (first delivery wins). */
  async markDelivered(
    id: string,
    at: Date,
    note: string | null,
    by: string,
  ): Promise<DeliverableRow | undefined> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [DeliverableRow[], number] = await this.dataSource.query(
      `UPDATE deliverables SET delivered_at = $2, delivery_note = $3, delivered_by = $4
        WHERE id = $1 AND delivered_at IS NULL RETURNING ${COLUMNS}`,
      [id, at, note, by],
    );
    return rows[0];
  }
}
