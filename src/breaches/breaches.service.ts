import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError, type FieldError } from '../common/errors/domain-error';
import { encodeCursor, pageQuery, UUID } from '../common/http/cursor';
import { parseInstant } from '../contracts/domain/time';
import { type BreachFilter, BreachQueriesRepository, type BreachView } from './breach-queries.repository';
import { type AcknowledgeBody, BREACH_STATUSES } from './breach.dto';
import { BreachesRepository } from './breaches.repository';
import { Transactions } from '../database/transactions';

export interface BreachQuery {
  status?: string;
  contract?: string;
  vendor?: string;
  objective?: string;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: string;
}

/** `GET /breaches`, `GET /breaches/{id}`, `POST /breaches/{id}/acknowledge` (docs/api.md). */
@Injectable()
export class BreachesService {
  constructor(
    private readonly queries: BreachQueriesRepository,
    private readonly breaches: BreachesRepository,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
  ) {}

  async list(
    principal: Principal,
    q: BreachQuery,
  ): Promise<{ items: BreachView[]; nextCursor: string | null }> {
    const errors: FieldError[] = [];
    if (q.status !== undefined && !(BREACH_STATUSES as readonly string[]).includes(q.status)) {
      errors.push({ path: 'status', message: `must be one of ${BREACH_STATUSES.join(', ')}` });
    }
    const from = q.from === undefined ? undefined : parseInstant(q.from);
    if (q.from !== undefined && !from)
      errors.push({ path: 'from', message: 'must be an RFC 3339 timestamp with an offset' });
    const to = q.to === undefined ? undefined : parseInstant(q.to);
    if (q.to !== undefined && !to)
      errors.push({ path: 'to', message: 'must be an RFC 3339 timestamp with an offset' });
    const { after, limit } = pageQuery(q, errors);
    if (errors.length > 0) throw new DomainError('bad_request', 'The query is invalid', errors);

    const filter: BreachFilter = {
      status: q.status,
      contract: q.contract,
      vendor: q.vendor,
      objective: q.objective,
      from,
      to,
      after,
      limit,
      vendorId: principal.role === 'vendor' ? (principal.vendorId ?? undefined) : undefined,
    };
    const page = await this.queries.page(filter);
    return { items: page.items, nextCursor: page.last ? encodeCursor(page.last) : null };
  }

  async get(principal: Principal, id: string): Promise<BreachView> {
    const breach = UUID.test(id) ? await this.queries.one(id) : undefined;
    // Another vendor's breach is answered like a missing one (docs/api.md, access).
    if (!breach || (principal.role === 'vendor' && principal.vendorId !== breach.vendorId)) {
      throw DomainError.notFound(`Breach ${id}`);
    }
    const { vendorId: _vendorId, ...view } = breach;
    return view;
  }

  async acknowledge(id: string, body: AcknowledgeBody): Promise<BreachView> {
    if (!UUID.test(id) || !(await this.queries.one(id))) throw DomainError.notFound(`Breach ${id}`);
    const at = new Date(this.clock.now());
    const done = await this.transactions.run(async (em) => {
      if (!(await this.breaches.acknowledge(em, id, body.by, body.note ?? null, at))) return false;
      await this.breaches.addEvent(em, id, at, 'acknowledged', null, {
        by: body.by,
        note: body.note ?? null,
      });
      return true;
    });
    if (!done)
      throw new DomainError('conflict', `Breach ${id} is not open: only an open breach can be acknowledged`);
    const { vendorId: _vendorId, ...view } = (await this.queries.one(id))!;
    return view;
  }
}
