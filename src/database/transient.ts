import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '../common/errors/domain-error';

/**
 * SQLSTATEs that say "try again": deadlock, serialization failure, lock not available. The statement
 * was rolled back whole, so running it again is safe.
 */
const TRANSIENT = new Set(['40P01', '40001', '55P03']);

export function isTransientDatabaseError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && TRANSIENT.has(code)) return true;
  const driverError = (error as { driverError?: unknown }).driverError;
  return driverError !== undefined && driverError !== error && isTransientDatabaseError(driverError);
}

/**
 * Runs `work` again (up to `tries` times, with a short random wait) when the database answers a
 * transient error; if it still does, a 503 with Retry-After tells the sender to retry safely.
 */
export async function retryingTransient<T>(work: () => Promise<T>, tries = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isTransientDatabaseError(error)) throw error;
      if (attempt >= tries) {
        throw new DomainError(
          'unavailable',
          'The database was busy with a conflicting write; retry',
          undefined,
          1,
        );
      }
      await sleep(5 + Math.random() * 20 * attempt);
    }
  }
}
