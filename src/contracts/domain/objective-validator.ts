import {
  CALENDAR_UNITS,
  type CalendarUnit,
  type Comparison,
  type CreditTier,
  isPercentageKind,
  type Objective,
  type PeriodSpec,
} from './contract.types';
import { parseDuration } from './durations';
import { calendarRef, comparison, indicator, type ObjectiveContext } from './indicator-validator';
import { join, type Reader } from './reader';

// Objectives (docs/contract-authoring.md, "Objectives"): the rules between their fields. Every rule
// reports the exact path of the problem; the fields' shape is the schema's.

export { readDuration, type ObjectiveContext } from './indicator-validator';

const MAX_ROLLING_SECONDS = 400 * 86_400;
const BUDGETLESS = new Set(['avg', 'min', 'max', 'sum', 'count', 'last']);
export const PERIOD_HINT = `must be one of ${CALENDAR_UNITS.join(', ')} or a rolling window such as 24h or 30d`;

function period(r: Reader, value: unknown, path: string): PeriodSpec | undefined {
  const text = r.string(value, path);
  if (text === undefined) return undefined;
  if ((CALENDAR_UNITS as readonly string[]).includes(text))
    return { type: 'calendar', unit: text as CalendarUnit };
  const seconds = parseDuration(text);
  if (seconds === undefined) return r.problems.add(path, PERIOD_HINT);
  if (seconds < 60 || seconds > MAX_ROLLING_SECONDS)
    return r.problems.add(path, 'a rolling window must be from 1m to 400d');
  return { type: 'rolling', seconds };
}

/** Why a percentage objective is out of range, unmeetable or always met; undefined when it is fine. */
export function percentageProblem({ op, target }: Comparison): string | undefined {
  if (target < 0 || target > 100) return `is a percentage from 0 to 100, got ${target}`;
  if ((op === 'lt' && target === 0) || (op === 'gt' && target === 100))
    return 'no attainment can meet it (attainment is from 0 to 100 %)';
  if ((op === 'gte' && target === 0) || (op === 'lte' && target === 100))
    return 'every attainment meets it, so it could never be breached';
  return undefined;
}

function credits(r: Reader, value: unknown, path: string): CreditTier[] {
  const tiers: CreditTier[] = [];
  (r.array(value, path) ?? []).forEach((tier, i) => {
    const p = join(path, i);
    const o = r.object(tier, p);
    if (!o) return;
    const below = r.number(o.below, join(p, 'below'));
    const credit = r.number(o.credit, join(p, 'credit'));
    if (below === undefined || credit === undefined) return;
    const previous = tiers[tiers.length - 1];
    if (previous && below >= previous.below) {
      r.problems.add(
        join(p, 'below'),
        `must be below the previous tier's ${previous.below}: tiers go strictly downwards`,
      );
      return;
    }
    tiers.push({ below, credit });
  });
  return tiers;
}

export function readObjective(ctx: ObjectiveContext, value: unknown, path: string): Objective | undefined {
  const { r } = ctx;
  const o = r.object(value, path);
  if (!o) return undefined;
  const key = r.string(o.key, join(path, 'key'));
  const title = r.string(o.title, join(path, 'title')) ?? key;
  const responsible =
    r.choice<Objective['responsible']>(o.responsible, join(path, 'responsible')) ?? 'vendor';
  const severity = r.choice<Objective['severity']>(o.severity, join(path, 'severity')) ?? 'major';
  const ind = indicator(ctx, o.indicator, join(path, 'indicator'));
  const percent = ind ? isPercentageKind(ind.kind) : true;
  const target = comparison(r, o.objective, join(path, 'objective'), percent);
  const targetProblem = target && ind && percent ? percentageProblem(target) : undefined;
  if (targetProblem && ind) r.problems.add(join(path, 'objective'), `a ${ind.kind} target ${targetProblem}`);
  const per = period(r, o.period, join(path, 'period'));
  const serviceHours =
    o.serviceHours === undefined ? undefined : calendarRef(ctx, o.serviceHours, join(path, 'serviceHours'));
  const excludeMaintenance = r.boolean(o.excludeMaintenance, join(path, 'excludeMaintenance')) ?? true;
  const warnAt = r.number(o.warnAt, join(path, 'warnAt')) ?? 75;
  // Say that warn does not apply before judging how it is written (`warn: ">= 99.95%"` on a ratio).
  const warnApplies = !ind || (ind.kind === 'threshold' && BUDGETLESS.has(ind.aggregate));
  const warn = warnApplies ? comparison(r, o.warn, join(path, 'warn'), false) : undefined;
  if (!warnApplies && o.warn !== undefined && o.warn !== null) {
    r.problems.add(
      join(path, 'warn'),
      'applies only to threshold objectives with avg, min, max, sum, count or last (others use warnAt)',
    );
  }
  const missingData =
    r.choice<Objective['missingData']>(o.missingData, join(path, 'missingData')) ?? 'ignore';
  if (o.missingData !== undefined && ind && ind.kind !== 'timeslice') {
    r.problems.add(join(path, 'missingData'), 'applies only to timeslice indicators');
  }
  const minEvents = r.number(o.minEvents, join(path, 'minEvents')) ?? 1;
  const tiers = credits(r, o.credits, join(path, 'credits'));
  if (tiers.length > 0 && ind?.kind === 'threshold') {
    r.problems.add(
      join(path, 'credits'),
      'credit tiers are percentages: they apply to ratio, timeslice, deadline and freshness objectives',
    );
  }
  if (
    tiers.length > 0 &&
    per &&
    !(per.type === 'calendar' && ['month', 'quarter', 'year'].includes(per.unit))
  ) {
    r.problems.add(
      join(path, 'credits'),
      'credits are paid per month, quarter or year: this objective’s period earns none',
    );
  }
  if (key === undefined || !ind || !target || !per) return undefined;
  return {
    key,
    title: title ?? key,
    responsible,
    severity,
    indicator: ind,
    objective: target,
    period: per,
    serviceHours,
    excludeMaintenance,
    warnAt,
    warn,
    missingData,
    minEvents,
    credits: tiers,
  };
}
