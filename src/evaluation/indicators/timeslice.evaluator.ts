import { Injectable } from '@nestjs/common';
import { type Interval, intersect, totalLength } from '../../common/time/intervals';
import type { Figures } from '../domain/judge';
import {
  addSlices,
  indicatorOf,
  isPercentile,
  NO_SLICES,
  type SliceCounts,
  timesliceFigures,
} from '../domain/kinds';
import { HOUR_MS } from '../domain/plan';
import {
  type Chunk,
  chunkAt,
  chunkStarts,
  classifySlices,
  classifySummaries,
  countedStarts,
  eligibleSlices,
  planSlices,
  type SliceRule,
  sliceRanges,
} from '../domain/timeslice';
import type { EvaluationTask, IndicatorEvaluator } from '../evaluation.types';
import { MetricDataRepository } from '../metric-data.repository';
import { type ChunkKey, type ChunkRow, TimesliceChunksRepository } from '../timeslice-chunks.repository';
import type { Instant } from '../../common/time/instant';
import { MinuteLevel } from '../minute-level';

const RAW_BATCH = 2_000;

interface Job {
  task: EvaluationTask;
  rule: SliceRule;
  metric: string;
  definition: string;
}

/**
 * Timeslice objectives: cached chunk counts for whole measured hours and days, slices one by one at
 * the edges. A missing day is summed from its hours; a missing hour is classified from raw samples
 * and cached. A warm tick reads a few chunk rows and the raw samples of the edges.
 */
@Injectable()
export class TimesliceEvaluator implements IndicatorEvaluator {
  constructor(
    private readonly data: MetricDataRepository,
    private readonly chunks: TimesliceChunksRepository,
    private readonly minutes: MinuteLevel,
  ) {}

  async evaluate(tasks: EvaluationTask[], now: Instant): Promise<Figures[]> {
    const minuteFrom = this.minutes.from(now);
    const jobs: Job[] = tasks.map((task) => {
      const ind = indicatorOf(task.objective, 'timeslice');
      const rule = { sliceMs: ind.sliceSeconds * 1000, aggregate: ind.aggregate, good: ind.good };
      const definition = `${ind.metric}|${ind.sliceSeconds}|${ind.aggregate}|${ind.good.op}|${ind.good.target}`;
      return { task, rule, metric: ind.metric, definition };
    });
    const plans = jobs.map((j) => planSlices(j.task.window.measured, j.rule.sliceMs, now));
    const chunkCounts = await this.chunkCounts(
      jobs,
      plans.map((p) => p.chunks),
      minuteFrom,
    );

    // Edge slices and the last hour, from the samples in measured time: summarized per slice by the
    // database, or (percentiles need every value) read one by one.
    const lastHourStarts = jobs.map((j) => countedStarts(j.task.lastHour, j.rule.sliceMs, now));
    const ranges = jobs.map((j, i) =>
      sliceRanges(
        [...new Set([...plans[i].starts, ...lastHourStarts[i]])].sort((a, b) => a - b),
        j.rule.sliceMs,
      ),
    );
    const classify = await this.classifiers(
      jobs,
      jobs.map((j, i) => intersect(ranges[i], j.task.window.measured)),
      minuteFrom,
      jobs.map((j) => j.task.window.measured),
    );
    return jobs.map((j, i) => {
      const window = addSlices(chunkCounts[i], classify[i](plans[i].starts));
      const lastHour = classify[i](lastHourStarts[i]);
      const eligible = eligibleSlices(j.task.window.measuredWhole, j.rule.sliceMs);
      return timesliceFigures(
        j.task.objective,
        window,
        lastHour,
        eligible,
        totalLength(j.task.window.measured),
      );
    });
  }

