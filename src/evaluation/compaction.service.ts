import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { CompactionHorizon } from '../ingest/compaction-horizon';
import { SampleChunksRepository } from './sample-chunks.repository';
import { compactionHorizon, DAY_MS, seriesPerStep } from './domain/compaction';

/** Queued (series, day) pairs compacted per step. */
const BACKLOG_PER_STEP = 50;

export interface CompactionRun {
  steps: number;
  moved: number;
  /** Whether everything compactable was done (false: the budget ran out, or the fold held the lock). */
  done: boolean;
}

/**
 * Moves folded samples of days that ended a few hours ago into per-series day chunks, a bounded step
 * at a time: the queued late days first, then the next series of the day under the cursor. Each step
 * is one transaction that skips (never waits) when the fold holds the lock.
 */
@Injectable()
export class CompactionService {
  /** Runs in progress here (the scheduler's, a request's). */
  private running = 0;
  /** Rows per series in the last cursor step: sizes the next one. */
  private rowsPerSeries = 1_440;

  constructor(
    private readonly chunks: SampleChunksRepository,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly intakeHorizon: CompactionHorizon,
  ) {}

  get busy(): boolean {
    return this.running > 0;
  }

  /** Steps until nothing is left to compact or `budgetMs` has passed. */
  async run(budgetMs: number): Promise<CompactionRun> {
    this.running++;
    const started = performance.now();
    const run: CompactionRun = { steps: 0, moved: 0, done: false };
    try {
      while (performance.now() - started < budgetMs) {
        const step = await this.transactions.run((em) => this.step(em));
        // The intake checks chunks for repeats only before the cursor it last read.
        if (typeof step === 'number') this.intakeHorizon.invalidate();
        if (step === 'busy') return run;
        if (step === 'done') return { ...run, done: true };
        run.steps++;
        run.moved += step;
      }
      return run;
    } finally {
      this.running--;
    }
  }

  private async step(
    em: Parameters<Parameters<Transactions['run']>[0]>[0],
  ): Promise<number | 'busy' | 'done'> {
    if (!(await this.chunks.tryLock(em))) return 'busy';
    const horizon = compactionHorizon(this.clock.now());
    const queued = await this.chunks.backlog(em, horizon, BACKLOG_PER_STEP);
    if (queued.length > 0) return this.chunks.compact(em, queued);
    const cursor = await this.chunks.cursor(em, horizon);
    if (cursor.day >= horizon) return 'done';
    const ids = await this.chunks.seriesAfter(em, cursor.seriesAfter, seriesPerStep(this.rowsPerSeries));
    if (ids.length === 0) {
      await this.chunks.setCursor(em, cursor.day + DAY_MS, '0');
      return 0;
    }
    const moved = await this.chunks.compact(
      em,
      ids.map((seriesId) => ({ seriesId, day: cursor.day })),
    );
    this.rowsPerSeries = moved / ids.length;
    await this.chunks.setCursor(em, cursor.day, ids[ids.length - 1]);
    return moved;
  }
}
