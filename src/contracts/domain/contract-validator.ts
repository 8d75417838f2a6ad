import type { FieldError } from '../../common/errors/domain-error';
import type {
  BusinessCalendar,
  ContractSpec,
  Deliverable,
  Maintenance,
  Objective,
  Weekday,
} from './contract.types';
import { WEEKDAYS } from './contract.types';
import { parseCron } from './cron';
import { readDuration, readObjective, SLUG, SLUG_HINT } from './objective-validator';
import { isObject, join, Problems, Reader } from './reader';
import { endOfLocalDate, isLocalDate, isValidZone, parseClock, parseInstant, startOfLocalDate } from './time';

// The contract document (domain.md §1): `apiVersion: sla-sentinel/v1`, `kind: Contract`, metadata, spec.
// Pure: the vendor's existence is checked by the caller, which owns the database.

export const API_VERSION = 'sla-sentinel/v1';
/** Fields the server adds when it answers a document; accepted and ignored on apply (GET → PUT works). */
export const SERVER_METADATA = ['version', 'sha256', 'appliedAt'] as const;

const EMAIL =
  /^[^\s@<>(),;:"\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const CALENDAR_NAME = /^[A-Za-z0-9_-]{1,63}$/;
const SPEC_FIELDS = [
  'vendor',
  'timezone',
  'weekStart',
  'effective',
  'fees',
  'creditCap',
  'closeAfter',
  'owners',
  'vendorContacts',
  'notifyVendor',
  'notifications',
  'chronic',
  'calendars',
  'maintenance',
  'objectives',
  'deliverables',
];

export type ValidationResult = { ok: true; spec: ContractSpec } | { ok: false; errors: FieldError[] };

function emails(r: Reader, value: unknown, path: string): string[] | undefined {
  const list = r.array(value, path, { max: 50 });
  if (!list) return undefined;
  return list
    .map((e, i) => r.string(e, join(path, i), { pattern: EMAIL, hint: 'must be an email address', max: 254 }))
    .filter((e): e is string => e !== undefined)
    .map((e) => e.toLowerCase());
}

function calendar(r: Reader, value: unknown, path: string): BusinessCalendar | undefined {
  const o = r.object(value, path, ['weekdays', 'hours', 'holidays'], ['weekdays', 'hours']);
  if (!o) return undefined;
  const weekdays: Weekday[] = [];
  (r.array(o.weekdays, join(path, 'weekdays'), { min: 1, max: 7 }) ?? []).forEach((d, i) => {
    const day = r.oneOf(d, join(join(path, 'weekdays'), i), WEEKDAYS);
    if (day && weekdays.includes(day)) r.problems.add(join(join(path, 'weekdays'), i), `repeats ${day}`);
    else if (day) weekdays.push(day);
  });
  const hours: Array<{ from: number; to: number; index: number }> = [];
  (r.array(o.hours, join(path, 'hours'), { min: 1, max: 24 }) ?? []).forEach((h, i) => {
    const p = join(join(path, 'hours'), i);
    const span = r.object(h, p, ['from', 'to'], ['from', 'to']);
    if (!span) return;
    const from = typeof span.from === 'string' ? parseClock(span.from, false) : undefined;
    const to = typeof span.to === 'string' ? parseClock(span.to, true) : undefined;
    if (span.from !== undefined && from === undefined)
      r.problems.add(join(p, 'from'), 'must be a local time HH:MM from 00:00 to 23:59');
    if (span.to !== undefined && to === undefined)
      r.problems.add(join(p, 'to'), 'must be a local time HH:MM from 00:01 to 24:00');
    if (from === undefined || to === undefined) return;
    if (to <= from) {
      r.problems.add(
        p,
        `ends before it starts (${String(span.from)}–${String(span.to)}); 'to' is exclusive and may be 24:00`,
      );
      return;
    }
    hours.push({ from, to, index: i });
  });
  const sorted = [...hours].sort((a, b) => a.from - b.from);
  // Compare each span with the one reaching furthest so far, not just its neighbour: 08-18 overlaps 11-12
  // even when 09-10 sorts between them.
  let reach = sorted[0];
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].from < reach.to) {
      const later = Math.max(sorted[i].index, reach.index);
      const other = Math.min(sorted[i].index, reach.index);
      r.problems.add(join(join(path, 'hours'), later), `overlaps ${join(join(path, 'hours'), other)}`);
    }
    if (sorted[i].to > reach.to) reach = sorted[i];
  }
  const holidays: string[] = [];
  (r.array(o.holidays, join(path, 'holidays'), { max: 1000 }) ?? []).forEach((d, i) => {
    const day = r.string(d, join(join(path, 'holidays'), i));
    if (day !== undefined && !isLocalDate(day))
      r.problems.add(join(join(path, 'holidays'), i), 'must be a date YYYY-MM-DD');
    else if (day !== undefined) holidays.push(day);
  });
  return {
    weekdays,
    hours: sorted.map(({ from, to }) => ({ from, to })),
    holidays: [...new Set(holidays)].sort(),
  };
}

