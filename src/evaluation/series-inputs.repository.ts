import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { SELECTOR_FINGERPRINT } from './input-series.repository';

/** A series and one input it folds into: its metric, or a selector of that metric it matches. */
export interface SeriesInput {
  seriesId: string;
  vendorId: string;
  input: string;
}

/** Reads for SeriesInputs: the selector set's fingerprint, a step's series, and their matches. */
@Injectable()
export class SeriesInputsRepository {
  /** Changes whenever a selector is added, dropped or redefined. */
  async fingerprint(em: EntityManager): Promise<string> {
    const [row]: Array<{ f: string | null }> = await em.query(`SELECT ${SELECTOR_FINGERPRINT} AS f`);
    return row.f ?? '';
  }

  /** The distinct series the batches inserted rows of, except counters' raw totals. */
  async seriesOf(em: EntityManager, batchIds: string[]): Promise<string[]> {
    const rows: Array<{ id: string }> = await em.query(
      `SELECT se.id FROM series se
        WHERE se.id IN (SELECT DISTINCT s.series_id FROM samples s
                         WHERE s.batch_id BETWEEN $1 AND $2 AND s.batch_id = ANY($3::bigint[]))
          AND se.kind <> 'cumulative'`,
      [batchIds[0], batchIds[batchIds.length - 1], batchIds],
    );
    return rows.map((r) => r.id);
  }

  /** Each series' inputs: its metric, and every selector of that metric its labels match. */
  async match(em: EntityManager, seriesIds: string[]): Promise<SeriesInput[]> {
    const rows: Array<{ series_id: string; vendor_id: string; input: string }> = await em.query(
      `SELECT se.id AS series_id, se.vendor_id, se.metric AS input FROM series se WHERE se.id = ANY($1::bigint[])
       UNION ALL
       SELECT se.id, se.vendor_id, sel.input
         FROM series se JOIN input_selectors sel ON sel.vendor_id = se.vendor_id AND sel.metric = se.metric
        WHERE se.id = ANY($1::bigint[]) AND sla_labels_match(se.labels, sel.matchers)`,
      [seriesIds],
    );
    return rows.map((r) => ({ seriesId: r.series_id, vendorId: r.vendor_id, input: r.input }));
  }
}
