import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError } from '../common/errors/domain-error';
import { ContractsService } from './contracts.service';
import { type DeliverableRow, DeliverablesRepository } from './deliverables.repository';
import { CLOCK_SKEW_MS, deliverableStatus, isTrustedDelivery } from './domain/deliverable-status';
import { parseInstant, startOfLocalDate } from './domain/time';
import type { Instant } from '../common/time/instant';

export function deliverableView(d: DeliverableRow, now: Instant) {
  return {
    key: d.key,
    title: d.title,
    due: d.dueAt.toISOString(),
    responsible: d.responsible,
    status: deliverableStatus(d.dueAt, d.deliveredAt, now),
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
    note: d.deliveryNote,
    recordedAt: d.recordedAt?.toISOString() ?? null,
    // A back-dated claim waiting for an admin: the deliverable counts as not delivered meanwhile.
    ...(d.claimedAt ? { claimedAt: d.claimedAt.toISOString(), confirmation: 'required' } : {}),
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
    const recordedAt = new Date(this.clock.now());
    const now = recordedAt.getTime();
    const at = body.deliveredAt === undefined ? recordedAt : parseInstant(body.deliveredAt);
    if (!at)
      throw DomainError.validation([{ path: 'deliveredAt', message: 'must be a timestamp with an offset' }]);
    if (at.getTime() > now + CLOCK_SKEW_MS) {
      throw DomainError.validation([{ path: 'deliveredAt', message: 'must not be in the future' }]);
    }
    const starts = startOfLocalDate(contract.spec.effective.from, contract.spec.timezone);
    if (at.getTime() < starts.getTime()) {
      throw DomainError.validation([
        { path: 'deliveredAt', message: `must not be before the contract starts (${starts.toISOString()})` },
      ]);
    }
    const saved = await this.deliverables.markDelivered(
      deliverable.id,
      at,
      body.note?.trim() || null,
      principal.name,
      recordedAt,
      isTrustedDelivery(principal.role, at, deliverable.dueAt, recordedAt),
    );
    if (!saved) {
      throw new DomainError(
        'conflict',
        deliverable.deliveredAt
          ? `Deliverable ${dkey} was already delivered at ${deliverable.deliveredAt.toISOString()}`
          : `Deliverable ${dkey} already has a delivery claim waiting for an admin's confirmation`,
      );
    }
    return { contract: key, ...deliverableView(saved, now) };
  }
}
