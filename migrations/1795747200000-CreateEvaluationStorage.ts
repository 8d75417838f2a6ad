import type { MigrationInterface, QueryRunner } from 'typeorm';

// Evaluation storage: hour and day roll-ups of every (vendor, metric) so a tick reads a few buckets
// instead of every raw sample of a long window; per-objective timeslice counts cached by hour and day;
// the latest result of every objective and a compact hourly history of them.
export class CreateEvaluationStorage1795747200000 implements MigrationInterface {
  name = 'CreateEvaluationStorage1795747200000';

  async up(q: QueryRunner): Promise<void> {
    // level 1 = hour, 2 = day (UTC), 3 = 7-day week aligned to the Unix epoch. max_gap_ms is the largest step between consecutive timestamps
    // inside the bucket, kept for metrics a freshness objective reads; digest_* are the distinct
    // values with their counts, kept for metrics a percentile objective reads. NULL = not kept, or
    // unknown after out-of-order data: readers then read the bucket's raw samples.
    await q.query(`
      CREATE TABLE metric_rollups (
        vendor_id uuid NOT NULL,
        metric text NOT NULL,
        level smallint NOT NULL,
        bucket timestamptz NOT NULL,
        count bigint NOT NULL,
        sum double precision NOT NULL,
        min double precision NOT NULL,
        max double precision NOT NULL,
        first_ts timestamptz NOT NULL,
        last_ts timestamptz NOT NULL,
        last_value double precision NOT NULL,
        max_gap_ms double precision,
        digest_values double precision[],
        digest_counts bigint[],
        CONSTRAINT metric_rollups_pkey PRIMARY KEY (vendor_id, metric, level, bucket),
        CONSTRAINT metric_rollups_level_check CHECK (level IN (1, 2, 3)),
        CONSTRAINT metric_rollups_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE timeslice_chunks (
        objective_id uuid NOT NULL,
        definition text NOT NULL,
        level smallint NOT NULL,
        bucket timestamptz NOT NULL,
        span_end timestamptz NOT NULL,
        vendor_id uuid NOT NULL,
        metric text NOT NULL,
        good integer NOT NULL,
        bad integer NOT NULL,
        empty integer NOT NULL,
        CONSTRAINT timeslice_chunks_pkey PRIMARY KEY (objective_id, definition, level, bucket),
        CONSTRAINT timeslice_chunks_level_check CHECK (level IN (1, 2)),
        CONSTRAINT timeslice_chunks_objective_fkey FOREIGN KEY (objective_id) REFERENCES objectives (id) ON DELETE CASCADE
      )`);
    // Late data for (vendor, metric) inside [bucket, span_end) (the samples a chunk read) invalidates it.
    await q.query(`CREATE INDEX timeslice_chunks_data_idx ON timeslice_chunks (vendor_id, metric, bucket)`);
    await q.query(`
      CREATE TABLE objective_evaluations (
        objective_id uuid NOT NULL,
        contract_id uuid NOT NULL,
        contract_version integer NOT NULL,
        evaluated_at timestamptz NOT NULL,
        period_label text NOT NULL,
        period_start timestamptz NOT NULL,
        period_end timestamptz NOT NULL,
        status text NOT NULL,
        attainment double precision,
        counted double precision NOT NULL,
        budget_consumed double precision,
        burn_rate double precision,
        result jsonb NOT NULL,
        CONSTRAINT objective_evaluations_pkey PRIMARY KEY (objective_id),
        CONSTRAINT objective_evaluations_status_check CHECK (status IN ('met', 'at_risk', 'breached', 'no_data')),
        CONSTRAINT objective_evaluations_objective_fkey FOREIGN KEY (objective_id) REFERENCES objectives (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX objective_evaluations_contract_idx ON objective_evaluations (contract_id)`);
    // One row per objective and hour (the hour's last evaluation): enough for charts and statements.
    await q.query(`
      CREATE TABLE evaluation_history (
        objective_id uuid NOT NULL,
        hour timestamptz NOT NULL,
        evaluated_at timestamptz NOT NULL,
        period_label text NOT NULL,
        status text NOT NULL,
        attainment double precision,
        budget_consumed double precision,
        CONSTRAINT evaluation_history_pkey PRIMARY KEY (objective_id, hour),
        CONSTRAINT evaluation_history_objective_fkey FOREIGN KEY (objective_id) REFERENCES objectives (id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'evaluation_history',
      'objective_evaluations',
      'timeslice_chunks',
      'metric_rollups',
    ]) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
