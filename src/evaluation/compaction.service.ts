import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock';
import { Transactions } from '../database/transactions';
import { CompactionHorizon } from '../ingest/compaction-horizon';
import { SampleChunksRepository } from './sample-chunks.repository';
import { compactionHorizon, cursorSpan, DAY_MS, HOUR_MS, seriesPerStep } from './domain/compaction';

/** Queued (series, day) pairs compacted per step. */
const BACKLOG_PER_STEP = 50;

export interface CompactionRun {
  steps: number;
  moved: number;
  /** Whether everything compactable was done (false: the budget ran out, or the fold held the lock). */
  done: boolean;
}

/**
 * Moves folded samples of hours that ended a few hours ago into per-series day chunks, a bounded step
 * at a time: the queued late days first, then the next series of the span under the cursor (the rest
 * of a past day, or an hour of the running one). Each step
 * is one transaction that skips (never waits) when the fold holds the lock.
 */
@Injectable()
export class CompactionService {
  /** Runs in progress here (the scheduler's, a request's). */
  private running = 0;
  /** Rows per series and hour in the last cursor step: sizes the next one (spans are a day or an hour). */
  private rowsPerSeriesHour = 60;

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
    const cursor = await this.chunks.cursor(em, horizon);
    const queued = await this.chunks.backlog(em, horizon, BACKLOG_PER_STEP);
    if (queued.length > 0) {
      // Never past where the cursor reached: chunks hold no instant the intake treats as rows.
      return this.chunks.compact(
        em,
        queued.map((q) => ({
          ...q,
          until:
            cursor.seriesAfter !== '0' && BigInt(q.seriesId) <= BigInt(cursor.seriesAfter)
              ? cursor.until
              : cursor.at,
        })),
      );
    }
    let { until } = cursor;
    if (cursor.seriesAfter === '0') {
      const span = cursorSpan(cursor.at, horizon);
      if (span === null) return 'done';
      until = span.until;
    }
    const hours = (until - cursor.at) / HOUR_MS;
    const ids = await this.chunks.seriesAfter(
      em,
      cursor.seriesAfter,
      seriesPerStep(this.rowsPerSeriesHour * hours),
    );
    if (ids.length === 0) {
      await this.chunks.setCursor(em, { at: until, until: until + HOUR_MS, seriesAfter: '0' });
      return 0;
    }
    const day = Math.floor(cursor.at / DAY_MS) * DAY_MS;
    const moved = await this.chunks.compact(
      em,
      ids.map((seriesId) => ({ seriesId, day, until })),
    );
    this.rowsPerSeriesHour = moved / ids.length / hours;
    await this.chunks.setCursor(em, { at: cursor.at, until, seriesAfter: ids[ids.length - 1] });
    return moved;
  }
}
