import { Inject, Injectable, Logger } from '@nestjs/common';
import type { SendMailOptions } from 'nodemailer';
import { Clock } from '../common/clock';
import type { AppConfig } from '../config/config';
import { APP_CONFIG } from '../config/config.module';
import { statementCsv } from '../statements/domain/statement';
import { StatementsRepository } from '../statements/statements.repository';
import { composeMail } from './domain/compose';
import type { SendResult } from './domain/events';
import { headerText, messageIdDomain, threadOf } from './domain/headers';
import { recipientsFor } from './domain/recipients';
import { afterFailure, classifyFailure } from './domain/retry';
import { type ClaimedNotification, DeliveryRepository } from './delivery.repository';
import { MailContextRepository } from './mail-context.repository';
import { MailTemplatesProvider } from './mail-templates';
import { MailTransport } from './mail-transport';
import { NotificationMetrics } from './notifications.metrics';
import type { Instant } from '../common/time/instant';

/** Longer than the slowest possible try (connect 10 s + greeting 10 s + socket 30 s, with margin). */
const LEASE_MS = 5 * 60_000;
const BATCH = 20;
/** Batches per run, so one run ends and the next tick (or a shutdown) gets its turn. */
const MAX_BATCHES = 25;

export interface SendRun {
  sent: number;
  retried: number;
  failed: number;
}

const errorText = (error: unknown): string =>
  headerText(error instanceof Error ? error.message : String(error), 500);

/**
 * Sends what the outbox holds (docs/notifications.md): claims due rows, composes each mail from the templates and
 * the contract's current people, sends it, and records the outcome. At least once: a crash between the
 * send and the record resends once, with the same Message-ID.
 */
@Injectable()
export class NotificationSender {
  private readonly logger = new Logger(NotificationSender.name);
  private readonly domain: string;
  private running?: Promise<SendRun>;
  private stopping = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly delivery: DeliveryRepository,
    private readonly context: MailContextRepository,
    private readonly statements: StatementsRepository,
    private readonly templates: MailTemplatesProvider,
    private readonly transport: MailTransport,
    private readonly metrics: NotificationMetrics,
    private readonly clock: Clock,
  ) {
    this.domain = messageIdDomain(config.mailFrom);
  }

  get busy(): boolean {
    return this.running !== undefined;
  }

  /** Shutdown: the mail in hand is finished and recorded, no further one is claimed. */
  stop(): void {
    this.stopping = true;
  }

  /** One run over every due mail; a call while a run is going joins it. */
  run(now?: Instant): Promise<SendRun> {
    this.running ??= this.sendDue(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async sendDue(at?: Instant): Promise<SendRun> {
    const run: SendRun = { sent: 0, retried: 0, failed: 0 };
    try {
      for (let batch = 0; batch < MAX_BATCHES && !this.stopping; batch++) {
        const now = at ?? this.clock.now();
        const claimed = await this.delivery.claim(new Date(now), LEASE_MS, BATCH);
        for (const row of claimed) {
          // Claimed but not tried: give the row straight back rather than wait out the lease.
          if (this.stopping) {
            await this.delivery.release(row);
            continue;
          }
          const result = await this.deliver(row, at ?? this.clock.now());
          this.metrics.sent.inc({ event: row.event, result });
          if (result === 'sent') run.sent++;
          else if (result === 'retry') run.retried++;
          else run.failed++;
        }
        if (claimed.length < BATCH) break;
      }
    } finally {
      await this.countPending().catch(() => this.metrics.pending.set(Number.NaN));
    }
    if (run.sent + run.retried + run.failed > 0) this.logger.log({ msg: 'Notifications', ...run });
    return run;
  }

  /** `sla_notifications_pending`, read after each run (and on replicas that do not send). */
  async countPending(): Promise<void> {
    this.metrics.pending.set(await this.delivery.pendingCount());
  }

  private async deliver(row: ClaimedNotification, now: Instant): Promise<SendResult> {
    let message: SendMailOptions & { to: string[]; subject: string; messageId: string };
    try {
      message = await this.compose(row, now);
    } catch (error) {
      // A mail that cannot be composed will not compose later either: keep it for inspection.
      this.logger.error({ msg: 'Notification could not be composed', key: row.key, err: errorText(error) });
      await this.delivery.markFailed(row, `compose: ${errorText(error)}`);
      return 'failed';
    }
    const record = { recipients: message.to, subject: message.subject, messageId: message.messageId };
    if (message.to.length === 0) {
      await this.delivery.markSent(row, new Date(now), {
        ...record,
        note: 'no recipients: nothing was sent',
      });
      return 'sent';
    }
    try {
      const outcome = await this.transport.send(message, row.key);
      const note = outcome.rejected.length > 0 ? `rejected: ${outcome.rejected.join(', ')}` : null;
      await this.delivery.markSent(row, new Date(now), { ...record, note });
      return 'sent';
    } catch (error) {
      const failure = error as { code?: unknown; responseCode?: unknown };
      const next = afterFailure(classifyFailure(failure), row.attempts, now, Math.random());
      const reason = errorText(error);
      if (next.status === 'failed') {
        this.logger.warn({ msg: 'Notification failed', key: row.key, attempts: row.attempts, err: reason });
        await this.delivery.markFailed(row, reason, record);
        return 'failed';
      }
      await this.delivery.markRetry(row, new Date(next.nextAttemptAt), reason);
      return 'retry';
    }
  }

  private async compose(row: ClaimedNotification, now: Instant) {
    const ctx = await this.context.contract(row.contractId);
    if (!ctx) throw new Error('the contract no longer exists');
    const breach = row.breachId ? await this.context.breach(row.breachId) : undefined;
    const mail = composeMail(
      {
        ...row,
        contract: ctx.contract,
        breach,
        publicUrl: this.config.publicUrl,
      },
      this.templates.templates,
    );
    const p = row.payload;
    const label = 'period' in p && typeof p.period === 'object' ? p.period.label : undefined;
    const version = row.event === 'period.statement' ? row.payload.version : undefined;
    const thread = threadOf(row.event, row.key, this.domain, {
      breachId: row.breachId ?? undefined,
      contractId: row.contractId,
      period: label,
      version,
    });
    const attachments: SendMailOptions['attachments'] = [];
    if (row.event === 'period.statement' && label && version !== undefined) {
      const statement = await this.statements.find(row.contractId, label, version);
      if (!statement) throw new Error(`statement ${label} v${version} is missing`);
      attachments.push({
        filename: `${ctx.contract.key}-${label}${version > 1 ? `-v${version}` : ''}.csv`.replace(
          /[^A-Za-z0-9.-]/g,
          '_',
        ),
        content: statementCsv(statement.body),
        contentType: 'text/csv; charset=utf-8',
      });
    }
    return {
      from: this.config.mailFrom,
      to: recipientsFor(row.event, ctx.audience),
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: thread.messageId,
      inReplyTo: thread.inReplyTo,
      references: thread.references,
      date: new Date(now),
      attachments,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-SLA-Event': row.event },
    };
  }
}
