import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateVendorsAndApiKeys1795737600000 implements MigrationInterface {
  name = 'CreateVendorsAndApiKeys1795737600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE vendors (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        key text NOT NULL,
        name text NOT NULL,
        contacts text[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT vendors_pkey PRIMARY KEY (id),
        CONSTRAINT vendors_key_unique UNIQUE (key),
        CONSTRAINT vendors_key_slug CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,62}$')
      )`);
    await q.query(`
      CREATE TABLE api_keys (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL,
        vendor_id uuid,
        prefix text NOT NULL,
        token_hash bytea NOT NULL,
        is_bootstrap boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CONSTRAINT api_keys_pkey PRIMARY KEY (id),
        CONSTRAINT api_keys_token_hash_unique UNIQUE (token_hash),
        CONSTRAINT api_keys_role_check CHECK (role IN ('admin', 'viewer', 'vendor')),
        CONSTRAINT api_keys_vendor_role_check CHECK ((role = 'vendor') = (vendor_id IS NOT NULL)),
        CONSTRAINT api_keys_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX api_keys_vendor_idx ON api_keys (vendor_id)`);
    // At most one live bootstrap admin key: SLA_ADMIN_TOKEN replaces it, never adds another.
    await q.query(
      `CREATE UNIQUE INDEX api_keys_one_bootstrap_idx ON api_keys (is_bootstrap) WHERE is_bootstrap AND revoked_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
    await q.query(`DROP TABLE vendors`);
  }
}
