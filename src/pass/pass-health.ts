import { Injectable } from '@nestjs/common';

/** Passes that fail this many times in a row make the evaluation health `failing`. */
const FAILING_AFTER = 3;

export interface EvaluationHealth {
  /** ok: the last pass evaluated every contract; degraded: some contracts failed; failing: passes keep failing. */
  status: 'ok' | 'degraded' | 'failing' | 'idle';
  consecutiveFailedPasses: number;
  contractsFailing: number;
  lastSuccessAt: string | null;
}

/**
 * What this replica's passes have been doing, for `/health/*`: whole passes that keep failing and
 * contracts that keep failing inside passes that otherwise went through (those contracts then run
 * alone, so they never hold up a batch of the others).
 */
@Injectable()
export class PassHealth {
  private consecutiveFailedPasses = 0;
  private lastSuccessAt: number | null = null;
  private passes = 0;
  /** Contract id → failed passes in a row. */
  private readonly failing = new Map<string, number>();

  isSuspect(contractId: string): boolean {
    return this.failing.has(contractId);
  }

  /** A pass ended; `failedContracts` are the ids whose work failed in some stage. */
  passSucceeded(at: number, failedContracts: ReadonlySet<string>, evaluated: readonly string[]): void {
    this.passes++;
    this.consecutiveFailedPasses = 0;
    this.lastSuccessAt = at;
    for (const id of evaluated) {
      if (failedContracts.has(id)) this.failing.set(id, (this.failing.get(id) ?? 0) + 1);
      else this.failing.delete(id);
    }
    // Contracts no longer active are no longer failing.
    const active = new Set(evaluated);
    for (const id of [...this.failing.keys()]) if (!active.has(id)) this.failing.delete(id);
  }

  passFailed(): void {
    this.passes++;
    this.consecutiveFailedPasses++;
  }

  report(): EvaluationHealth {
    const status =
      this.passes === 0
        ? 'idle'
        : this.consecutiveFailedPasses >= FAILING_AFTER
          ? 'failing'
          : this.consecutiveFailedPasses > 0 || this.failing.size > 0
            ? 'degraded'
            : 'ok';
    return {
      status,
      consecutiveFailedPasses: this.consecutiveFailedPasses,
      contractsFailing: this.failing.size,
      lastSuccessAt: this.lastSuccessAt === null ? null : new Date(this.lastSuccessAt).toISOString(),
    };
  }
}
