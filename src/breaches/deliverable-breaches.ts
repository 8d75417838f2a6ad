import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { deliverableStatus } from '../contracts/domain/deliverable-status';
import { calendarPeriodAt } from '../common/time/calendar';
import type { ActiveContract } from '../contracts/active-contracts.repository';
import { type DeliverablePayload, outboxEvent } from '../outbox/outbox.events';
import { OutboxRepository } from '../outbox/outbox.repository';
import type { DeliverableRow } from '../contracts/deliverables.repository';
import { BreachesRepository, type OpenBreach } from './breaches.repository';
import { deliverableDueSoon } from './domain/lifecycle';
import type { Instant } from '../common/time/instant';

export interface LifecycleCounts {
  opened: number;
  resolved: number;
}

export interface Tally extends LifecycleCounts {
  /** Breaches resolved or delivered late in this pass. */
  closedIds: Set<string>;
}

/**
 * The breach lifecycle of one-off deliverables: due soon, missed (a breach opens), delivered late
 * (it closes as such), or confirmed on time after a back-dated claim (it resolves), in the caller's
 * transaction.
 */
@Injectable()
export class DeliverableBreaches {
  constructor(
    private readonly breaches: BreachesRepository,
    private readonly outbox: OutboxRepository,
  ) {}

  async step(
    em: EntityManager,
    c: ActiveContract,
    d: DeliverableRow,
    unresolved: OpenBreach[],
    withBreach: Set<string>,
    now: Instant,
    counts: Tally,
  ): Promise<void> {
    const at = new Date(now);
    const status = deliverableStatus(d.dueAt, d.deliveredAt, now);
    const payload: DeliverablePayload = {
      contract: c.key,
      contractTitle: c.spec.title,
      vendor: c.vendorKey,
      deliverable: d.key,
      title: d.title,
      responsible: d.responsible,
      due: d.dueAt.toISOString(),
      deliveredAt: d.deliveredAt?.toISOString() ?? null,
    };
    if (deliverableDueSoon(d.dueAt.getTime(), d.deliveredAt !== null, now)) {
      await this.outbox.record(em, c.id, at, outboxEvent.deliverableDueSoon(d.id, payload));
    }
    const open = unresolved.find((b) => b.deliverableId === d.id);
    if (status === 'delivered' && open && d.deliveredAt) {
      // A back-dated claim an admin confirmed after the breach opened: it was on time after all.
      if (!(await this.breaches.close(em, open.id, 'resolved', at))) return;
      counts.resolved++;
      counts.closedIds.add(open.id);
      await this.breaches.addEvent(em, open.id, at, 'delivery_confirmed', null, {
        deliveredAt: payload.deliveredAt,
        recordedAt: d.recordedAt?.toISOString() ?? null,
      });
      await this.outbox.record(
        em,
        c.id,
        at,
        outboxEvent.breachResolved(open.id, { ...payload, breachId: open.id }),
      );
      return;
    }
    if (status !== 'missed' && status !== 'delivered_late') return;
    // Only a breach being opened needs its month (time-zone arithmetic, 500 deliverables a pass).
    const periodOf = () => calendarPeriodAt('month', c.spec.timezone, c.spec.weekStart, d.dueAt.getTime());
    if (status === 'missed' && !withBreach.has(d.id)) {
      const id = await this.breaches.open(em, {
        contractId: c.id,
        kind: 'deliverable',
        deliverableId: d.id,
        severity: 'major',
        status: 'open',
        recoverable: true,
        period: periodOf(),
        openedAt: at,
        attainment: null,
        target: null,
        op: null,
      });
      if (!id) return;
      counts.opened++;
      await this.breaches.addEvent(em, id, at, 'opened', null, {
        due: payload.due,
        ...(d.claimedAt
          ? { claimedAt: d.claimedAt.toISOString(), recordedAt: d.recordedAt?.toISOString() }
          : {}),
      });
      await this.outbox.record(em, c.id, at, outboxEvent.breachOpened(id, { ...payload, breachId: id }));
      return;
    }
    if (status !== 'delivered_late' || !d.deliveredAt) return;
    let id = open?.id;
    if (!id && !withBreach.has(d.id)) {
      // Delivered late before any pass saw it missed: the breach is recorded already closed.
      id = await this.breaches.open(em, {
        contractId: c.id,
        kind: 'deliverable',
        deliverableId: d.id,
        severity: 'major',
        status: 'delivered_late',
        recoverable: true,
        period: periodOf(),
        openedAt: d.dueAt,
        attainment: null,
        target: null,
        op: null,
        resolvedAt: d.deliveredAt,
      });
      if (!id) return;
      await this.breaches.addEvent(em, id, d.dueAt, 'opened', null, { due: payload.due });
    } else if (!id || !(await this.breaches.close(em, id, 'delivered_late', d.deliveredAt))) {
      return;
    }
    counts.resolved++;
    counts.closedIds.add(id);
    await this.breaches.addEvent(em, id, d.deliveredAt, 'delivered_late', null, {
      deliveredAt: payload.deliveredAt,
      recordedAt: d.recordedAt?.toISOString() ?? null,
    });
    await this.outbox.record(em, c.id, at, outboxEvent.breachResolved(id, { ...payload, breachId: id }));
  }
}