  /**
   * For each job, a function counting good, bad and empty slices among given starts, from the
   * samples of `ranges` (those in `measured`, when given, for the raw path); summarized slices read
   * minute buckets from `minuteFrom` on.
   */
  private async classifiers(
    jobs: Job[],
    ranges: Interval[][],
    minuteFrom: number,
    measured?: ReadonlyArray<readonly Interval[]>,
  ): Promise<Array<(starts: readonly number[]) => SliceCounts>> {
    const out: Array<(starts: readonly number[]) => SliceCounts> = jobs.map(() => () => NO_SLICES);
    const summarized = jobs.flatMap((j, i) => (isPercentile(j.rule.aggregate) ? [] : [i]));
    const raw = jobs.flatMap((j, i) => (isPercentile(j.rule.aggregate) ? [i] : []));
    const sums = await this.data.sliceSummaries(
      summarized.map((i) => ({
        vendorId: jobs[i].task.vendorId,
        metric: jobs[i].metric,
        ranges: ranges[i],
        sliceMs: jobs[i].rule.sliceMs,
      })),
      minuteFrom,
    );
    summarized.forEach((i, k) => (out[i] = (starts) => classifySummaries(starts, sums[k], jobs[i].rule)));
    const samples = await this.data.samples(
      raw.map((i) => ({ vendorId: jobs[i].task.vendorId, metric: jobs[i].metric, ranges: ranges[i] })),
    );
    raw.forEach(
      (i, k) => (out[i] = (starts) => classifySlices(starts, samples[k], jobs[i].rule, measured?.[i])),
    );
    return out;
  }

  /** Σ of each job's chunks, computing (and caching) those not cached yet. */
  private async chunkCounts(jobs: Job[], chunks: Chunk[][], minuteFrom: number): Promise<SliceCounts[]> {
    const key = (j: Job, c: Chunk): ChunkKey => ({
      objectiveId: j.task.objectiveId,
      definition: j.definition,
      level: c.level,
      bucket: c.bucket,
    });
    const idOf = (j: Job, c: Chunk) => TimesliceChunksRepository.id(key(j, c));
    const cached = await this.chunks.find(jobs.flatMap((j, i) => chunks[i].map((c) => key(j, c))));
    const sum = (j: Job, part: Chunk[]) =>
      part.reduce((acc, c) => addSlices(acc, cached.get(idOf(j, c))!), NO_SLICES);
    // A chunk computed now: cached for the sums below and saved for the next ticks.
    const computed: ChunkRow[] = [];
    const store = (j: Job, c: Chunk, counts: SliceCounts) => {
      cached.set(idOf(j, c), counts);
      computed.push({
        ...key(j, c),
        spanEnd: c.spanEnd,
        vendorId: j.task.vendorId,
        metric: j.metric,
        counts,
      });
    };
    const missingDays = jobs.map((j, i) => chunks[i].filter((c) => c.level === 2 && !cached.has(idOf(j, c))));
    // Hours of missing days, then every hour still missing is computed from raw samples.
    const dayHours = jobs.map((j, i) =>
      missingDays[i].flatMap((d) =>
        Array.from({ length: 24 }, (_, h) => chunkAt(1, d.bucket + h * HOUR_MS, j.rule.sliceMs)),
      ),
    );
    const cachedHours = await this.chunks.find(jobs.flatMap((j, i) => dayHours[i].map((c) => key(j, c))));
    for (const [k, v] of cachedHours) cached.set(k, v);
    const missingHours = jobs.map((j, i) =>
      [...chunks[i].filter((c) => c.level === 1), ...dayHours[i]].filter((c) => !cached.has(idOf(j, c))),
    );
    await this.computeHours(jobs, missingHours, minuteFrom, store);
    jobs.forEach((j, i) => {
      for (const d of missingDays[i]) {
        const hours = dayHours[i].filter((h) => h.bucket >= d.bucket && h.bucket < d.bucket + 24 * HOUR_MS);
        store(j, d, sum(j, hours));
      }
    });
    await this.chunks.save(computed);
    return jobs.map((j, i) => sum(j, chunks[i]));
  }

  /** Classifies whole hours from raw samples, a bounded number of hours per statement. */
  private async computeHours(
    jobs: Job[],
    hours: Chunk[][],
    minuteFrom: number,
    done: (job: Job, chunk: Chunk, counts: SliceCounts) => void,
  ): Promise<void> {
    const work = jobs.flatMap((j, i) => hours[i].map((c) => ({ j, c })));
    for (let i = 0; i < work.length; i += RAW_BATCH) {
      const part = work.slice(i, i + RAW_BATCH);
      const classify = await this.classifiers(
        part.map(({ j }) => j),
        part.map(({ c }) => [[c.bucket, c.spanEnd]]),
        minuteFrom,
      );
      part.forEach(({ j, c }, k) => done(j, c, classify[k](chunkStarts(c, j.rule.sliceMs))));
    }
  }
}
