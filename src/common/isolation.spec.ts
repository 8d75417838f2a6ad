import { runIsolated } from './isolation';

// The failing contracts are found, the others' work is done once each, and batches stay large.
describe('runIsolated', () => {
  const contracts = Array.from({ length: 16 }, (_, i) => `c${i}`);

  it.each([
    ['no contract fails', [], 1],
    ['one contract fails', ['c5'], 9],
    ['two contracts fail', ['c0', 'c15'], 15],
    ['every contract fails', contracts, 31],
  ])('when %s, every healthy contract is done exactly once', async (_name, bad, maxCalls) => {
    const done: string[] = [];
    let calls = 0;
    const outcome = await runIsolated(contracts, async (group) => {
      calls++;
      await Promise.resolve();
      if (group.some((c) => bad.includes(c))) throw new Error(`bad in ${group.join(',')}`);
      done.push(...group);
      return group.length;
    });
    expect(outcome.failed.map((f) => f.item).sort()).toEqual([...bad].sort());
    expect(done.sort()).toEqual(contracts.filter((c) => !bad.includes(c)).sort());
    expect(calls).toBeLessThanOrEqual(maxCalls);
    expect(outcome.failed.every((f) => f.error instanceof Error)).toBe(true);
  });

  it('runs contracts that failed before alone, so the batch of the others goes through at once', async () => {
    const groups: string[][] = [];
    const outcome = await runIsolated(
      contracts,
      async (group) => {
        groups.push(group);
        await Promise.resolve();
        if (group.includes('c3')) throw new Error('still bad');
        return group.length;
      },
      { suspect: (c) => c === 'c3' },
    );
    expect(groups).toEqual([['c3'], contracts.filter((c) => c !== 'c3')]);
    expect(outcome.results).toEqual([15]);
    expect(outcome.failed).toHaveLength(1);
  });

  it('rethrows at once an error that aborts, without bisecting or calling again', async () => {
    let calls = 0;
    const away = new Error('database away');
    const run = runIsolated(
      contracts,
      async () => {
        calls++;
        await Promise.resolve();
        throw away;
      },
      { abort: (e) => e === away },
    );
    await expect(run).rejects.toBe(away);
    expect(calls).toBe(1);
  });
});
