import type { Instant } from '../../common/time/instant';
/** Tries before a temporarily failing mail is given up (with the delays below: about 4 h). */
export const MAX_ATTEMPTS = 10;
const BASE_MS = 30_000;
const CAP_MS = 3_600_000;

/** What an SMTP failure means for the mail: try again later, or never. */
export type FailureKind = 'temporary' | 'permanent';

// nodemailer's codes for a server that could not be reached or talked to: worth another try.
const TRANSIENT_CODES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ETLS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
]);

/** SMTP 4xx and connection trouble are temporary; 5xx and anything else (a bad message) permanent. */
export function classifyFailure(error: { code?: unknown; responseCode?: unknown }): FailureKind {
  const status = typeof error.responseCode === 'number' ? error.responseCode : undefined;
  // Rejected credentials are configuration: an operator fixes them, and the mail should then go.
  if (error.code === 'EAUTH') return 'temporary';
  if (status !== undefined) return status >= 400 && status < 500 ? 'temporary' : 'permanent';
  return typeof error.code === 'string' && TRANSIENT_CODES.has(error.code) ? 'temporary' : 'permanent';
}

/**
 * When to try again after the `attempts`-th try failed: exponential (30 s, 1 min, 2 min … capped at
 * 1 h) with ±25 % jitter, so replicas and many queued mails do not retry in lockstep. `random` in [0, 1).
 */
export function retryDelayMs(attempts: number, random: number): number {
  const base = Math.min(CAP_MS, BASE_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(base * (0.75 + 0.5 * random));
}

/** What to do with a mail whose `attempts`-th try failed. */
export function afterFailure(
  kind: FailureKind,
  attempts: number,
  now: Instant,
  random: number,
): { status: 'pending'; nextAttemptAt: number } | { status: 'failed' } {
  if (kind === 'permanent' || attempts >= MAX_ATTEMPTS) return { status: 'failed' };
  return { status: 'pending', nextAttemptAt: now + retryDelayMs(attempts, random) };
}
