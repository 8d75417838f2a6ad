import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import { ContractsService } from './contracts.service';
import { type DeliverableRow, DeliverablesRepository } from './deliverables.repository';
import { deliverableStatus } from './domain/deliverable-status';
import { parseInstant } from './domain/time';

/** Deliveries stamped this far ahead of the server clock are refused (clock skew allowance). */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

export function deliverableView(d: DeliverableRow, now: Date) {
  return {
    key: d.key,
    title: d.title,
    due: d.dueAt.toISOString(),
    responsible: d.responsible,
    status: deliverableStatus(d.dueAt, d.deliveredAt, now),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    note: d.deliveryNote,
  };
}

@Injectable()
export class DeliverablesService {
  constructor(
    private readonly contracts: ContractsService,
    private readonly deliverables: DeliverablesRepository,
    private readonly clock: Clock,
  ) {}

  async deliver(
    principal: Principal,
    key: string,
    dkey: string,
    body: { deliveredAt?: string; note?: string },
  ) {
    const contract = await this.contracts.visible(principal, key);
    const deliverable = await this.deliverables.findActive(contract.id, dkey);
    if (!deliverable) throw DomainError.notFound(`Deliverable ${dkey} of contract ${key}`);
    const now = this.clock.now();
    const at = body.deliveredAt === undefined ? now : parseInstant(body.deliveredAt);
    if (!at)
      throw DomainError.validation([{ path: 'deliveredAt', message: 'must be a timestamp with an offset' }]);
    if (at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) {
      throw DomainError.validation([{ path: 'deliveredAt', message: 'must not be in the future' }]);
    }
    const saved = await this.deliverables.markDelivered(
      deliverable.id,
      at,
      body.note?.trim() || null,
      principal.name,
    );
    if (!saved) {
      throw new DomainError(
        'conflict',
        `Deliverable ${dkey} was already delivered at ${deliverable.deliveredAt?.toISOString() ?? 'an earlier time'}`,
      );
    }
    return { contract: key, ...deliverableView(saved, now) };
  }
}
