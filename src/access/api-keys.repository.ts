import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { Role } from './domain/roles';
import { preparedQuery } from '../database/prepared';
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

  /** Returns false when no live key of that vendor has this id. */
  async revokeVendorKey(vendorId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.repo.update({ id, vendorId, revokedAt: IsNull() }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  findActiveBootstrap(): Promise<ApiKeyEntity | null> {
    return this.repo.findOne({ where: { isBootstrap: true, revokedAt: IsNull() } });
  }

  countActiveAdmins(): Promise<number> {
    return this.repo.count({ where: { role: 'admin', revokedAt: IsNull() } });
  }

  async revokeById(id: string, at: Date): Promise<void> {
    await this.repo.update({ id }, { revokedAt: at });
  }
}
