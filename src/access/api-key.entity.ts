import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { VendorEntity } from '../vendors/vendor.entity';
import type { Role } from './domain/roles';

@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ name: 'vendor_id', type: 'uuid', nullable: true })
  vendorId!: string | null;

  @ManyToOne(() => VendorEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'vendor_id' })
  vendor?: VendorEntity | null;

  /** The readable start of the token, safe to show and log. */
  @Column({ type: 'text' })
  prefix!: string;

  /** HMAC-SHA-256(TOKEN_SECRET, token); the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'bytea' })
  tokenHash!: Buffer;

  @Column({ name: 'is_bootstrap', type: 'boolean', default: false })
  isBootstrap!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}
