import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse } from 'yaml';
import type { FieldError } from '../../common/errors/domain-error';
import { type ApplyContext, validateContract } from './contract-validator';
import type { ContractSpec } from './contract.types';

// Shared by the contract validator's specs (a helper, not a suite: jest runs *.spec.ts only, and the
// build leaves *.spec-helpers.ts out). Every document starts from the example contract in docs/examples,
// applies ONE mutation and names the exact path the error must carry.
//
// Example layout the tables rely on (checked in contract-validator.example.spec.ts):
//   objectives: [0] portal-availability ratio/month/credits, [1] portal-uptime timeslice,
//               [2] api-latency-p95 threshold p95/7d, [3] p1-resolution deadline (calendar, pause/resume,
//               serviceHours), [4] p1-response deadline, [5] kpi-feed freshness, [6] change-approval deadline
//   deliverables: [0] dr-site, [1] runbooks; maintenance: [0] recurring cron, [1] one-off
//   zone Asia/Jerusalem (UTC+2 in winter), effective 2027-01-01 .. 2027-12-31.

export type Doc = any;
export type Mutation = (doc: Doc) => void;

export const EXAMPLE_PATH = resolve(__dirname, '../../../docs/examples/contract.yaml');
export const EXAMPLE_YAML = readFileSync(EXAMPLE_PATH, 'utf8');
export const EXAMPLE: Doc = parse(EXAMPLE_YAML);

export const example = (): Doc => structuredClone(EXAMPLE);

export function mutated(mutation: Mutation): Doc {
  const doc = example();
  mutation(doc);
  return doc;
}

/** What validateContract answers for `doc`: its errors, or [] when it is accepted. */
export function problemsOf(doc: unknown, at?: ApplyContext, pathKey?: string): FieldError[] {
  const result = validateContract(doc, pathKey, at);
  return result.ok ? [] : result.errors;
}

/** The errors of a document that must be rejected. */
export function errorsOf(doc: unknown, pathKey?: string): FieldError[] {
  const result = validateContract(doc, pathKey);
  if (result.ok) throw new Error('expected the document to be rejected, but it validated');
  return result.errors;
}

export function specOf(doc: unknown, pathKey?: string): ContractSpec {
  const result = validateContract(doc, pathKey);
  if (!result.ok) throw new Error(`expected the document to validate, got ${JSON.stringify(result.errors)}`);
  return result.spec;
}

export function expectNoDuplicates(errors: FieldError[]): void {
  const seen = errors.map((e) => `${e.path}\u0000${e.message}`);
  expect(new Set(seen).size).toBe(seen.length);
}

/** The errors at exactly `path` (no prefix matching), after checking the list's general shape. */
export function errorsAt(doc: unknown, path: string, pathKey?: string): FieldError[] {
  const errors = errorsOf(doc, pathKey);
  expect(errors.length).toBeGreaterThan(0);
  expectNoDuplicates(errors);
  const hits = errors.filter((e) => e.path === path);
  if (hits.length === 0) {
    throw new Error(`expected an error at ${path}, got ${JSON.stringify(errors, null, 2)}`);
  }
  return hits;
}

export const NOT_KNOWN = /^is not a known field$/;
export const REQUIRED = /^is required$/;

/** Where a row's error path leads in a document: `spec.objectives[0].key` → spec, objectives, 0, key. */
function steps(path: string): Array<string | number> {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map(([, key, index]) => key ?? Number(index));
}

/** How a row changes the example: any mutation, or one of the field at the row's path. */
export type Change = (doc: Doc, path: string) => void;

/** Deletes the field at the row's path. */
export const DROP: Change = (doc, path) => {
  const keys = steps(path);
  delete keys.slice(0, -1).reduce((node, key) => node[key], doc)[keys[keys.length - 1]];
};

/** Sets the field at the row's path. */
export const to =
  (value: unknown): Change =>
  (doc, path) => {
    const keys = steps(path);
    keys.slice(0, -1).reduce((node, key) => node[key], doc)[keys[keys.length - 1]] = structuredClone(value);
  };

/** A rejection: the path its error must name, the change, and optionally what the message says. */
export type Row = [name: string, path: string, change: Change, message?: RegExp];

/** One test per row: the changed example is rejected with an error at the row's path. */
export function itRejects(rows: Row[]): void {
  // A rest parameter: jest would take a fourth declared parameter for `done` in rows without a message.
  it.each<Row>(rows)('%s', (...[, path, change, message]: Row) => {
    const hits = errorsAt(
      mutated((doc) => change(doc, path)),
      path,
    );
    if (message)
      expect(hits.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(message)]));
  });
}
