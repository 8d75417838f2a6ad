import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ObjectiveResult } from './evaluation.result';
import { isoAt, finiteOrNull } from '../common/values';

/** The latest result per objective and one history row per objective and hour. */
@Injectable()
export class EvaluationResultsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async save(results: ObjectiveResult[]): Promise<void> {
    for (let i = 0; i < results.length; i += 5_000) {
      const part = results.slice(i, i + 5_000);
      const col = <T>(f: (r: ObjectiveResult) => T) => part.map(f);
      await this.dataSource.query(
        `INSERT INTO objective_evaluations (objective_id, contract_id, contract_version, evaluated_at, period_label,
                                            period_start, period_end, status, attainment, counted, budget_consumed,
                                            burn_rate, result)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::timestamptz[], $5::text[], $6::timestamptz[],
                              $7::timestamptz[], $8::text[], $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::jsonb[])
         ON CONFLICT (objective_id) DO UPDATE SET contract_id = EXCLUDED.contract_id,
           contract_version = EXCLUDED.contract_version, evaluated_at = EXCLUDED.evaluated_at,
           period_label = EXCLUDED.period_label, period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end,
           status = EXCLUDED.status, attainment = EXCLUDED.attainment, counted = EXCLUDED.counted,
           budget_consumed = EXCLUDED.budget_consumed, burn_rate = EXCLUDED.burn_rate, result = EXCLUDED.result`,
        [
          col((r) => r.objectiveId),
          col((r) => r.contractId),
          col((r) => r.contractVersion),
          col((r) => isoAt(r.evaluatedAt)),
          col((r) => r.period.label),
          col((r) => isoAt(r.period.start)),
          col((r) => isoAt(r.period.end)),
          col((r) => r.status),
          col((r) => finiteOrNull(r.attainment)),
          col((r) => r.counted),
          col((r) => finiteOrNull(r.budget?.consumed ?? null)),
          col((r) => finiteOrNull(r.burnRate)),
          col((r) =>
            JSON.stringify(r, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)),
          ),
        ],
      );
      await this.dataSource.query(
        `INSERT INTO evaluation_history (objective_id, hour, evaluated_at, period_label, status, attainment, budget_consumed)
         SELECT o, date_trunc('hour', e, 'UTC'), e, p, s, a, b
           FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::float8[], $6::float8[]) AS x(o, e, p, s, a, b)
         ON CONFLICT (objective_id, hour) DO UPDATE SET evaluated_at = EXCLUDED.evaluated_at,
           period_label = EXCLUDED.period_label, status = EXCLUDED.status, attainment = EXCLUDED.attainment,
           budget_consumed = EXCLUDED.budget_consumed`,
        [
          col((r) => r.objectiveId),
          col((r) => isoAt(r.evaluatedAt)),
          col((r) => r.period.label),
          col((r) => r.status),
          col((r) => finiteOrNull(r.attainment)),
          col((r) => finiteOrNull(r.budget?.consumed ?? null)),
        ],
      );
    }
  }

  /** Stored results of a contract's objectives, by objective id. */
  async forContract(contractId: string): Promise<Map<string, ObjectiveResult>> {
    const rows: Array<{ objective_id: string; result: ObjectiveResult }> = await this.dataSource.query(
      `SELECT objective_id, result FROM objective_evaluations WHERE contract_id = $1`,
      [contractId],
    );
    return new Map(rows.map((r) => [r.objective_id, r.result]));
  }

  /** The stored results of these objectives (a replica that did not run the pass reads them here). */
  async forObjectives(objectiveIds: string[]): Promise<ObjectiveResult[]> {
    const rows: Array<{ result: ObjectiveResult }> = await this.dataSource.query(
      `SELECT result FROM objective_evaluations WHERE objective_id = ANY($1::uuid[])`,
      [objectiveIds],
    );
    return rows.map((r) => r.result);
  }

  /** When the last pass (on any replica) evaluated anything; null before the first. */
  async lastEvaluatedAt(): Promise<Date | null> {
    const rows: Array<{ at: Date | null }> = await this.dataSource.query(
      `SELECT max(evaluated_at) AS at FROM objective_evaluations`,
    );
    return rows[0]?.at ?? null;
  }
}
