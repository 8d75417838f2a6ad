import { ATTRIBUTE_NAME, MAX_ATTRIBUTE_VALUE, MAX_ATTRIBUTES } from '../../ingest/domain/events';
import { type ComparisonResult, parseComparison } from './comparison';
import {
  AGGREGATES,
  type Comparison,
  type Indicator,
  type IndicatorKind,
  INDICATOR_KINDS,
} from './contract.types';
import { parseDuration } from './durations';
import { isObject, join, type Json, type Reader } from './reader';

// Indicators (docs/contract-authoring.md) and the values objectives share with them: comparisons and durations.

export const METRIC = /^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}$/;
const METRIC_HINT = 'must be a metric name: a letter or _ then letters, digits, _ . : - (at most 128)';
const WORD = /^[A-Za-z0-9_.:-]{1,64}$/;
const WORD_HINT = 'must be one word: letters, digits, _ . : - (at most 64)';

/** Targets in a metric's unit: the range of an ingested sample value, so no product of them overflows. */
export const MAX_METRIC_TARGET = Number.MAX_SAFE_INTEGER;

export interface ObjectiveContext {
  r: Reader;
  calendars: Set<string>;
}

export function comparison(
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
  if (!percentAllowed && Math.abs(parsed.ok.target) > MAX_METRIC_TARGET) {
    return r.problems.add(
      path,
      `target must be within ±${MAX_METRIC_TARGET} (2^53 − 1), as sample values are`,
    );
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

export function calendarRef(ctx: ObjectiveContext, value: unknown, path: string): string | undefined {
  const name = ctx.r.string(value, path);
  if (name !== undefined && !ctx.calendars.has(name)) {
    return ctx.r.problems.add(
      path,
      `names no calendar of spec.calendars (${[...ctx.calendars].join(', ') || 'none defined'})`,
    );
  }
  return name;
}

export function indicator(ctx: ObjectiveContext, value: unknown, path: string): Indicator | undefined {
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
      const where = o.where === undefined ? {} : whereClause(r, o.where, join(path, 'where'));
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

/** Attribute pairs an event must carry, under the rules ingest applies to event attributes. */
function whereClause(r: Reader, value: unknown, path: string): Record<string, string> {
  const where: Record<string, string> = {};
  const pairs = Object.entries(r.map(value, path) ?? {});
  // Stop before the pairs: a map of thousands (or one aliased a hundred times) is refused in one line.
  if (pairs.length > MAX_ATTRIBUTES) {
    r.problems.add(
      path,
      `must have at most ${MAX_ATTRIBUTES} pairs, as an event carries at most ${MAX_ATTRIBUTES} attributes`,
    );
    return where;
  }
  for (const [k, v] of pairs) {
    // `where.__proto__ = text` would be silently ignored: the pair would vanish from the spec.
    if (k === '__proto__' || !ATTRIBUTE_NAME.test(k)) {
      r.problems.add(
        join(path, k),
        'is not a usable attribute name: a letter or _ then letters, digits, _ . - (at most 64), as in events',
      );
      continue;
    }
    const text =
      typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : r.string(v, join(path, k), { max: MAX_ATTRIBUTE_VALUE });
    if (text !== undefined) where[k] = text;
  }
  return where;
}
