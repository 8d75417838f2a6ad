import { type ComparisonResult, parseComparison } from './comparison';
import {
  AGGREGATES,
  CALENDAR_UNITS,
  type CalendarUnit,
  type Comparison,
  type CreditTier,
  type Indicator,
  type IndicatorKind,
  INDICATOR_KINDS,
  isPercentageKind,
  type Objective,
  type PeriodSpec,
} from './contract.types';
import { parseDuration } from './durations';
import { isObject, join, type Json, type Reader } from './reader';

// Objectives and their indicators (domain.md §2). Every rule reports the exact path of the problem.

export const SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
export const SLUG_HINT =
  'must be a slug: lowercase letters, digits and dashes, starting with a letter or digit (1-63)';
export const METRIC = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$/;
const METRIC_HINT = 'must be a metric name: a letter or _ then letters, digits, _ . : - (at most 128)';
const WORD = /^[A-Za-z0-9_.:-]{1,64}$/;
const WORD_HINT = 'must be one word: letters, digits, _ . : - (at most 64)';
const MAX_ROLLING_SECONDS = 400 * 86_400;
const BUDGETLESS = new Set(['avg', 'min', 'max', 'sum', 'count', 'last']);

export interface ObjectiveContext {
  r: Reader;
  calendars: Set<string>;
}

function comparison(
  r: Reader,
  value: unknown,
  path: string,
  percentAllowed: boolean,
): Comparison | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed: ComparisonResult = parseComparison(value);
  if ('error' in parsed) return r.problems.add(path, parsed.error);
  if (parsed.percent && !percentAllowed) {
    return r.problems.add(path, 'is in the metric’s own unit: remove the %');
  }
  return parsed.ok;
}

function duration(
  r: Reader,
  value: unknown,
  path: string,
  limits: { min?: number; max?: number } = {},
): number | undefined {
  const text = r.string(value, path);
  if (text === undefined) return undefined;
  const seconds = parseDuration(text);
  if (seconds === undefined) return r.problems.add(path, 'must be a duration such as 30m, 4h, 7d or 1h30m');
  if (limits.min !== undefined && seconds < limits.min)
    return r.problems.add(path, `must be at least ${limits.min} seconds`);
  if (limits.max !== undefined && seconds > limits.max)
    return r.problems.add(path, `must be at most ${limits.max} seconds`);
  return seconds;
}

export function readDuration(
  r: Reader,
  value: unknown,
  path: string,
  limits: { min?: number; max?: number } = {},
) {
  return duration(r, value, path, limits);
}

function period(r: Reader, value: unknown, path: string): PeriodSpec | undefined {
  const text = r.string(value, path);
  if (text === undefined) return undefined;
  if ((CALENDAR_UNITS as readonly string[]).includes(text))
    return { type: 'calendar', unit: text as CalendarUnit };
  const seconds = parseDuration(text);
  if (seconds === undefined) {
    return r.problems.add(
      path,
      `must be one of ${CALENDAR_UNITS.join(', ')} or a rolling window such as 24h or 30d`,
    );
  }
  if (seconds < 60 || seconds > MAX_ROLLING_SECONDS)
    return r.problems.add(path, 'a rolling window must be from 1m to 400d');
  return { type: 'rolling', seconds };
}

function calendarRef(ctx: ObjectiveContext, value: unknown, path: string): string | undefined {
  const name = ctx.r.string(value, path);
  if (name !== undefined && !ctx.calendars.has(name)) {
    return ctx.r.problems.add(
      path,
      `names no calendar of spec.calendars (${[...ctx.calendars].join(', ') || 'none defined'})`,
    );
  }
  return name;
}

