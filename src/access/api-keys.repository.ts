import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { Role } from './domain/roles';
import { preparedQuery } from '../database/prepared';
import type { Tx } from '../database/transactions';
import { REVOCATION_CHANNEL } from './token-cache';
import { ApiKeyEntity } from './api-key.entity';

export interface NewApiKey {
  name: string;
  role: Role;
  vendorId: string | null;
  prefix: string;
  tokenHash: Buffer;
  isBootstrap?: boolean;
}

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(ApiKeyEntity);
  }

  /** On every request: plain SQL on the unique index, without the query builder's overhead. */
  async findActiveByHash(
    tokenHash: Buffer,
  ): Promise<Pick<ApiKeyEntity, 'id' | 'name' | 'role' | 'vendorId' | 'tokenHash'> | null> {
    const rows = await preparedQuery<Pick<ApiKeyEntity, 'id' | 'name' | 'role' | 'vendorId' | 'tokenHash'>>(
      this.dataSource,
      'api_key_by_hash',
      `SELECT id, name, role, vendor_id AS "vendorId", token_hash AS "tokenHash"
         FROM api_keys WHERE token_hash = $1 AND revoked_at IS NULL`,
      [tokenHash],
    );
    return rows[0] ?? null;
  }

  insert(key: NewApiKey): Promise<ApiKeyEntity> {
    return this.repo.save(
      this.repo.create({ ...key, isBootstrap: key.isBootstrap ?? false, revokedAt: null }),
    );
  }

  listForVendor(vendorId: string): Promise<ApiKeyEntity[]> {
    return this.repo.find({ where: { vendorId }, order: { createdAt: 'ASC' } });
  }

  /** Returns false when no live key of that vendor has this id. The revocation is announced on commit. */
  async revokeVendorKey(vendorId: string, id: string, at: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `WITH r AS (UPDATE api_keys SET revoked_at = $3 WHERE id = $1 AND vendor_id = $2 AND revoked_at IS NULL RETURNING id)
       SELECT pg_notify('${REVOCATION_CHANNEL}', id::text) FROM r`,
      [id, vendorId, at],
    );
    return rows.length > 0;
  }

  /** Admin and viewer keys (those of no vendor), oldest first. */
  listStaff(): Promise<ApiKeyEntity[]> {
    return this.repo.find({ where: { vendorId: IsNull() }, order: { createdAt: 'ASC' } });
  }

  /**
   * Locks the live admin keys and the staff key `id` (live or not) for the caller's transaction, so
   * two concurrent revocations cannot both pass the last-admin count.
   */
  lockStaffKeys(em: Tx, id: string): Promise<Array<{ id: string; role: string; live: boolean }>> {
    return em.query(
      `SELECT id, role, revoked_at IS NULL AS live FROM api_keys
        WHERE vendor_id IS NULL AND ((role = 'admin' AND revoked_at IS NULL) OR id = $1)
        ORDER BY id FOR UPDATE`,
      [id],
    );
  }

  /** Revokes a live staff key; the revocation is announced on commit. False when none was live. */
  async revokeStaffKey(em: Tx, id: string, at: Date): Promise<boolean> {
    const revoked: unknown[] = await em.query(
      `WITH r AS (UPDATE api_keys SET revoked_at = $2 WHERE id = $1 AND vendor_id IS NULL AND revoked_at IS NULL RETURNING id)
       SELECT pg_notify('${REVOCATION_CHANNEL}', id::text) FROM r`,
      [id, at],
    );
    return revoked.length > 0;
  }

  /** Makes a revoked key with this hash the live bootstrap key again (SLA_ADMIN_TOKEN set back). */
  async reactivateBootstrap(tokenHash: Buffer): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE api_keys SET revoked_at = NULL, is_bootstrap = true WHERE token_hash = $1 AND role = 'admin' AND vendor_id IS NULL`,
      [tokenHash],
    );
    return count > 0;
  }

  findActiveBootstrap(): Promise<ApiKeyEntity | null> {
    return this.repo.findOne({ where: { isBootstrap: true, revokedAt: IsNull() } });
  }

  countActiveAdmins(): Promise<number> {
    return this.repo.count({ where: { role: 'admin', revokedAt: IsNull() } });
  }

  async revokeById(id: string, at: Date): Promise<void> {
    await this.dataSource.query(
      `WITH r AS (UPDATE api_keys SET revoked_at = $2 WHERE id = $1 RETURNING id)
       SELECT pg_notify('${REVOCATION_CHANNEL}', id::text) FROM r`,
      [id, at],
    );
  }
}
