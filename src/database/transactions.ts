import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { tryWithAdvisoryLock, withAdvisoryLock } from './advisory-lock';

/** What a repository method that takes part in a caller's unit of work receives. */
export type Tx = Pick<EntityManager, 'query'>;

/**
 * The one way to a transaction (and to an advisory lock). Services open units of work here and pass
 * the manager to repository methods, which take it as their first parameter; repositories never start
 * transactions of their own, so what commits together is visible where the work is decided.
 */
@Injectable()
export class Transactions {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * For a repository read that may run inside a caller's transaction or on its own: outside one, the
   * caller passes this (each statement runs by itself), so which it is stays explicit at the call.
   */
  get autocommit(): Tx {
    return this.dataSource.manager;
  }

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Runs `work` under a session advisory lock, waiting for the replica that holds it. */
  underLock<T>(key: bigint, work: () => Promise<T>): Promise<T> {
    return withAdvisoryLock(this.dataSource, key, work);
  }

  /** Runs `work` only if no other replica holds the lock; undefined when it was skipped. */
  ifLockFree<T>(key: bigint, work: () => Promise<T>): Promise<T | undefined> {
    return tryWithAdvisoryLock(this.dataSource, key, work);
  }
}
