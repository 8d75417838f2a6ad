import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** An input (a bare metric or a selector's name) of a vendor and one series it reads. */
export interface InputSeriesRow {
  vendorId: string;
  input: string;
  seriesId: string;
}

/**
 * SQL: series rows a resolution taken at `horizon` may not have seen, `horizon` being the xmin of a
 * snapshot taken before it (every transaction older than it had ended). Compared by age, so the
 * 32-bit row xmin and the 64-bit horizon agree across wraparound.
 */
export const NEWER_THAN_HORIZON = (row: string, horizon: string) =>
  `age(${row}.xmin) <= age((${horizon}::bigint % 4294967296)::text::xid)`;

/** Changes whenever a selector is added, dropped or redefined (also keys SeriesInputs' cache). */
export const SELECTOR_FINGERPRINT = `(SELECT md5(string_agg(vendor_id::text || '|' || input || '|' || metric || '|' || matchers::text, ','
                                    ORDER BY vendor_id, input)) FROM input_selectors)`;

/**
 * SQL: (vendor_id, input, id) of the series each (vendor_id, metric) row of `inputs` (aliased r) reads, kept to
 * rows for which `newer` holds (a condition on `se`). One rule for the cache and the statements.
 */
export const seriesOfInputs = (inputs: string, newer: string) => `
  SELECT r.vendor_id, r.metric AS input, se.id FROM ${inputs}
    LEFT JOIN input_selectors sel ON sel.vendor_id = r.vendor_id AND sel.input = r.metric
    JOIN series se ON se.vendor_id = r.vendor_id AND se.metric = coalesce(sel.metric, r.metric)
                  AND se.kind <> 'cumulative' AND ${newer}
                  AND (sel.matchers IS NULL OR sla_labels_match(se.labels, sel.matchers))`;

/**
 * The series an input reads: every series of a bare metric, or those a selector's matchers keep;
 * never a counter's raw totals (their increase series stand for them).
 */
@Injectable()
export class InputSeriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * The selector set's fingerprint, and the horizon a resolution read after this call has seen
   * every series older than (the xmin of this statement's snapshot).
   */
  async state(): Promise<{ fingerprint: string; horizon: string }> {
    const [row]: Array<{ f: string | null; x: string }> = await this.dataSource.query(
      `SELECT ${SELECTOR_FINGERPRINT} AS f,
              pg_snapshot_xmin(pg_current_snapshot())::text AS x`,
    );
    return { fingerprint: row.f ?? '', horizon: row.x };
  }

  /** The series of each input; with `newerThan`, only rows a resolution at that horizon may have missed. */
  async resolve(
    inputs: ReadonlyArray<{ vendorId: string; input: string }>,
    newerThan: string | null,
  ): Promise<InputSeriesRow[]> {
    if (inputs.length === 0) return [];
    const rows: Array<{ vendor_id: string; input: string; id: string }> = await this.dataSource.query(
      seriesOfInputs(
        'unnest($1::uuid[], $2::text[]) AS r(vendor_id, metric)',
        `($3::text IS NULL OR ${NEWER_THAN_HORIZON('se', '$3')})`,
      ),
      [inputs.map((i) => i.vendorId), inputs.map((i) => i.input), newerThan],
    );
    return rows.map((r) => ({ vendorId: r.vendor_id, input: r.input, seriesId: r.id }));
  }
}
