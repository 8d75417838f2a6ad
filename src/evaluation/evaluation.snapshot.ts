import { Injectable } from '@nestjs/common';
import type { ObjectiveResult } from './evaluation.result';

/** The last pass's results held in memory, so /metrics never queries the database per scrape. */
@Injectable()
export class EvaluationSnapshot {
  private results: ObjectiveResult[] = [];

  replace(results: ObjectiveResult[]): void {
    this.results = results;
  }

  all(): readonly ObjectiveResult[] {
    return this.results;
  }
}
