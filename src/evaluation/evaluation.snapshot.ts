import { Injectable } from '@nestjs/common';
import type { ObjectiveResult } from './evaluation.result';

/** Per-contract facts beside the objective results, for the SLA gauges. */
export interface ContractFacts {
  vendor: string;
  contract: string;
  /** By severity: breaches open now (acknowledged included) and ever opened. */
  breaches: Array<{ severity: string; open: number; opened: number }>;
  deliverables: Array<{ key: string; status: string }>;
  /** Provisional credit of the current month; absent without fees. */
  credit?: { amount: number; currency: string };
}

/** The last pass held in memory, so /metrics never queries the database per scrape. */
@Injectable()
export class EvaluationSnapshot {
  private results: ObjectiveResult[] = [];
  private facts: ContractFacts[] = [];
  private replaced = 0;
  private readonly listeners: Array<() => void> = [];

  /** Called after every replace (the /metrics text is rewritten then). */
  onReplace(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Changes with every replace: a reader of stored results checks it did not race a newer pass. */
  get generation(): number {
    return this.replaced;
  }

  replace(results: ObjectiveResult[], facts?: ContractFacts[]): void {
    this.replaced++;
    this.results = results;
    if (facts) this.facts = facts;
    for (const listener of this.listeners) listener();
  }

  /** Replaces only if nothing did since `generation` was read; false when a newer pass won. */
  replaceIf(generation: number, results: ObjectiveResult[], facts: ContractFacts[]): boolean {
    if (generation !== this.replaced) return false;
    this.replace(results, facts);
    return true;
  }

  all(): readonly ObjectiveResult[] {
    return this.results;
  }

  contracts(): readonly ContractFacts[] {
    return this.facts;
  }
}
