import { Injectable } from '@nestjs/common';
import type { Instant } from '../common/time/instant';
import { HOUR_MS } from './domain/plan';

/** Minute buckets are kept this far back from the current hour (the fold prunes older ones). */
const MINUTES_KEPT_MS = 3 * HOUR_MS;
/** Plans use them this far back at most: an hour of margin inside what is kept. */
const MINUTES_PLANNED_MS = 2 * HOUR_MS;

const floorHour = (t: number) => Math.floor(t / HOUR_MS) * HOUR_MS;

/**
 * Where evaluation may read minute buckets: from the instant the fold keeps them complete (each drain
 * refreshes it from the database, under the evaluation lock), and never further back than two hours
 * before the current hour, so a stale value never reaches pruned minutes.
 */
@Injectable()
export class MinuteLevel {
  private completeFrom = Number.POSITIVE_INFINITY;

  /** The start of complete minute buckets the last drain saw. */
  refreshed(completeFrom: number): void {
    this.completeFrom = completeFrom;
  }

  /** Where a plan evaluated at `now` may use minute buckets. */
  from(now: Instant): number {
    return Math.max(this.completeFrom, floorHour(now) - MINUTES_PLANNED_MS);
  }

  /** The boundary a drain at `now` keeps minute buckets from. */
  static keepFrom(now: Instant): number {
    return floorHour(now) - MINUTES_KEPT_MS;
  }
}
