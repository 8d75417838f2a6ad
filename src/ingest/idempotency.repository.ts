import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface StoredResponse {
  requestSha256: string;
  response: unknown;
}

/** Idempotency-Key memory: one row per (vendor, endpoint, key), kept 24 h. */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Claims the key inside `em`'s transaction. False when another request holds it: PostgreSQL makes a
   * concurrent claimer wait for the holder's commit, so the stored answer is final by then.
   */
  async claim(
    em: EntityManager,
    vendorId: string,
    endpoint: string,
    key: string,
    sha: string,
    at: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO idempotency_keys (vendor_id, endpoint, key, request_sha256, response, created_at)
       VALUES ($1, $2, $3, $4, 'null'::jsonb, $5) ON CONFLICT DO NOTHING RETURNING 1`,
      [vendorId, endpoint, key, sha, at],
    );
    return rows.length > 0;
  }

  async saveResponse(
    em: EntityManager,
    vendorId: string,
    endpoint: string,
    key: string,
    response: unknown,
  ): Promise<void> {
    await em.query(
      `UPDATE idempotency_keys SET response = $4 WHERE vendor_id = $1 AND endpoint = $2 AND key = $3`,
      [vendorId, endpoint, key, JSON.stringify(response)],
    );
  }

  async find(vendorId: string, endpoint: string, key: string): Promise<StoredResponse | undefined> {
    const rows: StoredResponse[] = await this.dataSource.query(
      `SELECT request_sha256 AS "requestSha256", response FROM idempotency_keys WHERE vendor_id = $1 AND endpoint = $2 AND key = $3`,
      [vendorId, endpoint, key],
    );
    return rows[0];
  }

  /** Forgets keys older than `before` (24 h after their first use). */
  async deleteOlderThan(before: Date): Promise<number> {
    const [, affected]: [unknown[], number] = await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE created_at < $1`,
      [before],
    );
    return affected;
  }

  async deleteExpiredKey(vendorId: string, endpoint: string, key: string, before: Date): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM idempotency_keys WHERE vendor_id = $1 AND endpoint = $2 AND key = $3 AND created_at < $4`,
      [vendorId, endpoint, key, before],
    );
  }
}
