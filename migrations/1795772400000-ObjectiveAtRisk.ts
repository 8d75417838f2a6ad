import type { MigrationInterface, QueryRunner } from 'typeorm';

// When an objective first went at risk in a period (per day for rolling windows), kept as breach state:
// a breach opened later starts its timeline there. It was read back from the mail outbox before;
// existing at-risk events are copied over.
export class ObjectiveAtRisk1795772400000 implements MigrationInterface {
  name = 'ObjectiveAtRisk1795772400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE objective_at_risk (
        objective_id uuid NOT NULL,
        period_key text NOT NULL,
        since timestamptz NOT NULL,
        attainment double precision,
        CONSTRAINT objective_at_risk_pkey PRIMARY KEY (objective_id, period_key),
        CONSTRAINT objective_at_risk_objective_fkey FOREIGN KEY (objective_id) REFERENCES objectives (id) ON DELETE CASCADE
      )`);
    // Keys are `objective.at_risk:<objective id>:<period key>`.
    await q.query(`
      INSERT INTO objective_at_risk (objective_id, period_key, since, attainment)
      SELECT split_part(n.event_key, ':', 2)::uuid,
             substr(n.event_key, length('objective.at_risk:') + 38),
             n.created_at, (n.payload->>'attainment')::float8
        FROM notifications n
       WHERE n.event = 'objective.at_risk'
         AND EXISTS (SELECT 1 FROM objectives o WHERE o.id::text = split_part(n.event_key, ':', 2))
      ON CONFLICT DO NOTHING`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE objective_at_risk`);
  }
}
