import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transactions';
import { indicatorSelectors, parseSelector } from './domain/selector';

/**
 * The selectors a vendor's live objectives read (`input_selectors`), kept in step with every apply in
 * the apply's transaction: the roll-up folds samples into each one's buckets and builds them from
 * stored samples once (`ready_at`). A selector no live objective reads any more is dropped with its
 * buckets, so the fold stops paying for it.
 */
@Injectable()
export class InputSelectorsRepository {
  async sync(em: Tx, vendorId: string): Promise<void> {
    const rows: Array<{ indicator: Record<string, unknown> }> = await em.query(
      `SELECT o.definition->'indicator' AS indicator
         FROM objectives o JOIN contracts c ON c.id = o.contract_id
        WHERE c.vendor_id = $1 AND o.removed_at IS NULL`,
      [vendorId],
    );
    const live = new Map<string, { metric: string; matchers: string }>();
    for (const r of rows) {
      for (const key of indicatorSelectors(r.indicator)) {
        const selector = parseSelector(key);
        if ('error' in selector || selector.matchers.length === 0) continue;
        live.set(key, { metric: selector.metric, matchers: JSON.stringify(selector.matchers) });
      }
    }
    const keys = [...live.keys()];
    await em.query(
      `WITH gone AS (
         DELETE FROM input_selectors WHERE vendor_id = $1 AND NOT (input = ANY($2::text[])) RETURNING input
       )
       DELETE FROM metric_rollups r USING gone WHERE r.vendor_id = $1 AND r.metric = gone.input`,
      [vendorId, keys],
    );
    if (keys.length === 0) return;
    await em.query(
      `INSERT INTO input_selectors (vendor_id, input, metric, matchers)
       SELECT $1, i, m, x::jsonb FROM unnest($2::text[], $3::text[], $4::text[]) AS t(i, m, x)
       ON CONFLICT (vendor_id, input) DO NOTHING`,
      [vendorId, keys, keys.map((k) => live.get(k)!.metric), keys.map((k) => live.get(k)!.matchers)],
    );
  }
}
