import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { DomainError } from '../common/errors/domain-error';
import { ContractsService } from '../contracts/contracts.service';
import type { CalendarUnit } from '../contracts/domain/contract.types';
import { periodFromLabel, clipPeriod, type Period } from '../common/time/calendar';
import { effectiveRange } from '../contracts/domain/window';
import { type ActiveContract, ActiveContractsRepository } from '../contracts/active-contracts.repository';
import { type ChainVerdict, verifyChain } from './domain/chain';
import { statementUnits } from './domain/periods';
import type { StatementBody } from './domain/statement';
import { StatementComposer } from './statement-composer.service';
import { StatementWriter } from './statement-writer.service';
import { StatementsRepository } from './statements.repository';

export type ServedStatement = StatementBody & { sha256: string | null };

/** Statements API: list, read (final or provisional), restate, verify the chain. */
@Injectable()
export class StatementsService {
  constructor(
    private readonly contracts: ContractsService,
    private readonly targets: ActiveContractsRepository,
    private readonly statements: StatementsRepository,
    private readonly composer: StatementComposer,
    private readonly writer: StatementWriter,
    private readonly clock: Clock,
    private readonly transactions: Transactions,
  ) {}

  async list(principal: Principal, key: string) {
    const contract = await this.contracts.visible(principal, key);
    const rows = await this.statements.list(contract.id);
    const latest = new Map<string, number>();
    for (const r of rows) latest.set(r.period, Math.max(latest.get(r.period) ?? 0, r.version));
    return rows.map((r) => ({
      period: r.period,
      unit: r.unit,
      version: r.version,
      status: r.version === latest.get(r.period) ? 'final' : 'superseded',
      sha256: r.sha256,
      closedAt: r.closedAt.toISOString(),
    }));
  }

  async get(principal: Principal, key: string, label: string, version?: number): Promise<ServedStatement> {
    const contract = await this.contracts.visible(principal, key);
    const stored = await this.statements.find(contract.id, label, version);
    if (stored) return { ...stored.body, sha256: stored.sha256 };
    if (version !== undefined) throw DomainError.notFound(`Version ${version} of statement ${label}`);
    // Not closed yet: a provisional statement computed now, marked final: false.
    const active = await this.active(key);
    const { unit, period } = this.periodOf(active, label);
    const now = this.clock.now();
    const results = await this.composer.figures(active, unit, period, now);
    const body = await this.transactions.run((em) =>
      this.composer.compose(em, active, unit, period, now, results, {
        version: null,
        final: false,
        previousSha256: null,
      }),
    );
    return { ...body, sha256: null };
  }

  async restate(principal: Principal, key: string, label: string, reason: string): Promise<ServedStatement> {
    const contract = await this.contracts.visible(principal, key);
    const original = await this.statements.find(contract.id, label, 1);
    if (!original)
      throw new DomainError(
        'conflict',
        `Period ${label} is not closed: only a closed period can be restated`,
      );
    const active = await this.active(key);
    const unit = original.unit as CalendarUnit;
    const period: Period = {
      label,
      start: Date.parse(original.body.period.start),
      end: Date.parse(original.body.period.end),
    };
    const now = this.clock.now();
    const results = await this.composer.figures(active, unit, period, now);
    const written = await this.transactions.run((em) =>
      this.writer.write(em, {
        contract: active,
        unit,
        period,
        now,
        results,
        createdBy: principal.name,
        restatement: { reason, by: principal.name },
      }),
    );
    // A restatement always writes the next version (the lock orders concurrent ones).
    if (!written) throw new DomainError('conflict', `Period ${label} could not be restated; retry`);
    return { ...written.body, sha256: written.sha256 };
  }

  async chain(principal: Principal, key: string): Promise<{ verdict: ChainVerdict; statements: unknown[] }> {
    const contract = await this.contracts.visible(principal, key);
    const links = await this.statements.chain(contract.id);
    return { verdict: verifyChain(links), statements: links };
  }

  private async active(key: string): Promise<ActiveContract> {
    const [active] = await this.targets.active(key);
    if (!active) throw DomainError.notFound(`Contract ${key}`);
    return active;
  }

  /** The period a label names for one of the contract's statement units, clipped to its effective range. */
  private periodOf(c: ActiveContract, label: string): { unit: CalendarUnit; period: Period } {
    const [from, to] = effectiveRange(c.spec);
    for (const unit of statementUnits(c.spec)) {
      const raw = periodFromLabel(label, unit, c.spec.timezone, c.spec.weekStart);
      const period = raw && clipPeriod(raw, from, to === Number.MAX_SAFE_INTEGER ? undefined : to);
      if (period) return { unit, period };
    }
    throw DomainError.notFound(`Statement period ${label} of contract ${c.key}`);
  }
}