function maintenance(r: Reader, value: unknown, path: string): Maintenance | undefined {
  if (!isObject(value)) return r.problems.add(path, 'must be an object');
  if (value.cron !== undefined || value.duration !== undefined) {
    const o = r.object(value, path, ['title', 'cron', 'duration'], ['title', 'cron', 'duration']);
    const title = r.string(o?.title, join(path, 'title'));
    const cronText = r.string(o?.cron, join(path, 'cron'));
    const parsed = cronText === undefined ? undefined : parseCron(cronText);
    if (parsed && 'error' in parsed) r.problems.add(join(path, 'cron'), parsed.error);
    const seconds = readDuration(r, o?.duration, join(path, 'duration'), { max: 31 * 86_400 });
    if (
      title === undefined ||
      cronText === undefined ||
      !parsed ||
      'error' in parsed ||
      seconds === undefined
    )
      return undefined;
    return { title, kind: 'recurring', cron: cronText, durationSeconds: seconds };
  }
  const o = r.object(value, path, ['title', 'from', 'to'], ['title', 'from', 'to']);
  const title = r.string(o?.title, join(path, 'title'));
  const instant = (key: string) => {
    const text = r.string(o?.[key], join(path, key));
    if (text === undefined) return undefined;
    return (
      parseInstant(text) ??
      r.problems.add(join(path, key), 'must be a timestamp with an offset, e.g. 2027-03-11T22:00:00+02:00')
    );
  };
  const from = instant('from');
  const to = instant('to');
  if (from && to && to <= from) return r.problems.add(join(path, 'to'), 'must be after from');
  if (title === undefined || !from || !to) return undefined;
  return { title, kind: 'once', from: from.toISOString(), to: to.toISOString() };
}

function deliverable(
  r: Reader,
  value: unknown,
  path: string,
  range: { from?: Date; to?: Date },
): Deliverable | undefined {
  const o = r.object(value, path, ['key', 'title', 'due', 'responsible'], ['key', 'title', 'due']);
  if (!o) return undefined;
  const key = r.string(o.key, join(path, 'key'), { pattern: SLUG, hint: SLUG_HINT });
  const title = r.string(o.title, join(path, 'title'));
  const dueText = r.string(o.due, join(path, 'due'));
  const due = dueText === undefined ? undefined : parseInstant(dueText);
  if (dueText !== undefined && !due)
    r.problems.add(join(path, 'due'), 'must be a timestamp with an offset, e.g. 2027-03-31T18:00:00+03:00');
  if (due && ((range.from && due < range.from) || (range.to && due >= range.to))) {
    r.problems.add(join(path, 'due'), 'falls outside the contract’s effective range');
  }
  const responsible =
    r.oneOf(o.responsible, join(path, 'responsible'), ['vendor', 'customer', 'shared'] as const) ?? 'vendor';
  if (key === undefined || title === undefined || !due) return undefined;
  return { key, title, due: due.toISOString(), responsible };
}

