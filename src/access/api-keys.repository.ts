import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import type { Role } from './domain/roles';
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

  findActiveByHash(tokenHash: Buffer): Promise<ApiKeyEntity | null> {
    return this.repo.findOne({ where: { tokenHash, revokedAt: IsNull() } });
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
