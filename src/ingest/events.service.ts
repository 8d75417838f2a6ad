import { Injectable } from '@nestjs/common';
import { retryingTransient } from '../database/transient';
import { Transactions, type Tx } from '../database/transactions';
import type { Principal } from '../access/domain/roles';
import { checkEvent, type EventRejection, isEventRejection } from './domain/events';
import { EventsRepository } from './events.repository';
import { IdempotencyService } from './idempotency.service';
import { IngestGate } from './ingest-gate';
import { IngestMetrics } from './ingest.metrics';

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
    private readonly transactions: Transactions,
  ) {}

  async ingest(
    principal: Principal,
    body: { events: Array<Record<string, unknown>> },
    idempotencyKey?: string,
  ): Promise<EventsAnswer> {
    const { vendorId, now, checked, rejected } = await this.gate.admit(
      principal,
      body.events,
      'events',
      checkEvent,
      isEventRejection,
    );
    const receivedAt = new Date(now);
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
