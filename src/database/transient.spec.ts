import { DomainError } from '../common/errors/domain-error';
import { isTransientDatabaseError, retryingTransient } from './transient';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('transient database errors', () => {
  it.each([
    ['a deadlock', pgError('40P01'), true],
    ['a serialization failure', pgError('40001'), true],
    ['a lock not available', pgError('55P03'), true],
    ['a deadlock wrapped by TypeORM', Object.assign(new Error('q'), { driverError: pgError('40P01') }), true],
    ['a unique violation', pgError('23505'), false],
    ['a plain error', new Error('x'), false],
    ['a string', '40P01', false],
  ])('tells %s (%p)', (_name, error, transient) => {
    expect(isTransientDatabaseError(error)).toBe(transient);
  });

  it('runs the work again after a deadlock and answers its result', async () => {
    let calls = 0;
    const answer = await retryingTransient(() => {
      calls++;
      return calls < 3 ? Promise.reject(pgError('40P01')) : Promise.resolve('stored');
    });
    expect([answer, calls]).toEqual(['stored', 3]);
  });

  it('gives up with a 503 that says to retry, after the last try', async () => {
    const failing = retryingTransient(() => Promise.reject(pgError('40001')), 2);
    await expect(failing).rejects.toBeInstanceOf(DomainError);
    await expect(retryingTransient(() => Promise.reject(pgError('40001')), 2)).rejects.toMatchObject({
      code: 'unavailable',
      retryAfter: 1,
    });
  });

  it('never retries other errors', async () => {
    let calls = 0;
    await expect(
      retryingTransient(() => {
        calls++;
        return Promise.reject(pgError('23505'));
      }),
    ).rejects.toThrow('pg 23505');
    expect(calls).toBe(1);
  });
});
