import { SLUG_PATTERN } from '../../common/validation/slug';
import { ATTRIBUTE_NAME, MAX_ATTRIBUTE_VALUE, MAX_ATTRIBUTES } from '../../ingest/domain/events';
import { AGGREGATES, CALENDAR_UNITS, OPS, WEEKDAYS } from './contract.types';
import { MAX_TEXT } from './reader';
import { MAX_SELECTOR } from './selector';
import {
  MAX_CALENDARS,
  MAX_CONTRACT_TITLE,
  MAX_DELIVERABLES,
  MAX_EMAIL,
  MAX_MAINTENANCE,
  MAX_MIN_EVENTS,
  MAX_MONTHLY_FEE,
  MAX_OBJECTIVES,
} from './spec-parts';

// The JSON Schema of a contract document (draft-07, what editors' YAML and JSON language servers read),
// published as docs/contract.schema.json and served at /docs/contract.schema.json. It is the one check
// of the shape: types, required fields, enums, patterns and limits (schema-problems.ts words its
// refusals as the API answers them). The rules that need more than one field, the clock, a time-zone
// database or arithmetic (calendars that exist, dates that exist, ranges in order, targets a percentage
// can meet, the maintenance density, unique keys) are the reader's (contract-validator.ts).
//
// How a document reads, which the schema says exactly:
// - an optional scalar given as null is absent (the default applies), so those accept null;
// - a required field given as null is missing;
// - optional objects and lists given as null are refused (`fees: null` is not "no fees");
// - strings are never blank, and at most 500 characters unless a field says otherwise (JSON Schema counts
//   code points; the reader also holds text to as many UTF-16 code units, stricter for emoji);
// - a calendar's weekdays may not repeat (not said here: draft-07 cannot ignore the nulls in uniqueItems).

/** Every pattern of the schema, by what it describes (schema-problems.ts words a refusal of each). */
export const PATTERN = {
  blankFree: '\\S',
  slug: SLUG_PATTERN,
  // A metric name, optionally with PromQL-style label matchers (the reader parses the matchers).
  metric: '^[a-zA-Z_][a-zA-Z0-9_.:-]{0,127}(?:\\s*\\{.*\\})?\\s*$',
  word: '^[A-Za-z0-9_.:-]{1,64}$',
  currency: '^[A-Z]{3}$',
  email:
    '^[^\\s@<>(),;:"\\\\]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$',
  localDate: '^\\d{4}-\\d{2}-\\d{2}$',
  instant: '^\\d{4}-\\d{2}-\\d{2}[Tt]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:[Zz]|[+-]\\d{2}:\\d{2})$',
  // `\s*(?:%\s*)?$`, not `\s*%?\s*$`: two adjacent `\s*` backtrack quadratically on a long run of spaces.
  comparison: '^\\s*(?:>=|<=|>|<)\\s*-?\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?\\s*(?:%\\s*)?$',
  // A duration as written: 1w2d3h4m5s, any part omitted, but not none (nor zero, which the reader finds).
  duration: '^\\s*(?=\\S)(?:\\d+w)?(?:\\d+d)?(?:\\d+h)?(?:\\d+m)?(?:\\d+s)?\\s*$',
  // Five Vixie cron fields: numbers, names, `*`, ranges, steps and lists (each field is checked further).
  cron: '^\\s*[0-9A-Za-z*/,-]+(?:\\s+[0-9A-Za-z*/,-]+){4}\\s*$',
  clockFrom: '^(?:[01]\\d|2[0-3]):[0-5]\\d$',
  clockTo: '^(?:(?:[01]\\d|2[0-3]):[0-5]\\d|24:00)$',
  calendarName: '^[A-Za-z0-9_-]{1,63}$',
  attributeName: ATTRIBUTE_NAME.source,
} as const;

const text = (maxLength = MAX_TEXT) => ({ type: 'string', pattern: PATTERN.blankFree, maxLength });
const orNull = (schema: Record<string, unknown>) => ({ anyOf: [schema, { type: 'null' }] });
const patterned = (pattern: string, maxLength = MAX_TEXT) => ({ type: 'string', pattern, maxLength });

const slug = { $ref: '#/definitions/slug' };
const duration = { $ref: '#/definitions/duration' };
const responsible = orNull({ enum: ['vendor', 'customer', 'shared'] });

const closed = (
  properties: Record<string, unknown>,
  required: string[] = [],
  extra: Record<string, unknown> = {},
) => ({ type: 'object', properties, required, additionalProperties: false, ...extra });