function uniqueKeys(r: Reader, items: Array<{ key: string } | undefined>, path: string): void {
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    if (!item) return;
    const first = seen.get(item.key);
    if (first !== undefined)
      r.problems.add(
        join(join(path, i), 'key'),
        `duplicates ${join(join(path, first), 'key')} (${item.key})`,
      );
    else seen.set(item.key, i);
  });
}

/** Validates a parsed document. `pathKey`: the key in the URL, which `metadata.key` must equal. */
export function validateContract(doc: unknown, pathKey?: string): ValidationResult {
  const problems = new Problems();
  const r = new Reader(problems);
  const root = r.object(
    doc,
    '',
    ['apiVersion', 'kind', 'metadata', 'spec'],
    ['apiVersion', 'kind', 'metadata', 'spec'],
  );
  if (!root) return { ok: false, errors: problems.list };
  if (root.apiVersion !== undefined && root.apiVersion !== API_VERSION)
    problems.add('apiVersion', `must be ${API_VERSION}`);
  if (root.kind !== undefined && root.kind !== 'Contract') problems.add('kind', 'must be Contract');
  const meta = r.object(root.metadata, 'metadata', ['key', 'title', ...SERVER_METADATA], ['key', 'title']);
  const key = r.string(meta?.key, 'metadata.key', { pattern: SLUG, hint: SLUG_HINT });
  const title = r.string(meta?.title, 'metadata.title', { max: 300 });
  if (key !== undefined && pathKey !== undefined && key !== pathKey) {
    problems.add('metadata.key', `must equal the key in the URL (${pathKey})`);
  }
  const s = r.object(root.spec, 'spec', SPEC_FIELDS, ['vendor', 'timezone', 'effective']) ?? {};
  const vendor = r.string(s.vendor, 'spec.vendor', { pattern: SLUG, hint: SLUG_HINT });
  const zoneText = r.string(s.timezone, 'spec.timezone');
  const timezone =
    zoneText !== undefined && !isValidZone(zoneText)
      ? problems.add('spec.timezone', `must be an IANA time zone such as Asia/Jerusalem, got ${zoneText}`)
      : zoneText;
  const weekStart = r.oneOf(s.weekStart, 'spec.weekStart', ['sun', 'mon'] as const) ?? 'mon';

  const eff =
    s.effective === undefined ? undefined : r.object(s.effective, 'spec.effective', ['from', 'to'], ['from']);
  const date = (v: unknown, p: string) => {
    const text = r.string(v, p);
    return text !== undefined && !isLocalDate(text) ? problems.add(p, 'must be a date YYYY-MM-DD') : text;
  };
  const effFrom = date(eff?.from, 'spec.effective.from');
  const effTo = date(eff?.to, 'spec.effective.to');
  if (effFrom && effTo && effTo < effFrom) problems.add('spec.effective.to', 'must not be before from');
  const range =
    timezone && effFrom
      ? { from: startOfLocalDate(effFrom, timezone), to: effTo ? endOfLocalDate(effTo, timezone) : undefined }
      : {};

  let fees: ContractSpec['fees'];
  if (s.fees !== undefined) {
    const f = r.object(s.fees, 'spec.fees', ['monthly', 'currency'], ['monthly', 'currency']);
    const monthly = r.number(f?.monthly, 'spec.fees.monthly', { min: 0 });
    const currency = r.string(f?.currency, 'spec.fees.currency', {
      pattern: /^[A-Z]{3}$/,
      hint: 'must be an ISO 4217 code such as ILS, EUR or USD',
    });
    if (monthly !== undefined && currency !== undefined) fees = { monthly, currency };
  }
  const creditCap = r.number(s.creditCap, 'spec.creditCap', { min: 0, max: 100 });
  const closeAfterSeconds =
    readDuration(r, s.closeAfter, 'spec.closeAfter', { max: 90 * 86_400 }) ?? 72 * 3600;
  const owners = emails(r, s.owners, 'spec.owners') ?? [];
  const vendorContacts = emails(r, s.vendorContacts, 'spec.vendorContacts');
  const notifyVendor = r.boolean(s.notifyVendor, 'spec.notifyVendor') ?? true;
  const notifications =
    s.notifications === undefined
      ? undefined
      : r.object(s.notifications, 'spec.notifications', ['repeatInterval']);
  const repeatIntervalSeconds =
    readDuration(r, notifications?.repeatInterval, 'spec.notifications.repeatInterval', { min: 3600 }) ??
    86_400;

  let chronic: ContractSpec['chronic'];
  if (s.chronic !== undefined) {
    const c = r.object(s.chronic, 'spec.chronic', ['breaches', 'periods'], ['breaches', 'periods']);
    const breaches = r.number(c?.breaches, 'spec.chronic.breaches', { min: 1, integer: true });
    const periods = r.number(c?.periods, 'spec.chronic.periods', { min: 1, max: 60, integer: true });
    if (breaches !== undefined && periods !== undefined && breaches > periods) {
      problems.add('spec.chronic.breaches', `cannot exceed periods (${periods})`);
    } else if (breaches !== undefined && periods !== undefined) chronic = { breaches, periods };
  }

  const calendars: Record<string, BusinessCalendar> = {};
  if (s.calendars !== undefined) {
    const all = r.object(
      s.calendars,
      'spec.calendars',
      Object.keys(isObject(s.calendars) ? s.calendars : {}),
    );
    for (const [name, def] of Object.entries(all ?? {})) {
      if (!CALENDAR_NAME.test(name) || name === '__proto__')
        problems.add(
          join('spec.calendars', name),
          'a calendar name is letters, digits, _ and - (at most 63), and not __proto__',
        );
      const cal = calendar(r, def, join('spec.calendars', name));
      // `calendars.__proto__ = cal` would set the prototype instead of adding a calendar.
      if (cal && name !== '__proto__') calendars[name] = cal;
    }
  }
  const calendarNames = new Set(isObject(s.calendars) ? Object.keys(s.calendars) : []);

  const maint = (r.array(s.maintenance, 'spec.maintenance', { max: 100 }) ?? []).map((m, i) =>
    maintenance(r, m, join('spec.maintenance', i)),
  );
  const objectiveList = r.array(s.objectives, 'spec.objectives', { max: 200 }) ?? [];
  const objectives = objectiveList.map((o, i) =>
    readObjective({ r, calendars: calendarNames }, o, join('spec.objectives', i)),
  );
  uniqueKeys(r, objectives, 'spec.objectives');
  const deliverableList = r.array(s.deliverables, 'spec.deliverables', { max: 500 }) ?? [];
  const deliverables = deliverableList.map((d, i) => deliverable(r, d, join('spec.deliverables', i), range));
  uniqueKeys(r, deliverables, 'spec.deliverables');
  if (isObject(root.spec) && objectiveList.length === 0 && deliverableList.length === 0) {
    problems.add('spec.objectives', 'a contract needs at least one objective or deliverable');
  }

  if (!problems.empty || !key || !title || !vendor || !timezone || !effFrom)
    return { ok: false, errors: problems.list };
  return {
    ok: true,
    spec: {
      key,
      title,
      vendor,
      timezone,
      weekStart,
      effective: effTo ? { from: effFrom, to: effTo } : { from: effFrom },
      fees,
      creditCap,
      closeAfterSeconds,
      owners,
      vendorContacts,
      notifyVendor,
      repeatIntervalSeconds,
      chronic,
      calendars,
      maintenance: maint.filter((m): m is Maintenance => m !== undefined),
      objectives: objectives.filter((o): o is Objective => o !== undefined),
      deliverables: deliverables.filter((d): d is Deliverable => d !== undefined),
    },
  };
}
