import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Transactions } from '../database/transactions';
import type { Instant } from '../common/time/instant';
import { DomainError } from '../common/errors/domain-error';
import { IdempotencyRepository } from './idempotency.repository';

const KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

class Replayed extends Error {}

/**
 * Runs `work` once per (vendor, endpoint, Idempotency-Key): the claim, the work and the stored answer
 * share one transaction. A retry with the same body gets the first answer; another body gets 422.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly transactions: Transactions,
    private readonly keys: IdempotencyRepository,
  ) {}

  async once<T>(
    vendorId: string,
    endpoint: string,
    key: string,
    body: unknown,
    now: Instant,
    work: (em: EntityManager) => Promise<T>,
  ): Promise<T> {
    if (!KEY_PATTERN.test(key)) {
      throw DomainError.validation([
        { path: 'Idempotency-Key', message: 'must be 1-200 visible ASCII characters' },
      ]);
    }
    const sha = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    await this.keys.deleteExpiredKey(vendorId, endpoint, key, new Date(now - IDEMPOTENCY_TTL_MS));
    try {
      return await this.transactions.run(async (em) => {
        if (!(await this.keys.claim(em, vendorId, endpoint, key, sha, new Date(now)))) throw new Replayed();
        const result = await work(em);
        await this.keys.saveResponse(em, vendorId, endpoint, key, result);
        return result;
      });
    } catch (error) {
      if (!(error instanceof Replayed)) throw error;
    }
    const stored = await this.keys.find(vendorId, endpoint, key);
    if (!stored)
      throw new DomainError(
        'conflict',
        'The Idempotency-Key is in use by a request that did not finish; retry',
      );
    if (stored.requestSha256 !== sha) {
      throw DomainError.validation([
        { path: 'Idempotency-Key', message: 'was already used with a different body' },
      ]);
    }
    return stored.response as T;
  }
}
