import { Injectable } from '@nestjs/common';
import { SamplesRepository } from './samples.repository';

/** How long the intake reuses the horizon it read (another replica's compaction shows within it). */
const TTL_MS = 5_000;

type Range = { from: number; to: number };

/**
 * Where a pushed sample may repeat one that a day chunk holds: from the earliest chunk day to
 * compaction's cursor. The intake checks the chunks only for batches reaching into it. Read at most
 * every few seconds; this replica's compaction drops it at once. The cursor only advances, so a
 * stale range ends too early, never too late: a batch it misses is stored as rows and the fold drops
 * its repeats, as before.
 */
@Injectable()
export class CompactionHorizon {
  private cached: { value: Range; at: number } | undefined;
  private reading: Promise<Range> | undefined;

  constructor(private readonly samples: SamplesRepository) {}

  async get(): Promise<Range> {
    if (this.cached && performance.now() - this.cached.at < TTL_MS) return this.cached.value;
    this.reading ??= this.samples.compactedRange().then(
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

  /** Whether samples from `oldest` to `newest` (epoch ms) may repeat compacted ones. */
  async reaches(oldest: number, newest: number): Promise<boolean> {
    const range = await this.get();
    return oldest < range.to && newest >= range.from;
  }

  /** After a compaction step here committed. */
  invalidate(): void {
    this.cached = undefined;
  }
}