// `type: object` in the `if`: a value that is not an object is refused once, not by every kind.
const indicatorOf = (kind: string, properties: Record<string, unknown>, required: string[], extra = {}) => ({
  if: { type: 'object', required: ['kind'], properties: { kind: { const: kind } } },
  then: closed({ kind: { const: kind }, ...properties }, required, extra),
});

// The nodes schema-problems.ts words by their own rule (not by a keyword alone).
const comparison = {
  description: 'A comparison such as ">= 99.9%" or "<= 300", or {op, target}.',
  anyOf: [
    { type: 'string', pattern: PATTERN.comparison },
    closed({ op: { enum: [...OPS, '>=', '>', '<=', '<'] }, target: { type: 'number' } }, ['op', 'target']),
  ],
};
const period = {
  anyOf: [{ enum: CALENDAR_UNITS }, duration],
  description: 'A calendar unit or a rolling window from 1m to 400d.',
};
const calendars = {
  type: 'object',
  maxProperties: MAX_CALENDARS,
  propertyNames: { pattern: PATTERN.calendarName, not: { const: '__proto__' } },
  additionalProperties: { $ref: '#/definitions/calendar' },
};
const where = {
  type: 'object',
  maxProperties: MAX_ATTRIBUTES,
  propertyNames: { pattern: PATTERN.attributeName, not: { const: '__proto__' } },
  additionalProperties: { anyOf: [{ type: ['number', 'boolean', 'null'] }, text(MAX_ATTRIBUTE_VALUE)] },
};
const ratio = indicatorOf(
  'ratio',
  {
    good: orNull({ $ref: '#/definitions/metric' }),
    bad: orNull({ $ref: '#/definitions/metric' }),
    total: { $ref: '#/definitions/metric' },
  },
  ['total'],
  // Exactly one of good and bad (null is absent, as everywhere).
  {
    oneOf: [
      { required: ['good'], properties: { good: { not: { type: 'null' } } } },
      { required: ['bad'], properties: { bad: { not: { type: 'null' } } } },
    ],
  },
);
const spec = {
  type: 'object',
  required: ['vendor', 'timezone', 'effective'],
  additionalProperties: false,
  properties: {
    vendor: slug,
    timezone: { ...text(), description: 'An IANA time zone such as Asia/Jerusalem.' },
    weekStart: orNull({ enum: ['sun', 'mon'] }),
    effective: closed(
      { from: { $ref: '#/definitions/localDate' }, to: orNull({ $ref: '#/definitions/localDate' }) },
      ['from'],
    ),
    fees: closed(
      {
        monthly: { type: 'number', minimum: 0, maximum: MAX_MONTHLY_FEE },
        currency: { type: 'string', pattern: PATTERN.currency },
      },
      ['monthly', 'currency'],
    ),
    creditCap: orNull({ $ref: '#/definitions/percent' }),
    closeAfter: orNull(duration),
    owners: { $ref: '#/definitions/emails' },
    vendorContacts: { $ref: '#/definitions/emails' },
    notifyVendor: { type: ['boolean', 'null'] },
    notifications: closed({ repeatInterval: orNull(duration) }),
    chronic: closed(
      { breaches: { type: 'integer', minimum: 1 }, periods: { type: 'integer', minimum: 1, maximum: 60 } },
      ['breaches', 'periods'],
    ),
    calendars,
    maintenance: { type: 'array', maxItems: MAX_MAINTENANCE, items: { $ref: '#/definitions/maintenance' } },
    objectives: { type: 'array', maxItems: MAX_OBJECTIVES, items: { $ref: '#/definitions/objective' } },
    deliverables: { type: 'array', maxItems: MAX_DELIVERABLES, items: { $ref: '#/definitions/deliverable' } },
  },
  // At least one objective or deliverable.
  anyOf: [
    { required: ['objectives'], properties: { objectives: { type: 'array', minItems: 1 } } },
    { required: ['deliverables'], properties: { deliverables: { type: 'array', minItems: 1 } } },
  ],
};
const indicator = {
  type: 'object',
  required: ['kind'],
  properties: { kind: { enum: ['ratio', 'threshold', 'timeslice', 'deadline', 'freshness'] } },
  allOf: [
    ratio,
    indicatorOf('threshold', { metric: { $ref: '#/definitions/metric' }, aggregate: { enum: AGGREGATES } }, [
      'metric',
      'aggregate',
    ]),
    indicatorOf(
      'timeslice',
      {
        metric: { $ref: '#/definitions/metric' },
        slice: duration,
        aggregate: orNull({ enum: AGGREGATES }),
        good: { $ref: '#/definitions/comparison' },
      },
      ['metric', 'slice', 'good'],
    ),
    indicatorOf(
      'deadline',
      {
        item: { $ref: '#/definitions/word' },
        where,
        start: orNull({ $ref: '#/definitions/word' }),
        stop: orNull({ $ref: '#/definitions/word' }),
        within: duration,
        calendar: orNull(text()),
        pause: orNull({ $ref: '#/definitions/word' }),
        resume: orNull({ $ref: '#/definitions/word' }),
      },
      ['item', 'within'],
    ),
    indicatorOf('freshness', { metric: { $ref: '#/definitions/metric' }, maxAge: duration }, [
      'metric',
      'maxAge',
    ]),
  ],
};
export const SCHEMA_NODES = { comparison, period, calendars, where, ratio: ratio.then, spec, indicator };

