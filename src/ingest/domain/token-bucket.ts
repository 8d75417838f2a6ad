import type { Instant } from '../../common/time/instant';
/**
 * A token bucket per vendor: `rate` requests per second, bursts up to `rate`. Pure: the caller passes
 * `now`. Returns 0 when a request may pass, else the seconds until one may.
 */
export class TokenBucket {
  private tokens: number;
  private updatedMs: number;

  constructor(
    private readonly rate: number,
    now: Instant,
  ) {
    this.tokens = rate;
    this.updatedMs = now;
  }

  take(now: Instant): number {
    const elapsed = Math.max(0, now - this.updatedMs) / 1000;
    this.tokens = Math.min(this.rate, this.tokens + elapsed * this.rate);
    this.updatedMs = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rate));
  }
}
