import Ajv, { type ErrorObject } from 'ajv';
import type { FieldError } from '../../common/errors/domain-error';
import { toFieldPath } from '../../common/validation/json-schema';
import { CONTRACT_SCHEMA } from './contract-schema';
import type { ContractSpec, Deliverable, Maintenance, Objective } from './contract.types';
import { inspectDocument, TOO_LARGE } from './document-limits';
import { readDuration, readObjective, SLUG, SLUG_HINT } from './objective-validator';
import { isObject, join, Problems, Reader } from './reader';
import {
  type ApplyContext,
  calendarsOf,
  deliverable,
  effective,
  emails,
  MAX_MAINTENANCE_STARTS_PER_DAY,
  maintenance,
  recurringStartsPerDay,
  MAX_DELIVERABLES,
  MAX_MAINTENANCE,
  MAX_MONTHLY_FEE,
  MAX_OBJECTIVES,
  uniqueKeys,
} from './spec-parts';
import { isValidZone } from './time';

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

export const API_VERSION = 'sla-sentinel/v1';
/** Fields the server adds when it answers a document; accepted and ignored on apply (GET → PUT works). */
export const SERVER_METADATA = ['version', 'sha256', 'appliedAt'] as const;

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

// The published JSON Schema (docs/contract.schema.json), compiled once. Only the verdict is needed, so
// it stops at the first error.
const schemaAjv = new Ajv({ strict: true, strictRequired: false, allowUnionTypes: true, allErrors: false });
const conforms = schemaAjv.compile(CONTRACT_SCHEMA);

/** Does `doc` have the shape docs/contract.schema.json describes? */
export function conformsToSchema(doc: unknown): boolean {
  return conforms(doc);
}

/** A schema error in the words the reader uses for the same rule. */
function schemaProblem(error: ErrorObject): FieldError {
  const path = (extra?: string) => toFieldPath(error.instancePath, extra) || '(document)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: path(params.missingProperty as string), message: 'is required' };
    case 'additionalProperties':
      return { path: path(params.additionalProperty as string), message: 'is not a known field' };
    case 'type': {
      const words: Record<string, string> = {
        object: 'must be an object',
        array: 'must be a list',
        string: 'must be a string',
        number: 'must be a number',
        integer: 'must be a whole number',
        boolean: 'must be true or false',
      };
      return {
        path: path(),
        message: words[String(params.type).split(',')[0]] ?? `must be ${String(params.type)}`,
      };
    }
    case 'enum':
      return { path: path(), message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
    default:
      return {
        path: path(),
        message: `does not match the contract schema: ${error.message ?? error.keyword}`,
      };
  }
}

export type ValidationResult = { ok: true; spec: ContractSpec } | { ok: false; errors: FieldError[] };

/**
 * Validates a parsed document. `pathKey`: the key in the URL, which `metadata.key` must equal. `at`:
 * when it is applied; without it the clock-dependent rule (how far back effective.from may be) is skipped.
 */
export function validateContract(doc: unknown, pathKey?: string, at?: ApplyContext): ValidationResult {
  const result = readContract(doc, pathKey, at);
  // The schema is the shape's one definition, and the reader keeps the messages users know: a document
  // the reader found nothing wrong with must still conform (the agreement test says it always does).
  if (result.ok && !conforms(doc)) return { ok: false, errors: (conforms.errors ?? []).map(schemaProblem) };
  return result;
}

/** The hand-written reader alone, without the schema's verdict: what the agreement test compares. */
export function readContract(doc: unknown, pathKey?: string, at?: ApplyContext): ValidationResult {
  const problems = new Problems();
  const r = new Reader(problems);
  // Size and storable text first, once for the whole tree: no field rule runs on an oversized document.
  if (inspectDocument(doc, problems) === undefined)
    return { ok: false, errors: [{ path: '(document)', message: TOO_LARGE }] };
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

  const { from: effFrom, to: effTo, range } = effective(r, s.effective, timezone, at);

  let fees: ContractSpec['fees'];
  if (s.fees !== undefined) {
    const f = r.object(s.fees, 'spec.fees', ['monthly', 'currency'], ['monthly', 'currency']);
    const monthly = r.number(f?.monthly, 'spec.fees.monthly', { min: 0, max: MAX_MONTHLY_FEE });
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

  const calendars = calendarsOf(r, s.calendars);
  // Every name given, valid or not: a reference to a calendar with its own errors is not a second problem.
  const calendarNames = new Set(isObject(s.calendars) ? Object.keys(s.calendars) : []);

  const maint = (r.array(s.maintenance, 'spec.maintenance', { max: MAX_MAINTENANCE }) ?? []).map((m, i) =>
    maintenance(r, m, join('spec.maintenance', i)),
  );
  const startsPerDay = recurringStartsPerDay(maint);
  if (startsPerDay > MAX_MAINTENANCE_STARTS_PER_DAY) {
    r.problems.add(
      'spec.maintenance',
      `recurring windows start up to ${startsPerDay} times a day together; at most ${MAX_MAINTENANCE_STARTS_PER_DAY} (every window cuts measured time into pieces each pass must read)`,
    );
  }
  const objectiveList = r.array(s.objectives, 'spec.objectives', { max: MAX_OBJECTIVES }) ?? [];
  const objectives = objectiveList.map((o, i) =>
    readObjective({ r, calendars: calendarNames }, o, join('spec.objectives', i)),
  );
  uniqueKeys(r, objectives, 'spec.objectives');
  const deliverableList = r.array(s.deliverables, 'spec.deliverables', { max: MAX_DELIVERABLES }) ?? [];
  const deliverables = deliverableList.map((d, i) => deliverable(r, d, join('spec.deliverables', i), range));
  uniqueKeys(r, deliverables, 'spec.deliverables');
  // Counted as given: a list refused for being too long is not an empty one.
  const given = (list: unknown) => (Array.isArray(list) ? list.length : 0);
  if (isObject(root.spec) && given(s.objectives) === 0 && given(s.deliverables) === 0) {
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
