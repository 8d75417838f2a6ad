import { Injectable } from '@nestjs/common';
import { SamplesRepository } from './samples.repository';

/** How long the intake reuses the horizon it read (another replica's compaction shows within it). */
const TTL_MS = 5_000;

/**
 * Before which instant a pushed sample may repeat one that a day chunk holds (compaction's cursor).
 * The intake checks the chunks only for batches reaching before it. Read at most every few seconds;
 * this replica's compaction drops it at once. The cursor only advances, so a stale horizon is too
 * early, never too late: a batch it misses is stored as rows and the fold drops its repeats.
 */
@Injectable()
export class CompactionHorizon {
  private cached: { value: number; at: number } | undefined;
  private reading: Promise<number> | undefined;

  constructor(private readonly samples: SamplesRepository) {}

  async get(): Promise<number> {
    if (this.cached && performance.now() - this.cached.at < TTL_MS) return this.cached.value;
    this.reading ??= this.samples.compactionHorizon().then(
      (value) => {
        this.cached = { value, at: performance.now() };
        this.reading = undefined;
        return value;
      },
      (error: unknown) => {
        this.reading = undefined;
        throw error;
      },
    );
    return this.reading;
  }

  /** After a compaction step here committed. */
  invalidate(): void {
    this.cached = undefined;
  }
}
