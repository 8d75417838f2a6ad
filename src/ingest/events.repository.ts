import { Injectable } from '@nestjs/common';
import { compareText } from '../common/values';
import type { Tx } from '../database/transactions';
import type { CheckedEvent } from './domain/events';

/** Work items and their events; attributes are re-merged in event order whenever an item gets events. */
@Injectable()
export class EventsRepository {
  /** Stores the events in the caller's transaction; returns how many were new. */
  async insert(em: Tx, vendorId: string, events: CheckedEvent[], at: Date): Promise<number> {
    if (events.length === 0) return 0;
    // One row per item, with the event time span of this request (an upsert may touch a row only once).
    const items = new Map<string, { item: string; id: string; first: number; last: number }>();
    for (const e of events) {
      const key = `${e.item}\u0000${e.id}`;
      const found = items.get(key);
      if (!found) items.set(key, { item: e.item, id: e.id, first: e.epochMs, last: e.epochMs });
      else {
        found.first = Math.min(found.first, e.epochMs);
        found.last = Math.max(found.last, e.epochMs);
      }
    }
    // One lock order for every request (item, then id): overlapping requests wait, never deadlock.
    const list = [...items.values()].sort((a, b) => compareText(a.item, b.item) || compareText(a.id, b.id));
    const rows: Array<{ id: string; item: string; item_id: string }> = await em.query(
      `INSERT INTO work_items (vendor_id, item, item_id, first_event_at, last_event_at, updated_at)
       SELECT $1, i, d, f, l, $6
         FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[]) WITH ORDINALITY AS t(i, d, f, l, n)
        ORDER BY n
       ON CONFLICT (vendor_id, item, item_id) DO UPDATE SET
         first_event_at = least(work_items.first_event_at, EXCLUDED.first_event_at),
         last_event_at = greatest(work_items.last_event_at, EXCLUDED.last_event_at),
         updated_at = EXCLUDED.updated_at
       RETURNING id, item, item_id`,
      [
        vendorId,
        list.map((i) => i.item),
        list.map((i) => i.id),
        list.map((i) => new Date(i.first)),
        list.map((i) => new Date(i.last)),
        at,
      ],
    );
    const ids = new Map(rows.map((r) => [`${r.item}\u0000${r.item_id}`, r.id]));
    const inserted: Array<{ work_item_id: string; has_attributes: boolean }> = await em.query(
      `INSERT INTO work_item_events (work_item_id, action, ts, attributes, received_at)
       SELECT w, a, ts, attrs::jsonb, $5 FROM unnest($1::bigint[], $2::text[], $3::timestamptz[], $4::text[]) AS t(w, a, ts, attrs)
       ON CONFLICT (work_item_id, action, ts) DO NOTHING
       RETURNING work_item_id, attributes IS NOT NULL AS has_attributes`,
      [
        events.map((e) => ids.get(`${e.item}\u0000${e.id}`)),
        events.map((e) => e.action),
        events.map((e) => e.timestamp),
        events.map((e) => (e.attributes ? JSON.stringify(e.attributes) : null)),
        at,
      ],
    );
    const touched = [...new Set(inserted.filter((r) => r.has_attributes).map((r) => r.work_item_id))];
    if (touched.length > 0) {
      // Later events win: aggregate every event's attributes in (timestamp, arrival) order.
      await em.query(
        `UPDATE work_items w SET attributes = m.attrs
           FROM (SELECT e.work_item_id, jsonb_object_agg(a.key, a.value ORDER BY e.ts, e.seq) AS attrs
                   FROM work_item_events e CROSS JOIN LATERAL jsonb_each(e.attributes) a
                  WHERE e.work_item_id = ANY($1::bigint[]) AND e.attributes IS NOT NULL
                  GROUP BY e.work_item_id) m
          WHERE w.id = m.work_item_id`,
        [touched],
      );
    }
    return inserted.length;
  }
}
