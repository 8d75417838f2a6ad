import { Transactions } from '../database/transactions';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { BreachesRepository } from '../breaches/breaches.repository';
import { PeriodCloseSignal } from '../common/period-close-signal';
import { isRecoverable } from '../breaches/domain/lifecycle';
import type { ObjectiveResult } from '../evaluation/evaluation.result';
import type { CalendarUnit } from '../contracts/domain/contract.types';
import { calendarPeriodAt, type Period } from '../common/time/calendar';
import type { ActiveContract } from '../contracts/active-contracts.repository';
import { outboxEvent } from '../outbox/outbox.events';
import { OutboxRepository } from '../outbox/outbox.repository';
import { isChronic } from './domain/chronic';
import { closablePeriods, statementUnits } from './domain/periods';
import { StatementComposer } from './statement-composer.service';
import { StatementsRepository } from './statements.repository';
import { StatementWriter } from './statement-writer.service';
import type { Instant } from '../common/time/instant';

/** Periods closed per contract and unit in one pass: a long backlog catches up over a few passes. */
const CLOSES_PER_PASS = 6;

/**
 * Closes calendar periods at end + closeAfter: writes the statement, makes the period's
 * breaches final and records the statement and chronic-breach events, in one transaction per period.
 * Idempotent: the statement's unique (contract, period, version) and the contract row lock make a
 * second close (another pass, another replica) a no-op.
 */
@Injectable()
export class PeriodCloser {
  private readonly logger = new Logger(PeriodCloser.name);

  constructor(
    private readonly statements: StatementsRepository,
    private readonly composer: StatementComposer,
    private readonly breaches: BreachesRepository,
    private readonly outbox: OutboxRepository,
    private readonly signal: PeriodCloseSignal,
    private readonly writer: StatementWriter,
    private readonly transactions: Transactions,
  ) {}

  async closeDue(contracts: ActiveContract[], now: Instant): Promise<number> {
    const lastEnds = await this.statements.lastClosedEnds(contracts.map((c) => c.id));
    let closed = 0;
    for (const c of contracts) {
      for (const unit of statementUnits(c.spec)) {
        const after = lastEnds.get(`${c.id}/${unit}`);
        for (const period of closablePeriods(c.spec, unit, now, after, CLOSES_PER_PASS)) {
          if (await this.close(c, unit, period, now)) closed++;
        }
      }
    }
    return closed;
  }

  /**
   * A period no pass evaluated while it was open (the service was down, or the contract was applied
   * late) can close breached with no breach on record: record the breach now, so the statement, the
   * breach list and the credit agree; finalizePeriod then makes it final like any other.
   */
  private async recordUnseenBreaches(
    em: EntityManager,
    c: ActiveContract,
    period: Period,
    results: ObjectiveResult[],
    at: Date,
  ): Promise<void> {
    const known = await this.breaches.breachIdsOf(em, c.id, period.label);
    for (const r of results) {
      if (r.status !== 'breached' || r.period.label !== period.label || known.has(r.objectiveId)) continue;
      const objective = c.spec.objectives.find((o) => o.key === r.key);
      if (!objective) continue;
      const id = await this.breaches.open(em, {
        contractId: c.id,
        kind: 'objective',
        objectiveId: r.objectiveId,
        severity: objective.severity,
        status: 'open',
        recoverable: isRecoverable(objective),
        period: r.period,
        openedAt: at,
        attainment: r.attainment,
        target: r.target,
        op: r.op,
      });
      if (id)
        await this.breaches.addEvent(em, id, at, 'opened', r.attainment, { status: r.status, atClose: true });
    }
  }

  private periodStartAt(c: ActiveContract, unit: CalendarUnit, at: number): number {
    return calendarPeriodAt(unit, c.spec.timezone, c.spec.weekStart, at).start;
  }

  private async close(c: ActiveContract, unit: CalendarUnit, period: Period, now: Instant): Promise<boolean> {
    const results = await this.composer.figures(c, unit, period, now);
    const at = new Date(now);
    // A period that ended before the contract was first applied is history being written down, not
    // news: its statement is stored and listed, and only the last such period of each unit mails
    // (one summary of where things stood); a contract back-dated by months would otherwise send one
    // statement mail per past period.
    const quiet =
      period.end <= c.firstAppliedAt && period.end !== this.periodStartAt(c, unit, c.firstAppliedAt);
    const done = await this.transactions.run(async (em) => {
      const written = await this.writer.write(em, {
        contract: c,
        unit,
        period,
        now,
        results,
        createdBy: 'period-close',
        beforeCompose: async (tx) => {
          await this.recordUnseenBreaches(tx, c, period, results, at);
          const finalized = await this.breaches.finalizePeriod(tx, c.id, period.label, at);
          for (const b of finalized) await this.breaches.addEvent(tx, b.id, at, 'final', b.attainment);
        },
        quiet,
      });
      if (!written) return false;
      if (quiet) return true;
      const body = written.body;
      if (c.spec.chronic) {
        for (const o of body.objectives) {
          const statuses = await this.statements.recentStatuses(
            em,
            c.id,
            unit,
            o.key,
            c.spec.chronic.periods,
          );
          if (!isChronic(statuses, c.spec.chronic)) continue;
          await this.outbox.record(
            em,
            c.id,
            at,
            outboxEvent.chronic(c.objectiveIds.get(o.key) ?? o.key, {
              contract: c.key,
              vendor: c.vendorKey,
              objective: o.key,
              title: o.title,
              period: body.period,
              rule: c.spec.chronic,
              breachedPeriods: statuses.filter((s) => s === 'breached').length,
            }),
          );
        }
      }
      return true;
    });
    if (done) {
      this.logger.log({ msg: 'Period closed', contract: c.key, period: period.label });
      this.signal.closed(c.vendorId);
    }
    return done;
  }
}
