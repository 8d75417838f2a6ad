import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { OutboxRecord } from '../outbox/outbox.events';

/** A claimed outbox row: its event and payload as the writer built them (the outbox's union). */
export type ClaimedNotification = OutboxRecord & {
  id: string;
  key: string;
  contractId: string;
  breachId: string | null;
  /** This try's number (1 for the first). */
  attempts: number;
  createdAt: Date;
};

export interface Delivered {
  recipients: string[];
  subject: string;
  messageId: string;
  /** Set when the mail went out but something is worth keeping (e.g. no recipients, one rejected). */
  note: string | null;
}

/**
 * The sender's side of the outbox: claim due rows, then record how each try ended. A claim takes a
 * lease (pushes `next_attempt_at` ahead) under `FOR UPDATE SKIP LOCKED`, so replicas never claim the
 * same row while its lease lasts, and a sender that dies mid-send leaves the row to be claimed again
 * when the lease ends. Every outcome is fenced by the try number it claimed: a sender whose lease ran
 * out cannot overwrite the result of the one that took over.
 */
@Injectable()
export class DeliveryRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async claim(at: Date, leaseMs: number, limit: number): Promise<ClaimedNotification[]> {
    const [rows]: [ClaimedNotification[], number] = await this.dataSource.query(
      `UPDATE notifications n SET attempts = n.attempts + 1, next_attempt_at = $2
          WHERE n.id IN (SELECT id FROM notifications
                          WHERE status = 'pending' AND next_attempt_at <= $1
                          ORDER BY next_attempt_at, created_at, id
                          LIMIT $3 FOR UPDATE SKIP LOCKED)
          RETURNING n.id, n.event_key AS key, n.event, n.contract_id AS "contractId",
                    n.breach_id AS "breachId", n.payload, n.attempts, n.created_at AS "createdAt"`,
      [at.toISOString(), new Date(at.getTime() + leaseMs).toISOString(), limit],
    );
    // Oldest first, so a breach's opening mail goes before its reminder or resolution.
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  }

  /** False when this try no longer owns the row. */
  async markSent(c: ClaimedNotification, at: Date, d: Delivered): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications SET status = 'sent', sent_at = $3, recipients = $4, subject = $5, message_id = $6, last_error = $7
        WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [c.id, c.attempts, at.toISOString(), d.recipients, d.subject, d.messageId, d.note],
    );
    return count > 0;
  }

  async markRetry(c: ClaimedNotification, nextAttemptAt: Date, error: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications SET next_attempt_at = $3, last_error = $4
        WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [c.id, c.attempts, nextAttemptAt.toISOString(), error],
    );
    return count > 0;
  }

  async markFailed(c: ClaimedNotification, error: string, d?: Partial<Delivered>): Promise<boolean> {
    const [, count]: [unknown, number] = await this.dataSource.query(
      `UPDATE notifications SET status = 'failed', last_error = $3,
              recipients = COALESCE($4, recipients), subject = COALESCE($5, subject), message_id = COALESCE($6, message_id)
        WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [c.id, c.attempts, error, d?.recipients ?? null, d?.subject ?? null, d?.messageId ?? null],
    );
    return count > 0;
  }

  /** Undoes a claim that was not tried (shutdown): due again at once, the try not counted. */
  async release(c: ClaimedNotification): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET attempts = attempts - 1, next_attempt_at = now()
        WHERE id = $1 AND attempts = $2 AND status = 'pending'`,
      [c.id, c.attempts],
    );
  }

  async pendingCount(): Promise<number> {
    const rows: Array<{ n: number }> = await this.dataSource.query(
      `SELECT count(*)::int AS n FROM notifications WHERE status = 'pending'`,
    );
    return rows[0].n;
  }
}
