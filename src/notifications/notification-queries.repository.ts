import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Cursor } from '../common/http/cursor';
import type { NotificationEvent, NotificationStatus } from './domain/events';

export interface NotificationView {
  id: string;
  key: string;
  event: NotificationEvent;
  contract: string;
  breachId: string | null;
  status: NotificationStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  sentAt: string | null;
  lastError: string | null;
  recipients: string[];
  subject: string | null;
  messageId: string | null;
}

interface Row {
  id: string;
  event_key: string;
  event: NotificationEvent;
  contract: string;
  breach_id: string | null;
  status: NotificationStatus;
  attempts: number;
  created_at: Date;
  next_attempt_at: Date;
  sent_at: Date | null;
  last_error: string | null;
  recipients: string[];
  subject: string | null;
  message_id: string | null;
}

/** The outbox as the API shows it: newest first, by status, a page at a time. */
@Injectable()
export class NotificationQueriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(f: {
    status?: NotificationStatus;
    after?: Cursor;
    limit: number;
  }): Promise<{ items: NotificationView[]; last?: Cursor }> {
    const params: unknown[] = [f.status ?? null, f.limit + 1];
    let after = '';
    if (f.after) {
      params.push(f.after.at.toISOString(), f.after.id);
      after = `AND (n.created_at, n.id) < ($3::timestamptz, $4::uuid)`;
    }
    const rows: Row[] = await this.dataSource.query(
      `SELECT n.id, n.event_key, n.event, c.key AS contract, n.breach_id, n.status, n.attempts, n.created_at,
              n.next_attempt_at, n.sent_at, n.last_error, n.recipients, n.subject, n.message_id
         FROM notifications n JOIN contracts c ON c.id = n.contract_id
        WHERE ($1::text IS NULL OR n.status = $1) ${after}
        ORDER BY n.created_at DESC, n.id DESC LIMIT $2`,
      params,
    );
    const more = rows.length > f.limit;
    const page = rows.slice(0, f.limit);
    const tail = page[page.length - 1];
    return {
      items: page.map((r) => ({
        id: r.id,
        key: r.event_key,
        event: r.event,
        contract: r.contract,
        breachId: r.breach_id,
        status: r.status,
        attempts: r.attempts,
        createdAt: r.created_at.toISOString(),
        nextAttemptAt: r.status === 'pending' ? r.next_attempt_at.toISOString() : null,
        sentAt: r.sent_at?.toISOString() ?? null,
        lastError: r.last_error,
        recipients: r.recipients,
        subject: r.subject,
        messageId: r.message_id,
      })),
      last: more && tail ? { at: tail.created_at, id: tail.id } : undefined,
    };
  }
}
