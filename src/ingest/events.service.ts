import { Injectable } from '@nestjs/common';
import { retryingTransient } from '../database/transient';
import { Transactions, type Tx } from '../database/transactions';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import { type CheckedEvent, checkEvent, type EventRejection, isEventRejection } from './domain/events';
import { EventsRepository } from './events.repository';
import { IdempotencyService } from './idempotency.service';
import { IngestGate } from './ingest-gate';
import { IngestMetrics } from './ingest.metrics';
import { MAX_SAMPLES } from './samples.service';

export interface EventsAnswer {
  accepted: number;
  duplicates: number;
  rejected: EventRejection[];
}

@Injectable()
export class EventsService {
  constructor(
    private readonly gate: IngestGate,
    private readonly events: EventsRepository,
    private readonly idempotency: IdempotencyService,
    private readonly metrics: IngestMetrics,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
  ) {}

  async ingest(
    principal: Principal,
    body: { events: Array<Record<string, unknown>> },
    idempotencyKey?: string,
  ): Promise<EventsAnswer> {
    const vendorId = this.gate.vendorOf(principal);
    if (body.events.length > MAX_SAMPLES) {
      throw new DomainError(
        'payload_too_large',
        `At most ${MAX_SAMPLES} events per request, got ${body.events.length}`,
      );
    }
    const now = this.clock.now();
    const receivedAt = new Date(now);
    const ctx = { now, ...(await this.gate.timeContext(vendorId, now)) };
    const rejected: EventRejection[] = [];
    const checked: CheckedEvent[] = [];
    body.events.forEach((raw, i) => {
      const result = checkEvent(raw, i, ctx);
      if (isEventRejection(result)) rejected.push(result);
      else checked.push(result);
    });
    const store = async (em: Tx): Promise<EventsAnswer> => {
      const accepted = await this.events.insert(em, vendorId, checked, receivedAt);
      return { accepted, duplicates: checked.length - accepted, rejected };
    };
    const answer = await retryingTransient(() =>
      idempotencyKey
        ? this.idempotency.once(vendorId, 'events', idempotencyKey, body, now, store)
        : this.transactions.run(store),
    );
    this.metrics.events.inc({ result: 'accepted' }, answer.accepted);
    this.metrics.events.inc({ result: 'duplicate' }, answer.duplicates);
    this.metrics.events.inc({ result: 'rejected' }, answer.rejected.length);
    return answer;
  }
}
