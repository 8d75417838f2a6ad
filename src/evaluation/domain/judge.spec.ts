import type { Objective } from '../../contracts/domain/contract.types';
import { type Figures, judge } from './judge';
import { freshnessFigures, ratioFigures, timesliceFigures } from './kinds';
import { objective } from './objective.spec-helpers';

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

// A ratio objective counting bad events, and the timeslice objective with a strict (gt) target.
const badCount = objective({ indicator: { kind: 'ratio', bad: 'err', total: 'all' } });
const strictSlices = objective({ ...slices, objective: { op: 'gt', target: 99 } });

/** Ratio figures of `numerator` of `total` in the period, none in the last hour, over `measuredMs`. */
const ratio = (numerator: number, total: number, { of = objective(), measuredMs = 1 } = {}): Figures =>
  ratioFigures(of, { numerator, total }, { numerator: 0, total: 0 }, measuredMs);

/** Timeslice figures of slice counts in the period, none in the last hour, 100 eligible slices. */
const sliced = (good: number, bad: number, empty: number, of: Objective = slices): Figures =>
  timesliceFigures(of, { good, bad, empty }, { good: 0, bad: 0, empty: 0 }, 100, 1);

describe('judging figures', () => {
  it.each<[string, Objective, Figures, string]>([
    ['999 of 1 000 meets >= 99.9 % despite binary floating point', objective(), ratio(999, 1000), 'at_risk'],
    ['998 of 1 000 fails >= 99.9 %', objective(), ratio(998, 1000), 'breached'],
    ['no total is no_data', objective(), ratio(0, 0), 'no_data'],
    ['fewer events than minEvents is no_data', objective({ minEvents: 5 }), ratio(4, 4), 'no_data'],
    [
      'good above total (1e6 of 100) is breached, not an attainment of 10 000',
      objective(),
      ratio(1e6, 100),
      'breached',
    ],
    [
      'a negative bad count is breached, not an attainment of 1.5',
      badCount,
      ratio(-50, 100, { of: badCount }),
      'breached',
    ],
    [
      'a negative total is breached even below minEvents',
      objective({ minEvents: 5 }),
      ratio(0, -10),
      'breached',
    ],
    ['good equal to total up to rounding is met', objective(), ratio(30.000000000000004, 30), 'met'],
    ['no measured time is no_data', objective(), ratio(4, 4, { measuredMs: 0 }), 'no_data'],
    // 100 eligible slices in the period, 1 % allowed: 1 bad slice is exactly the budget (met), 2 break it.
    ['a timeslice budget spent exactly is not breached', slices, sliced(9, 1, 0), 'at_risk'],
    [
      'a timeslice budget overspent is breached although the period is young',
      slices,
      sliced(8, 2, 0),
      'breached',
    ],
    [
      'a gt objective is breached once its budget is spent',
      strictSlices,
      sliced(9, 1, 0, strictSlices),
      'breached',
    ],
    ['below warnAt is met', slices, sliced(10, 0, 5), 'met'],
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
    expect(judge(objective(), ratio(5, 10))).not.toHaveProperty('dataError');
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
