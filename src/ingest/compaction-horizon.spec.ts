import { CompactionHorizon } from './compaction-horizon';
import type { SamplesRepository } from './samples.repository';

const DAY = 86_400_000;

describe('CompactionHorizon.reaches', () => {
  const horizon = (range: { from: number; to: number }) => {
    let reads = 0;
    const repository = {
      compactedRange: () => {
        reads++;
        return Promise.resolve(range);
      },
    } as unknown as SamplesRepository;
    return { h: new CompactionHorizon(repository), reads: () => reads };
  };

  it.each([
    ['no chunk at all (empty range)', { from: Infinity, to: -Infinity }, [10 * DAY, 11 * DAY], false],
    ['a batch inside the compacted days', { from: 5 * DAY, to: 20 * DAY }, [10 * DAY, 10 * DAY], true],
    ['a batch ending on the earliest chunk day', { from: 5 * DAY, to: 20 * DAY }, [DAY, 5 * DAY], true],
    ['a batch older than every chunk', { from: 5 * DAY, to: 20 * DAY }, [DAY, 5 * DAY - 1], false],
    ['a batch from the cursor on', { from: 5 * DAY, to: 20 * DAY }, [20 * DAY, 21 * DAY], false],
    [
      'a batch reaching back over the cursor',
      { from: 5 * DAY, to: 20 * DAY },
      [20 * DAY - 1, 21 * DAY],
      true,
    ],
    ['chunks a migration made, no cursor', { from: 5 * DAY, to: Infinity }, [30 * DAY, 30 * DAY], true],
  ])('%s', async (_, range, [oldest, newest], expected) => {
    expect(await horizon(range).h.reaches(oldest, newest)).toBe(expected);
  });

  it('reads the range once for a burst, and again after invalidate()', async () => {
    const { h, reads } = horizon({ from: 0, to: DAY });
    await Promise.all([h.reaches(0, 1), h.reaches(0, 1), h.reaches(0, 1)]);
    expect(reads()).toBe(1);
    h.invalidate();
    await h.reaches(0, 1);
    expect(reads()).toBe(2);
  });
});
