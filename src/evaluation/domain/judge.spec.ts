import type { Objective } from '../../contracts/domain/contract.types';
import { type Figures, judge } from './judge';
import { freshnessFigures, ratioFigures, timesliceFigures } from './kinds';

const objective = (over: Partial<Objective> = {}): Objective => ({
  key: 'o',
  title: 'O',
  responsible: 'vendor',
  severity: 'major',
  indicator: { kind: 'ratio', good: 'ok', total: 'all' },
  objective: { op: 'gte', target: 99.9 },
  period: { type: 'calendar', unit: 'month' },
  excludeMaintenance: true,
  warnAt: 75,
  missingData: 'ignore',
  minEvents: 1,
  credits: [],
  ...over,
});
const slices = objective({
  indicator: {
    kind: 'timeslice',
    metric: 'up',
    sliceSeconds: 60,
    aggregate: 'min',
    good: { op: 'gte', target: 1 },
  },
  objective: { op: 'gte', target: 99 },
});

describe('judging figures', () => {
  it.each<[string, Objective, Figures, string]>([
    [
      '999 of 1 000 meets >= 99.9 % despite binary floating point',
      objective(),
      ratioFigures(objective(), { numerator: 999, total: 1000 }, { numerator: 0, total: 0 }, 1),
      'at_risk',
    ],
    [
      '998 of 1 000 fails >= 99.9 %',
      objective(),
      ratioFigures(objective(), { numerator: 998, total: 1000 }, { numerator: 0, total: 0 }, 1),
      'breached',
    ],
    [
      'no total is no_data',
      objective(),
      ratioFigures(objective(), { numerator: 0, total: 0 }, { numerator: 0, total: 0 }, 1),
      'no_data',
    ],
    [
      'fewer events than minEvents is no_data',
      objective({ minEvents: 5 }),
      ratioFigures(objective(), { numerator: 4, total: 4 }, { numerator: 0, total: 0 }, 1),
      'no_data',
    ],
    [
      'good above total (1e6 of 100) is breached, not an attainment of 10 000',
      objective(),
      ratioFigures(objective(), { numerator: 1e6, total: 100 }, { numerator: 0, total: 0 }, 1),
      'breached',
    ],
    [
      'a negative bad count is breached, not an attainment of 1.5',
      objective({ indicator: { kind: 'ratio', bad: 'err', total: 'all' } }),
      ratioFigures(
        objective({ indicator: { kind: 'ratio', bad: 'err', total: 'all' } }),
        { numerator: -50, total: 100 },
        { numerator: 0, total: 0 },
        1,
      ),
      'breached',
    ],
    [
      'a negative total is breached even below minEvents',
      objective({ minEvents: 5 }),
      ratioFigures(objective(), { numerator: 0, total: -10 }, { numerator: 0, total: 0 }, 1),
      'breached',
    ],
    [
      'good equal to total up to rounding is met',
      objective(),
      ratioFigures(objective(), { numerator: 30.000000000000004, total: 30 }, { numerator: 0, total: 0 }, 1),
      'met',
    ],
    [
      'no measured time is no_data',
      objective(),
      ratioFigures(objective(), { numerator: 4, total: 4 }, { numerator: 0, total: 0 }, 0),
      'no_data',
    ],
    // 100 eligible slices in the period, 1 % allowed: 1 bad slice is exactly the budget (met), 2 break it.
    [
      'a timeslice budget spent exactly is not breached',
      slices,
      timesliceFigures(slices, { good: 9, bad: 1, empty: 0 }, { good: 0, bad: 0, empty: 0 }, 100, 1),
      'at_risk',
    ],
    [
      'a timeslice budget overspent is breached although the period is young',
      slices,
      timesliceFigures(slices, { good: 8, bad: 2, empty: 0 }, { good: 0, bad: 0, empty: 0 }, 100, 1),
      'breached',
    ],
    [
      'a gt objective is breached once its budget is spent',
      objective({ ...slices, objective: { op: 'gt', target: 99 } }),
      timesliceFigures(
        objective({ ...slices, objective: { op: 'gt', target: 99 } }),
        { good: 9, bad: 1, empty: 0 },
        { good: 0, bad: 0, empty: 0 },
        100,
        1,
      ),
      'breached',
    ],
    [
      'below warnAt is met',
      slices,
      timesliceFigures(slices, { good: 10, bad: 0, empty: 5 }, { good: 0, bad: 0, empty: 0 }, 100, 1),
      'met',
    ],
  ])('%s', (_name, o, figures, status) => {
    expect(judge(o, figures).status).toBe(status);
  });

  it('names impossible counts in the judgement, with attainment 0 and the whole budget spent', () => {
    const j = judge(
      objective(),
      ratioFigures(objective(), { numerator: 1e6, total: 100 }, { numerator: 1e6, total: 100 }, 1),
    );
    expect(j).toMatchObject({ status: 'breached', attainment: 0, dataError: 'good_exceeds_total' });
    expect(j.budget!.consumed).toBeGreaterThan(1);
    expect(
      judge(
        objective(),
        ratioFigures(objective(), { numerator: 5, total: 10 }, { numerator: 0, total: 0 }, 1),
      ),
    ).not.toHaveProperty('dataError');
  });

  it('gives burn rate and time to exhaustion from the last hour of measured time', () => {
    const o = objective({
      indicator: { kind: 'freshness', metric: 'feed', maxAgeSeconds: 900 },
      objective: { op: 'gte', target: 99 },
    });
    // Whole period 100 h measured, 1 % allowed = 1 h of stale time; 30 min stale so far, all in the last hour.
    const f = freshnessFigures(
      o,
      { freshMs: 9.5 * 3_600_000, measuredMs: 10 * 3_600_000 },
      { freshMs: 1_800_000, measuredMs: 3_600_000 },
      100 * 3_600_000,
    );
    const j = judge(o, f);
    expect(j.burnRate).toBeCloseTo(0.5 / 0.01, 9);
    // 1 800 s of budget left at a bad fraction of 0.5 → 3 600 s of measured time.
    expect(j.timeToExhaustionSeconds).toBeCloseTo(3600, 6);
    expect(j.budget!.consumed).toBeCloseTo(0.5, 9);
    expect(j.status).toBe('met');
  });
});
