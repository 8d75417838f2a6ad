/**
 * A token bucket per vendor: `rate` requests per second, bursts up to `rate`. Pure: the caller passes
 * `nowMs`. Returns 0 when a request may pass, else the seconds until one may.
 */
export class TokenBucket {
  private tokens: number;
  private updatedMs: number;

  constructor(
    private readonly rate: number,
    nowMs: number,
  ) {
    this.tokens = rate;
    this.updatedMs = nowMs;
  }

  take(nowMs: number): number {
    const elapsed = Math.max(0, nowMs - this.updatedMs) / 1000;
    this.tokens = Math.min(this.rate, this.tokens + elapsed * this.rate);
    this.updatedMs = nowMs;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - this.tokens) / this.rate));
  }
}
