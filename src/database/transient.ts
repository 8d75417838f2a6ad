import { setTimeout as sleep } from 'node:timers/promises';
import { isTransientDatabaseError } from '../common/errors/classify';
import { DomainError } from '../common/errors/domain-error';

export { isTransientDatabaseError };

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
