import { compactionHorizon, DAY_MS, ROWS_PER_STEP, seriesPerStep } from './compaction';

const at = (iso: string) => Date.parse(iso);

describe('compactionHorizon', () => {
  it.each([
    ['2026-11-30T02:59:59.999Z', '2026-11-29T00:00:00Z'],
    ['2026-11-30T03:00:00Z', '2026-11-30T00:00:00Z'],
    ['2026-11-30T23:00:00Z', '2026-11-30T00:00:00Z'],
    ['2026-12-01T00:30:00Z', '2026-11-30T00:00:00Z'],
  ])('at %s days before %s are compacted', (now, horizon) => {
    expect(compactionHorizon(at(now))).toBe(at(horizon));
    expect(compactionHorizon(at(now)) % DAY_MS).toBe(0);
  });
});

describe('seriesPerStep', () => {
  it.each([
    [0, 500],
    [1, 500],
    [1_440, Math.floor(ROWS_PER_STEP / 1_440)],
    [86_400, 1],
    [10_000_000, 1],
  ])('%d rows per series → %d series', (rows, series) => {
    expect(seriesPerStep(rows)).toBe(series);
  });
});
