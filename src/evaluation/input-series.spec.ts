import { InputSeries } from './input-series';
import type { InputSeriesRepository, InputSeriesRow } from './input-series.repository';

// The cache's bookkeeping on a repository that fails once: the statements' own correctness against
// PostgreSQL is tested in test/input-series.e2e-spec.ts.

/** Series rows with the transaction id that created them; every lookup's horizon is 100. */
function repository(rows: Array<InputSeriesRow & { xid: number }>, failures: number) {
  let left = failures;
  return {
    state: () => Promise.resolve({ fingerprint: 'f', horizon: '100' }),
    resolve: (inputs: Array<{ vendorId: string; input: string }>, newerThan: string | null) => {
      if (left-- > 0) return Promise.reject(new Error('connection lost'));
      return Promise.resolve(
        rows.filter(
          (r) =>
            (newerThan === null || r.xid >= Number(newerThan)) &&
            inputs.some((i) => i.vendorId === r.vendorId && i.input === r.input),
        ),
      );
    },
  } as unknown as InputSeriesRepository;
}

describe('InputSeries', () => {
  it.each([
    ['a read that failed leaves nothing cached', 1],
    ['a read that succeeded first time', 0],
  ])('%s: the next lookup lists every series of the input', async (_name, failures) => {
    const cache = new InputSeries(
      repository([{ vendorId: 'v', input: 'm', seriesId: '7', xid: 50 }], failures),
    );
    const ask = [{ vendorId: 'v', metric: 'm' }];
    if (failures > 0) await expect(cache.lookup(ask)).rejects.toThrow('connection lost');
    expect((await cache.lookup(ask)).seriesIds).toEqual(['7']);
  });
});