export const CONTRACT_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'SLA Sentinel contract',
  description:
    'A contract document (apiVersion sla-sentinel/v1, kind Contract). The server checks more than this schema: see docs/contract-authoring.md.',
  type: 'object',
  required: ['apiVersion', 'kind', 'metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { const: 'sla-sentinel/v1' },
    kind: { const: 'Contract' },
    metadata: closed(
      {
        key: slug,
        title: text(MAX_CONTRACT_TITLE),
        // Added by the server when it answers a document; accepted and ignored on apply.
        version: {},
        sha256: {},
        appliedAt: {},
      },
      ['key', 'title'],
    ),
    spec: { $ref: '#/definitions/spec' },
  },
  definitions: {
    slug: patterned(PATTERN.slug),
    metric: patterned(PATTERN.metric, MAX_SELECTOR),
    word: { type: 'string', pattern: PATTERN.word },
    duration: patterned(PATTERN.duration),
    localDate: { type: 'string', pattern: PATTERN.localDate },
    instant: { type: 'string', pattern: PATTERN.instant },
    email: patterned(PATTERN.email, MAX_EMAIL),
    emails: { type: 'array', maxItems: 50, items: orNull({ $ref: '#/definitions/email' }) },
    comparison,
    percent: { type: 'number', minimum: 0, maximum: 100 },
    spec,
    calendar: closed(
      {
        weekdays: { type: 'array', minItems: 1, maxItems: 7, items: orNull({ enum: WEEKDAYS }) },
        hours: {
          type: 'array',
          minItems: 1,
          maxItems: 24,
          items: closed(
            {
              from: { type: 'string', pattern: PATTERN.clockFrom },
              to: { type: 'string', pattern: PATTERN.clockTo },
            },
            ['from', 'to'],
          ),
        },
        holidays: { type: 'array', maxItems: 1000, items: orNull({ $ref: '#/definitions/localDate' }) },
      },
      ['weekdays', 'hours'],
    ),
    maintenance: {
      description: 'Recurring (cron and duration, in the contract time zone) or once (from and to).',
      type: 'object',
      if: { anyOf: [{ required: ['cron'] }, { required: ['duration'] }] },
      then: closed({ title: text(), cron: patterned(PATTERN.cron), duration }, ['title', 'cron', 'duration']),
      else: closed(
        { title: text(), from: { $ref: '#/definitions/instant' }, to: { $ref: '#/definitions/instant' } },
        ['title', 'from', 'to'],
      ),
    },
    deliverable: closed({ key: slug, title: text(), due: { $ref: '#/definitions/instant' }, responsible }, [
      'key',
      'title',
      'due',
    ]),
    objective: closed(
      {
        key: slug,
        title: orNull(text()),
        responsible,
        severity: orNull({ enum: ['critical', 'major', 'minor'] }),
        indicator: { $ref: '#/definitions/indicator' },
        objective: { $ref: '#/definitions/comparison' },
        period,
        serviceHours: orNull(text()),
        excludeMaintenance: { type: ['boolean', 'null'] },
        warnAt: orNull({ $ref: '#/definitions/percent' }),
        warn: orNull({ $ref: '#/definitions/comparison' }),
        missingData: orNull({ enum: ['ignore', 'good', 'bad'] }),
        minEvents: { type: ['integer', 'null'], minimum: 1, maximum: MAX_MIN_EVENTS },
        credits: {
          type: 'array',
          maxItems: 20,
          items: closed(
            { below: { $ref: '#/definitions/percent' }, credit: { $ref: '#/definitions/percent' } },
            ['below', 'credit'],
          ),
        },
      },
      ['key', 'indicator', 'objective', 'period'],
    ),
    indicator,
  },
} as const;
