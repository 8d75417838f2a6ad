import { Injectable } from '@nestjs/common';
import { AccessService, type ApiKeyView, type IssuedKey } from '../access/access.service';
import { canSeeVendor, type Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import { isSlug } from '../common/validation/slug';
import type { VendorEntity } from './vendor.entity';
import { type PutVendorBody, toVendorView, type VendorView } from './vendor.dto';
import { VendorsRepository } from './vendors.repository';

@Injectable()
export class VendorsService {
  constructor(
    private readonly vendors: VendorsRepository,
    private readonly access: AccessService,
    private readonly clock: Clock,
  ) {}

  async put(key: string, body: PutVendorBody): Promise<{ vendor: VendorView; created: boolean }> {
    if (!isSlug(key)) {
      throw DomainError.validation([
        { path: 'key', message: 'must be a slug: lowercase letters, digits and dashes, 1-63 characters' },
      ]);
    }
    const contacts = (body.contacts ?? []).map((c) => c.toLowerCase());
    const { vendor, created } = await this.vendors.upsert(
      key,
      { name: body.name.trim(), contacts },
      new Date(this.clock.now()),
    );
    return { vendor: toVendorView(vendor), created };
  }

  async get(principal: Principal, key: string): Promise<VendorView> {
    const vendor = await this.visible(principal, key);
    return { ...toVendorView(vendor), feeds: await this.vendors.feeds(vendor.id) };
  }

  async list(principal: Principal): Promise<VendorView[]> {
    const all = await this.vendors.listAll();
    return all.filter((v) => canSeeVendor(principal, v.id)).map(toVendorView);
  }

  async issueKey(vendorKey: string, name: string | undefined): Promise<IssuedKey> {
    const vendor = await this.require(vendorKey);
    return this.access.issue('vendor', name ?? `${vendor.key} API key`, vendor.id);
  }

  async listKeys(vendorKey: string): Promise<ApiKeyView[]> {
    return this.access.listVendorKeys((await this.require(vendorKey)).id);
  }

  async revokeKey(vendorKey: string, id: string): Promise<void> {
    const vendor = await this.require(vendorKey);
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw DomainError.notFound(`API key ${id}`);
    await this.access.revokeVendorKey(vendor.id, id);
  }

  /** A vendor token asking for another vendor gets the same 404 as for a vendor that does not exist. */
  private async visible(principal: Principal, key: string): Promise<VendorEntity> {
    const vendor = await this.require(key);
    if (!canSeeVendor(principal, vendor.id)) throw DomainError.notFound(`Vendor ${key}`);
    return vendor;
  }

  private async require(key: string): Promise<VendorEntity> {
    const vendor = isSlug(key) ? await this.vendors.findByKey(key) : null;
    if (!vendor) throw DomainError.notFound(`Vendor ${key}`);
    return vendor;
  }
}
