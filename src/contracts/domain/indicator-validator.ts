import { MAX_ATTRIBUTE_VALUE } from '../../ingest/domain/events';
import { type ComparisonResult, parseComparison } from './comparison';
import {
  type Aggregate,
  type Comparison,
  type Indicator,
  type IndicatorKind,
  INDICATOR_KINDS,
} from './contract.types';
import { parseDuration } from './durations';
import { join, type Json, type Reader } from './reader';
import { parseSelector, selectorKey } from './selector';

// Indicators (docs/contract-authoring.md) and the values objectives share with them: comparisons and
// durations. Their shape (kinds, fields, names, words) is the schema's; what is left is arithmetic and
// how fields go together.

export const DURATION_HINT = 'must be a duration such as 30m, 4h, 7d or 1h30m';

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
  const given = r.given(value, path);
  if (given === undefined || given === null) return undefined;
  // The schema admits the written forms; a number too large to hold is found here.
  const parsed: ComparisonResult = parseComparison(given);
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

/** Seconds: the schema admits the written form, zero and the limits are found here. */
export function readDuration(
  r: Reader,
  value: unknown,
  path: string,
  limits: { min?: number; max?: number } = {},
): number | undefined {
  const text = r.string(value, path);
  if (text === undefined) return undefined;
  const seconds = parseDuration(text);
  if (seconds === undefined) return r.problems.add(path, DURATION_HINT);
  if (limits.min !== undefined && seconds < limits.min)
    return r.problems.add(path, `must be at least ${limits.min} seconds`);
  if (limits.max !== undefined && seconds > limits.max)
    return r.problems.add(path, `must be at most ${limits.max} seconds`);
  return seconds;
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
  const o = r.object(value, path);
  const kind = r.choice<IndicatorKind>(o?.kind, join(path, 'kind'));
  if (!o || !kind || !INDICATOR_KINDS.includes(kind)) return undefined;
  const text = (key: string) => r.string(o[key], join(path, key));
  // A metric field is a selector: stored as its canonical key, which roll-ups and caches key on.
  const metricOf = (key: string) => {
    const written = text(key);
    if (written === undefined) return undefined;
    const selector = parseSelector(written);
    if ('error' in selector) return r.problems.add(join(path, key), selector.error);
    return selectorKey(selector);
  };
  switch (kind) {
    case 'ratio': {
      // Exactly one of good and bad (the schema's rule).
      const total = metricOf('total');
      const good = metricOf('good');
      const bad = metricOf('bad');
      if (total === undefined || (good ?? bad) === undefined) return undefined;
      return good !== undefined ? { kind, good, total } : { kind, bad, total };
    }
    case 'threshold': {
      const metric = metricOf('metric');
      const aggregate = r.choice<Aggregate>(o.aggregate, join(path, 'aggregate'));
      return metric !== undefined && aggregate !== undefined ? { kind, metric, aggregate } : undefined;
    }
    case 'timeslice': {
      const metric = metricOf('metric');
      const slice = readDuration(r, o.slice, join(path, 'slice'), { min: 60, max: 86_400 });
      if (slice !== undefined && slice % 60 !== 0)
        r.problems.add(join(path, 'slice'), 'must be a whole number of minutes');
      const aggregate = r.choice<Aggregate>(o.aggregate, join(path, 'aggregate')) ?? 'min';
      const good = comparison(r, o.good, join(path, 'good'), false);
      if (metric === undefined || slice === undefined || slice % 60 !== 0 || !good) return undefined;
      return { kind, metric, sliceSeconds: slice, aggregate, good };
    }
    case 'deadline':
      return deadline(ctx, o, path);
    case 'freshness': {
      const metric = metricOf('metric');
      const maxAge = readDuration(r, o.maxAge, join(path, 'maxAge'));
      return metric !== undefined && maxAge !== undefined
        ? { kind, metric, maxAgeSeconds: maxAge }
        : undefined;
    }
  }
}

function deadline(ctx: ObjectiveContext, o: Json, path: string): Indicator | undefined {
  const { r } = ctx;
  const word = (key: string) => r.string(o[key], join(path, key));
  const item = word('item');
  const start = word('start') ?? 'opened';
  const stop = word('stop') ?? 'resolved';
  const pause = word('pause');
  const resume = word('resume');
  const within = readDuration(r, o.within, join(path, 'within'));
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
  return { kind: 'deadline', item, where, start, stop, withinSeconds: within, calendar, pause, resume };
}

/**
 * Attribute pairs an event must carry, as text. Their names, values and number (ingest's attribute
 * rules) are the schema's: a map of too many pairs is refused there and never read here.
 */
function whereClause(r: Reader, value: unknown, path: string): Record<string, string> {
  const where: Record<string, string> = {};
  for (const [k, v] of Object.entries(r.object(value, path) ?? {})) {
    // `where.__proto__ = text` would set the prototype: the pair would vanish (the schema refuses the name).
    if (k === '__proto__') continue;
    const text =
      typeof v === 'number' || typeof v === 'boolean'
        ? String(v)
        : r.string(v, join(path, k), MAX_ATTRIBUTE_VALUE);
    if (text !== undefined) where[k] = text;
  }
  return where;
}
