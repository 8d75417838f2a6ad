import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import type { NotificationEvent } from './domain/events';

export interface OutboxEntry {
  /** Unique per event (e.g. `breach.reminder:<id>:3`): a second insert is a no-op. */
  key: string;
  event: NotificationEvent;
  contractId: string;
  breachId?: string;
  payload: Record<string, unknown>;
  at: Date;
}

/**
 * The notification outbox (alerts.md): rows written in the caller's transaction, together with the
 * state change that causes them, so an event exists exactly when its change committed.
 */
@Injectable()
export class OutboxRepository {
  /** True when the row is new. */
  async record(em: EntityManager, e: OutboxEntry): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO notifications (event_key, event, contract_id, breach_id, payload, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (event_key) DO NOTHING RETURNING id`,
      [e.key, e.event, e.contractId, e.breachId ?? null, JSON.stringify(e.payload), e.at.toISOString()],
    );
    return rows.length > 0;
  }

  /** When an event was recorded, with its payload (e.g. the at-risk event before a breach). */
  async find(
    em: EntityManager,
    key: string,
  ): Promise<{ at: Date; payload: Record<string, unknown> } | undefined> {
    const rows: Array<{ created_at: Date; payload: Record<string, unknown> }> = await em.query(
      `SELECT created_at, payload FROM notifications WHERE event_key = $1`,
      [key],
    );
    return rows[0] ? { at: rows[0].created_at, payload: rows[0].payload } : undefined;
  }
}
