import type { MigrationInterface, QueryRunner } from 'typeorm';

// Contracts are versioned documents; their parts (objectives, calendars, maintenance, deliverables)
// are also stored as rows so evaluation, closing and mail can query them without parsing documents.
export class CreateContracts1795740000000 implements MigrationInterface {
  name = 'CreateContracts1795740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE contracts (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        key text NOT NULL,
        vendor_id uuid NOT NULL,
        title text NOT NULL,
        timezone text NOT NULL,
        current_version integer NOT NULL,
        effective_from date NOT NULL,
        effective_to date,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT contracts_pkey PRIMARY KEY (id),
        CONSTRAINT contracts_key_unique UNIQUE (key),
        CONSTRAINT contracts_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX contracts_vendor_idx ON contracts (vendor_id)`);
    await q.query(`
      CREATE TABLE contract_versions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL,
        version integer NOT NULL,
        sha256 text NOT NULL,
        document jsonb NOT NULL,
        spec jsonb NOT NULL,
        source text NOT NULL,
        source_format text NOT NULL,
        applied_at timestamptz NOT NULL,
        applied_by text NOT NULL,
        CONSTRAINT contract_versions_pkey PRIMARY KEY (id),
        CONSTRAINT contract_versions_number_unique UNIQUE (contract_id, version),
        CONSTRAINT contract_versions_format_check CHECK (source_format IN ('json', 'yaml')),
        CONSTRAINT contract_versions_contract_fkey FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE objectives (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL,
        key text NOT NULL,
        title text NOT NULL,
        kind text NOT NULL,
        period text NOT NULL,
        severity text NOT NULL,
        responsible text NOT NULL,
        definition jsonb NOT NULL,
        first_version integer NOT NULL,
        last_version integer NOT NULL,
        removed_at timestamptz,
        CONSTRAINT objectives_pkey PRIMARY KEY (id),
        CONSTRAINT objectives_key_unique UNIQUE (contract_id, key),
        CONSTRAINT objectives_kind_check CHECK (kind IN ('ratio', 'threshold', 'timeslice', 'deadline', 'freshness')),
        CONSTRAINT objectives_contract_fkey FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX objectives_active_idx ON objectives (contract_id) WHERE removed_at IS NULL`);
    await q.query(`
      CREATE TABLE contract_calendars (
        contract_id uuid NOT NULL,
        name text NOT NULL,
        definition jsonb NOT NULL,
        CONSTRAINT contract_calendars_pkey PRIMARY KEY (contract_id, name),
        CONSTRAINT contract_calendars_contract_fkey FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE maintenance_windows (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL,
        position integer NOT NULL,
        title text NOT NULL,
        kind text NOT NULL,
        starts_at timestamptz,
        ends_at timestamptz,
        cron text,
        duration_seconds integer,
        CONSTRAINT maintenance_windows_pkey PRIMARY KEY (id),
        CONSTRAINT maintenance_windows_position_unique UNIQUE (contract_id, position),
        CONSTRAINT maintenance_windows_shape_check CHECK (
          (kind = 'once' AND starts_at IS NOT NULL AND ends_at > starts_at AND cron IS NULL)
          OR (kind = 'recurring' AND cron IS NOT NULL AND duration_seconds > 0 AND starts_at IS NULL)),
        CONSTRAINT maintenance_windows_contract_fkey FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE deliverables (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL,
        key text NOT NULL,
        title text NOT NULL,
        due_at timestamptz NOT NULL,
        responsible text NOT NULL,
        delivered_at timestamptz,
        delivery_note text,
        delivered_by text,
        removed_at timestamptz,
        CONSTRAINT deliverables_pkey PRIMARY KEY (id),
        CONSTRAINT deliverables_key_unique UNIQUE (contract_id, key),
        CONSTRAINT deliverables_contract_fkey FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX deliverables_pending_due_idx ON deliverables (due_at) WHERE delivered_at IS NULL AND removed_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE exclusions (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text NOT NULL,
        approved_by text NOT NULL,
        objectives text[],
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text NOT NULL,
        CONSTRAINT exclusions_pkey PRIMARY KEY (id),
        CONSTRAINT exclusions_range_check CHECK (ends_at > starts_at),
        CONSTRAINT exclusions_contract_fkey FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX exclusions_contract_range_idx ON exclusions (contract_id, starts_at, ends_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'exclusions',
      'deliverables',
      'maintenance_windows',
      'contract_calendars',
      'objectives',
      'contract_versions',
      'contracts',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
