import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CalendarUnit } from '../contracts/domain/contract.types';
import type { Period } from '../common/time/calendar';
import type { ActiveContract } from '../contracts/active-contracts.repository';
import type { ObjectiveResult } from '../evaluation/evaluation.result';
import { outboxEvent } from '../outbox/outbox.events';
import { OutboxRepository } from '../outbox/outbox.repository';
import { statementHash } from './domain/chain';
import type { StatementBody } from './domain/statement';
import { StatementComposer } from './statement-composer.service';
import { StatementsRepository } from './statements.repository';
import type { Instant } from '../common/time/instant';

export interface StatementWrite {
  contract: ActiveContract;
  unit: CalendarUnit;
  period: Period;
  now: Instant;
  results: ObjectiveResult[];
  createdBy: string;
  /** A restatement (a new version after the first); absent when closing the period. */
  restatement?: { reason: string; by: string };
  /** Runs after the lock, before composing (closing finalizes the period's breaches there). */
  beforeCompose?: (em: EntityManager) => Promise<void>;
  /** Store and list, but record no statement event (a period that ended before the contract existed). */
  quiet?: boolean;
}

/**
 * The one way a statement is written, in the caller's transaction: lock the contract, pick the
 * version (a close writes version 1 once; a restatement the next one), chain to the previous hash,
 * compose, hash, insert, and record the statement event. Undefined when the period was closed
 * already (another pass or replica got there first).
 */
@Injectable()
export class StatementWriter {
  constructor(
    private readonly statements: StatementsRepository,
    private readonly composer: StatementComposer,
    private readonly outbox: OutboxRepository,
  ) {}

  async write(
    em: EntityManager,
    w: StatementWrite,
  ): Promise<{ body: StatementBody; sha256: string } | undefined> {
    const c = w.contract;
    await this.statements.lockContract(em, c.id);
    const latest = await this.statements.latestVersion(em, c.id, w.period.label);
    if (!w.restatement && latest > 0) return undefined;
    const version = w.restatement ? latest + 1 : 1;
    await w.beforeCompose?.(em);
    const previousSha256 = await this.statements.latestSha(em, c.id);
    const body = await this.composer.compose(em, c, w.unit, w.period, w.now, w.results, {
      version,
      final: true,
      previousSha256,
      ...(w.restatement ? { restatement: w.restatement } : {}),
    });
    const sha256 = statementHash(body as unknown as Record<string, unknown>);
    const at = new Date(w.now);
    const inserted = await this.statements.insert(em, {
      contractId: c.id,
      unit: w.unit,
      version,
      contractVersion: c.version,
      period: w.period,
      closedAt: at,
      body,
      sha256,
      reason: w.restatement?.reason ?? null,
      createdBy: w.createdBy,
    });
    if (!inserted) return undefined;
    if (!w.quiet) {
      await this.outbox.record(
        em,
        c.id,
        at,
        outboxEvent.statement(c.id, {
          contract: c.key,
          vendor: c.vendorKey,
          period: body.period,
          version,
          sha256,
          credit: body.credit,
          unit: w.unit,
          ...(w.restatement ? { restatement: w.restatement.reason } : {}),
        }),
      );
    }
    return { body, sha256 };
  }
}
