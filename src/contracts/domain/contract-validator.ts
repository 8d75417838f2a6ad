import type { FieldError } from '../../common/errors/domain-error';
import { runSteps, type Steps } from '../../common/steps';
import type { ContractSpec, Deliverable, Maintenance, Objective } from './contract.types';
import { inspectDocument, TOO_LARGE } from './document-limits';
import { readDuration, readObjective } from './objective-validator';
import { isObject, join, Problems, Reader } from './reader';
import { schemaProblems } from './schema-problems';
import {
  type ApplyContext,
  calendarsOf,
  deliverable,
  effective,
  emails,
  MAX_CONTRACT_TITLE,
  MAX_MAINTENANCE_STARTS_PER_DAY,
  maintenance,
  recurringStartsPerDay,
  uniqueKeys,
} from './spec-parts';
import { isValidZone } from './time';

export { conformsToSchema } from './schema-problems';
export {
  type ApplyContext,
  DEFAULT_MAX_AGE_DAYS,
  EARLIEST_EFFECTIVE_FROM,
  MAX_CALENDARS,
  MAX_DELIVERABLES,
  MAX_MAINTENANCE,
  MAX_MONTHLY_FEE,
  MAX_OBJECTIVES,
} from './spec-parts';

// The contract document (docs/contract-authoring.md): `apiVersion: sla-sentinel/v1`, `kind: Contract`, metadata, spec.
// Pure: the vendor's existence is checked by the caller, which owns the database.
//
// Three passes, each answering in the same words and paths: the document's size and storable text
// (document-limits.ts), its shape (docs/contract.schema.json, schema-problems.ts), then the rules the
// schema cannot say (this reader): time zones, dates that exist, ranges in order, durations, cron
// fields, calendars named, keys unique, targets a percentage can meet, the clock and the URL's key.

export const API_VERSION = 'sla-sentinel/v1';
/** Fields the server adds when it answers a document; accepted and ignored on apply (GET → PUT works). */
export const SERVER_METADATA = ['version', 'sha256', 'appliedAt'] as const;

export type ValidationResult = { ok: true; spec: ContractSpec } | { ok: false; errors: FieldError[] };

/**
 * Validates a parsed document. `pathKey`: the key in the URL, which `metadata.key` must equal. `at`:
 * when it is applied; without it the clock-dependent rule (how far back effective.from may be) is skipped.
 */
export function validateContract(doc: unknown, pathKey?: string, at?: ApplyContext): ValidationResult {
  return runSteps(validationSteps(doc, pathKey, at));
}

/**
 * validateContract in steps (size, schema, then the reader's sections), so a server can serve other
 * requests between them: the largest accepted document costs 100+ ms in all.
 */
export function* validationSteps(doc: unknown, pathKey?: string, at?: ApplyContext): Steps<ValidationResult> {
  const problems = new Problems();
  // Size and storable text first, once for the whole tree: nothing else runs on an oversized document.
  if (inspectDocument(doc, problems) === undefined)
    return { ok: false, errors: [{ path: '(document)', message: TOO_LARGE }] };
  yield;
  const refused = schemaProblems(doc, problems);
  yield;
  return yield* read(new Reader(problems, refused), doc, pathKey, at);
}

/**
 * The reader alone, without the size and schema passes: on a document the schema accepts, the rules it
 * cannot say (what the property tests read). Any document reads without throwing.
 */
export function readContract(doc: unknown, pathKey?: string, at?: ApplyContext): ValidationResult {
  return runSteps(read(new Reader(new Problems()), doc, pathKey, at));
}

function* read(r: Reader, doc: unknown, pathKey?: string, at?: ApplyContext): Steps<ValidationResult> {
  const { problems } = r;
  const root = r.object(doc, '') ?? {};
  const meta = r.object(root.metadata, 'metadata');
  const key = r.string(meta?.key, 'metadata.key');
  const title = r.string(meta?.title, 'metadata.title', MAX_CONTRACT_TITLE);
  if (key !== undefined && pathKey !== undefined && key !== pathKey) {
    problems.add('metadata.key', `must equal the key in the URL (${pathKey})`);
  }
  const s = r.object(root.spec, 'spec') ?? {};
  const vendor = r.string(s.vendor, 'spec.vendor');
  const zoneText = r.string(s.timezone, 'spec.timezone');
  const timezone =
    zoneText !== undefined && !isValidZone(zoneText)
      ? problems.add('spec.timezone', `must be an IANA time zone such as Asia/Jerusalem, got ${zoneText}`)
      : zoneText;
  const weekStart = r.choice<ContractSpec['weekStart']>(s.weekStart, 'spec.weekStart') ?? 'mon';

  const { from: effFrom, to: effTo, range } = effective(r, s.effective, timezone, at);

  const f = r.object(s.fees, 'spec.fees');
  const monthly = r.number(f?.monthly, 'spec.fees.monthly');
  const currency = r.string(f?.currency, 'spec.fees.currency');
  const fees = monthly !== undefined && currency !== undefined ? { monthly, currency } : undefined;
  const creditCap = r.number(s.creditCap, 'spec.creditCap');
  const closeAfterSeconds =
    readDuration(r, s.closeAfter, 'spec.closeAfter', { max: 90 * 86_400 }) ?? 72 * 3600;
  const owners = emails(r, s.owners, 'spec.owners') ?? [];
  const vendorContacts = emails(r, s.vendorContacts, 'spec.vendorContacts');
  const notifyVendor = r.boolean(s.notifyVendor, 'spec.notifyVendor') ?? true;
  const notifications = r.object(s.notifications, 'spec.notifications');
  const repeatIntervalSeconds =
    readDuration(r, notifications?.repeatInterval, 'spec.notifications.repeatInterval', { min: 3600 }) ??
    86_400;

  let chronic: ContractSpec['chronic'];
  const c = r.object(s.chronic, 'spec.chronic');
  const breaches = r.number(c?.breaches, 'spec.chronic.breaches');
  const periods = r.number(c?.periods, 'spec.chronic.periods');
  if (breaches !== undefined && periods !== undefined && breaches > periods) {
    problems.add('spec.chronic.breaches', `cannot exceed periods (${periods})`);
  } else if (breaches !== undefined && periods !== undefined) chronic = { breaches, periods };

  const calendars = calendarsOf(r, s.calendars);
  yield;
  // Every name given, valid or not: a reference to a calendar with its own errors is not a second problem.
  const calendarNames = new Set(isObject(s.calendars) ? Object.keys(s.calendars) : []);

  const maint = (r.array(s.maintenance, 'spec.maintenance') ?? []).map((m, i) =>
    maintenance(r, m, join('spec.maintenance', i)),
  );
  const startsPerDay = recurringStartsPerDay(maint);
  if (startsPerDay > MAX_MAINTENANCE_STARTS_PER_DAY) {
    problems.add(
      'spec.maintenance',
      `recurring windows start up to ${startsPerDay} times a day together; at most ${MAX_MAINTENANCE_STARTS_PER_DAY} (every window cuts measured time into pieces each pass must read)`,
    );
  }
  yield;
  const objectives = (r.array(s.objectives, 'spec.objectives') ?? []).map((o, i) =>
    readObjective({ r, calendars: calendarNames }, o, join('spec.objectives', i)),
  );
  uniqueKeys(r, objectives, 'spec.objectives');
  yield;
  const deliverables = (r.array(s.deliverables, 'spec.deliverables') ?? []).map((d, i) =>
    deliverable(r, d, join('spec.deliverables', i), range),
  );
  uniqueKeys(r, deliverables, 'spec.deliverables');

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
