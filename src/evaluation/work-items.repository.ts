import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ItemEvent } from './domain/deadline';

export interface WorkItemHistory {
  attributes: Record<string, unknown>;
  /** Sorted by (timestamp, arrival). */
  events: ItemEvent[];
}

/** Work items with their events, for deadline objectives. */
@Injectable()
export class WorkItemsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Items of one type whose first event is before `before`, for several (vendor, item) pairs in one
   * statement. Every such item is read: a long pause can put its due instant far after its events.
   */
  async histories(
    keys: Array<{ vendorId: string; item: string }>,
    before: number,
  ): Promise<WorkItemHistory[][]> {
    const out: WorkItemHistory[][] = keys.map(() => []);
    if (keys.length === 0) return out;
    const rows: Array<{
      k: string;
      id: string;
      attributes: Record<string, unknown>;
      action: string;
      ts: Date;
      received_at: Date | null;
    }> = await this.dataSource.query(
      `SELECT k.i AS k, wi.id, wi.attributes, e.action, e.ts, e.received_at
           FROM unnest($1::uuid[], $2::text[]) WITH ORDINALITY AS k(v, item, i)
           JOIN work_items wi ON wi.vendor_id = k.v AND wi.item = k.item AND wi.first_event_at < $3
           JOIN work_item_events e ON e.work_item_id = wi.id
          ORDER BY k.i, wi.id, e.ts, e.seq`,
      [keys.map((k) => k.vendorId), keys.map((k) => k.item), new Date(before).toISOString()],
    );
    let current: { key: number; id: string; history: WorkItemHistory } | undefined;
    for (const r of rows) {
      const key = Number(r.k) - 1;
      if (!current || current.key !== key || current.id !== r.id) {
        current = { key, id: r.id, history: { attributes: r.attributes, events: [] } };
        out[key].push(current.history);
      }
      current.history.events.push({
        action: r.action,
        ts: r.ts.getTime(),
        ...(r.received_at ? { receivedAt: r.received_at.getTime() } : {}),
      });
    }
    return out;
  }
}
