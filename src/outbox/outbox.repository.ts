import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { OutboxEvent } from './outbox.events';

/**
 * The notification outbox: rows written in the caller's transaction, together with the state change
 * that causes them, so an event exists exactly when its change committed. The mail sender reads it.
 */
@Injectable()
export class OutboxRepository {
  /** True when the row is new (the key is unique: a second record is a no-op). */
  async record(em: EntityManager, contractId: string, at: Date, e: OutboxEvent): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO notifications (event_key, event, contract_id, breach_id, payload, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (event_key) DO NOTHING RETURNING id`,
      [
        e.key,
        e.event,
        contractId,
        'breachId' in e ? e.breachId : null,
        JSON.stringify(e.payload),
        at.toISOString(),
      ],
    );
    return rows.length > 0;
  }
}
