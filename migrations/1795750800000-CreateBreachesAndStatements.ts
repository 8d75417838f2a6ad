import type { MigrationInterface, QueryRunner } from 'typeorm';

// Contractual facts: breaches with their timeline, frozen period statements in a hash chain per
// contract, and the notification outbox that every mail-worthy state change writes to in the same
// transaction (the sender arrives with the notification feature).
export class CreateBreachesAndStatements1795750800000 implements MigrationInterface {
  name = 'CreateBreachesAndStatements1795750800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE breaches (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        contract_id uuid NOT NULL,
        kind text NOT NULL,
        objective_id uuid,
        deliverable_id uuid,
        severity text NOT NULL,
        status text NOT NULL,
        recoverable boolean NOT NULL,
        period_label text NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        opened_at timestamptz NOT NULL,
        attainment_at_open double precision,
        target double precision,
        op text,
        acknowledged_by text,
        acknowledged_note text,
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        finalized_at timestamptz,
        CONSTRAINT breaches_pkey PRIMARY KEY (id),
        CONSTRAINT breaches_kind_check CHECK (
          (kind = 'objective' AND objective_id IS NOT NULL AND deliverable_id IS NULL)
          OR (kind = 'deliverable' AND deliverable_id IS NOT NULL AND objective_id IS NULL)),
        CONSTRAINT breaches_status_check CHECK (status IN ('open', 'acknowledged', 'resolved', 'final', 'delivered_late')),
        CONSTRAINT breaches_contract_fkey FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE CASCADE,
        CONSTRAINT breaches_objective_fkey FOREIGN KEY (objective_id) REFERENCES objectives (id) ON DELETE CASCADE,
        CONSTRAINT breaches_deliverable_fkey FOREIGN KEY (deliverable_id) REFERENCES deliverables (id) ON DELETE CASCADE
      )`);
    // The database, not only the code, keeps one open breach per (objective, period) and one breach
    // per deliverable, whatever number of replicas evaluate.
    await q.query(`
      CREATE UNIQUE INDEX breaches_one_open_per_period ON breaches (objective_id, period_label)
        WHERE kind = 'objective' AND status IN ('open', 'acknowledged')`);
    await q.query(
      `CREATE UNIQUE INDEX breaches_one_per_deliverable ON breaches (deliverable_id) WHERE kind = 'deliverable'`,
    );
    await q.query(`CREATE INDEX breaches_list_idx ON breaches (opened_at DESC, id DESC)`);
    await q.query(`CREATE INDEX breaches_contract_period_idx ON breaches (contract_id, period_label)`);
    await q.query(`
      CREATE TABLE breach_events (
        breach_id uuid NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY,
        at timestamptz NOT NULL,
        event text NOT NULL,
        attainment double precision,
        detail jsonb,
        CONSTRAINT breach_events_pkey PRIMARY KEY (breach_id, seq),
        CONSTRAINT breach_events_breach_fkey FOREIGN KEY (breach_id) REFERENCES breaches (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE statements (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        seq bigint GENERATED ALWAYS AS IDENTITY,
        contract_id uuid NOT NULL,
        period_label text NOT NULL,
        unit text NOT NULL,
        version integer NOT NULL,
        contract_version integer NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        closed_at timestamptz NOT NULL,
        body jsonb NOT NULL,
        sha256 text NOT NULL,
        previous_sha256 text,
        reason text,
        created_by text NOT NULL,
        CONSTRAINT statements_pkey PRIMARY KEY (id),
        CONSTRAINT statements_version_unique UNIQUE (contract_id, period_label, version),
        CONSTRAINT statements_seq_unique UNIQUE (contract_id, seq),
        CONSTRAINT statements_contract_fkey FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE notifications (
        id uuid NOT NULL DEFAULT gen_random_uuid(),
        event_key text NOT NULL,
        event text NOT NULL,
        contract_id uuid NOT NULL,
        breach_id uuid,
        payload jsonb NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL,
        last_error text,
        created_at timestamptz NOT NULL,
        sent_at timestamptz,
        CONSTRAINT notifications_pkey PRIMARY KEY (id),
        CONSTRAINT notifications_event_key_unique UNIQUE (event_key),
        CONSTRAINT notifications_status_check CHECK (status IN ('pending', 'sent', 'failed')),
        CONSTRAINT notifications_contract_fkey FOREIGN KEY (contract_id) REFERENCES contracts (id) ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'pending'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['notifications', 'statements', 'breach_events', 'breaches']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