function indicator(ctx: ObjectiveContext, value: unknown, path: string): Indicator | undefined {
  const { r } = ctx;
  if (value === undefined) return undefined;
  if (!isObject(value)) return r.problems.add(path, 'must be an object with a kind');
  if (value.kind === undefined || value.kind === null)
    return r.problems.add(join(path, 'kind'), 'is required');
  const kind = r.oneOf<IndicatorKind>(value.kind, join(path, 'kind'), INDICATOR_KINDS);
  if (kind === undefined) return undefined;
  const metric = (o: Json, key: string) =>
    r.string(o[key], join(path, key), { pattern: METRIC, hint: METRIC_HINT });
  switch (kind) {
    case 'ratio': {
      const o = r.object(value, path, ['kind', 'good', 'bad', 'total'], ['total']);
      if (!o) return undefined;
      // null counts as absent (as everywhere else), so `good: null` without `bad` is "neither".
      if ((o.good === undefined || o.good === null) === (o.bad === undefined || o.bad === null)) {
        return r.problems.add(path, 'a ratio needs exactly one of good or bad, with total');
      }
      const total = metric(o, 'total');
      const good = metric(o, 'good');
      const bad = metric(o, 'bad');
      if (total === undefined || (good ?? bad) === undefined) return undefined;
      return good !== undefined ? { kind, good, total } : { kind, bad, total };
    }
    case 'threshold': {
      const o = r.object(value, path, ['kind', 'metric', 'aggregate'], ['metric', 'aggregate']);
      if (!o) return undefined;
      const m = metric(o, 'metric');
      const aggregate = r.oneOf(o.aggregate, join(path, 'aggregate'), AGGREGATES);
      return m !== undefined && aggregate !== undefined ? { kind, metric: m, aggregate } : undefined;
    }
    case 'timeslice': {
      const o = r.object(
        value,
        path,
        ['kind', 'metric', 'slice', 'aggregate', 'good'],
        ['metric', 'slice', 'good'],
      );
      if (!o) return undefined;
      const m = metric(o, 'metric');
      const slice = duration(r, o.slice, join(path, 'slice'), { min: 60, max: 86_400 });
      if (slice !== undefined && slice % 60 !== 0)
        r.problems.add(join(path, 'slice'), 'must be a whole number of minutes');
      const aggregate =
        o.aggregate === undefined || o.aggregate === null
          ? 'min'
          : r.oneOf(o.aggregate, join(path, 'aggregate'), AGGREGATES);
      const good = comparison(r, o.good, join(path, 'good'), false);
      if (m === undefined || slice === undefined || slice % 60 !== 0 || aggregate === undefined || !good)
        return undefined;
      return { kind, metric: m, sliceSeconds: slice, aggregate, good };
    }
    case 'deadline': {
      const allowed = ['kind', 'item', 'where', 'start', 'stop', 'within', 'calendar', 'pause', 'resume'];
      const o = r.object(value, path, allowed, ['item', 'within']);
      if (!o) return undefined;
      const word = (key: string) => r.string(o[key], join(path, key), { pattern: WORD, hint: WORD_HINT });
      const item = word('item');
      const start = word('start') ?? 'opened';
      const stop = word('stop') ?? 'resolved';
      const pause = word('pause');
      const resume = word('resume');
      const within = duration(r, o.within, join(path, 'within'));
      const calendar =
        o.calendar === undefined ? undefined : calendarRef(ctx, o.calendar, join(path, 'calendar'));
      if (start === stop) r.problems.add(join(path, 'stop'), 'must differ from start');
      // null counts as absent: `pause: null` with a resume is a resume without a pause.
      const hasPause = o.pause !== undefined && o.pause !== null;
      const hasResume = o.resume !== undefined && o.resume !== null;
      if (hasPause !== hasResume) {
        r.problems.add(join(path, hasPause ? 'resume' : 'pause'), 'pause and resume go together');
      }
      const where: Record<string, string> = {};
      if (o.where !== undefined) {
        const w = r.object(o.where, join(path, 'where'), Object.keys((o.where as Json) ?? {}));
        for (const [k, v] of Object.entries(w ?? {})) {
          // `where.__proto__ = text` would be silently ignored: the pair would vanish from the spec.
          if (k === '__proto__') {
            r.problems.add(join(join(path, 'where'), k), 'is not a usable attribute name');
            continue;
          }
          const text =
            typeof v === 'number' || typeof v === 'boolean'
              ? String(v)
              : r.string(v, join(join(path, 'where'), k));
          if (text !== undefined) where[k] = text;
        }
      }
      if (item === undefined || within === undefined) return undefined;
      return { kind, item, where, start, stop, withinSeconds: within, calendar, pause, resume };
    }
    case 'freshness': {
      const o = r.object(value, path, ['kind', 'metric', 'maxAge'], ['metric', 'maxAge']);
      if (!o) return undefined;
      const m = metric(o, 'metric');
      const maxAge = duration(r, o.maxAge, join(path, 'maxAge'));
      return m !== undefined && maxAge !== undefined ? { kind, metric: m, maxAgeSeconds: maxAge } : undefined;
    }
  }
}

function credits(r: Reader, value: unknown, path: string): CreditTier[] {
  const tiers: CreditTier[] = [];
  (r.array(value, path, { max: 20 }) ?? []).forEach((tier, i) => {
    const p = join(path, i);
    const o = r.object(tier, p, ['below', 'credit'], ['below', 'credit']);
    if (!o) return;
    const below = r.number(o.below, join(p, 'below'), { min: 0, max: 100 });
    const credit = r.number(o.credit, join(p, 'credit'), { min: 0, max: 100 });
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
  const allowed = [
    'key',
    'title',
    'responsible',
    'severity',
    'indicator',
    'objective',
    'period',
    'serviceHours',
    'excludeMaintenance',
    'warnAt',
    'warn',
    'missingData',
    'minEvents',
    'credits',
  ];
  const o = r.object(value, path, allowed, ['key', 'indicator', 'objective', 'period']);
  if (!o) return undefined;
  const key = r.string(o.key, join(path, 'key'), { pattern: SLUG, hint: SLUG_HINT });
  const title = r.string(o.title, join(path, 'title')) ?? key;
  const responsible =
    r.oneOf(o.responsible, join(path, 'responsible'), ['vendor', 'customer', 'shared'] as const) ?? 'vendor';
  const severity =
    r.oneOf(o.severity, join(path, 'severity'), ['critical', 'major', 'minor'] as const) ?? 'major';
  const ind = indicator(ctx, o.indicator, join(path, 'indicator'));
  const percent = ind ? isPercentageKind(ind.kind) : true;
  const target = comparison(r, o.objective, join(path, 'objective'), percent);
  if (target && ind && percent && (target.target < 0 || target.target > 100)) {
    r.problems.add(
      join(path, 'objective'),
      `a ${ind.kind} target is a percentage from 0 to 100, got ${target.target}`,
    );
  }
  const per = period(r, o.period, join(path, 'period'));
  const serviceHours =
    o.serviceHours === undefined ? undefined : calendarRef(ctx, o.serviceHours, join(path, 'serviceHours'));
  const excludeMaintenance = r.boolean(o.excludeMaintenance, join(path, 'excludeMaintenance')) ?? true;
  const warnAt = r.number(o.warnAt, join(path, 'warnAt'), { min: 0, max: 100 }) ?? 75;
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
    r.oneOf(o.missingData, join(path, 'missingData'), ['ignore', 'good', 'bad'] as const) ?? 'ignore';
  if (o.missingData !== undefined && ind && ind.kind !== 'timeslice') {
    r.problems.add(join(path, 'missingData'), 'applies only to timeslice indicators');
  }
  const minEvents = r.number(o.minEvents, join(path, 'minEvents'), { min: 1, integer: true }) ?? 1;
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
