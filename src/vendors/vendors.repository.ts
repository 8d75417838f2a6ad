import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { VendorEntity } from './vendor.entity';

export interface VendorFields {
  name: string;
  contacts: string[];
}

@Injectable()
export class VendorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get repo() {
    return this.dataSource.getRepository(VendorEntity);
  }

  findByKey(key: string): Promise<VendorEntity | null> {
    return this.repo.findOne({ where: { key } });
  }

  findById(id: string): Promise<VendorEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  listAll(): Promise<VendorEntity[]> {
    return this.repo.find({ order: { key: 'ASC' } });
  }

  /** One statement, so two concurrent PUTs of a new key cannot both insert. */
  async upsert(
    key: string,
    fields: VendorFields,
    at: Date,
  ): Promise<{ vendor: VendorEntity; created: boolean }> {
    const rows: Array<{ id: string; inserted: boolean }> = await this.dataSource.query(
      `INSERT INTO vendors (key, name, contacts, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, contacts = EXCLUDED.contacts, updated_at = EXCLUDED.updated_at
       RETURNING id, (xmax = 0) AS inserted`,
      [key, fields.name, fields.contacts, at],
    );
    const vendor = await this.repo.findOneOrFail({ where: { id: rows[0].id } });
    return { vendor, created: rows[0].inserted };
  }

  /** The newest sample time the fold saw from the vendor per protocol (feed health). */
  async feeds(vendorId: string): Promise<Array<{ protocol: string; lastSampleAt: string }>> {
    const rows: Array<{ protocol: string; at: Date }> = await this.dataSource.query(
      `SELECT protocol, last_sample_at AS at FROM vendor_feed_protocols WHERE vendor_id = $1 ORDER BY protocol`,
      [vendorId],
    );
    return rows.map((r) => ({ protocol: r.protocol, lastSampleAt: r.at.toISOString() }));
  }
}
