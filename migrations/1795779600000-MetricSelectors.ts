import type { MigrationInterface, QueryRunner } from 'typeorm';

// Metric selectors (`http_requests_total{code!~"5.."}`): every selector a live objective reads gets a
// row, keyed by its canonical text, with its metric and matchers. The roll-up folds each sample into
// its metric's buckets and into those of every selector of that metric its series matches, so a
// selector's figures come from buckets like a bare metric's. `ready_at` is set once the selector's
// buckets were built from the samples stored before it existed.
export class MetricSelectors1795779600000 implements MigrationInterface {
  name = 'MetricSelectors1795779600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE input_selectors (
        vendor_id uuid NOT NULL,
        input text NOT NULL,
        metric text NOT NULL,
        matchers jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        ready_at timestamptz,
        CONSTRAINT input_selectors_pkey PRIMARY KEY (vendor_id, input),
        CONSTRAINT input_selectors_vendor_fkey FOREIGN KEY (vendor_id) REFERENCES vendors (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX input_selectors_metric_idx ON input_selectors (vendor_id, metric)`);
    // PromQL's rules: a missing label reads as ""; regexes match the whole value. The patterns were
    // checked at apply time to use only syntax RE2, JavaScript and PostgreSQL read the same way.
    await q.query(`
      CREATE FUNCTION sla_labels_match(labels jsonb, matchers jsonb) RETURNS boolean
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(bool_and(CASE m->>'op'
                 WHEN '=' THEN coalesce(labels->>(m->>'name'), '') = m->>'value'
                 WHEN '!=' THEN coalesce(labels->>(m->>'name'), '') <> m->>'value'
                 WHEN '=~' THEN coalesce(labels->>(m->>'name'), '') ~ ('^(?:' || (m->>'value') || ')$')
                 WHEN '!~' THEN coalesce(labels->>(m->>'name'), '') !~ ('^(?:' || (m->>'value') || ')$')
               END), true)
          FROM jsonb_array_elements(matchers) m
      $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM metric_rollups WHERE metric LIKE '%{%'`);
    await q.query(`DROP FUNCTION sla_labels_match(jsonb, jsonb)`);
    await q.query(`DROP TABLE input_selectors`);
  }
}
