import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { DateTime } from 'luxon';
import { parseDocument as parseYaml } from 'yaml';
import { validateContract } from '../contracts/domain/contract-validator';
import { type DocumentFormat, parseDocument } from '../contracts/domain/document';
import { isObject } from '../contracts/domain/reader';
import { isLocalDate, isValidZone } from '../contracts/domain/time';
import { type ChainLink, verifyChain } from '../statements/domain/chain';
import type { Instant } from '../common/time/instant';

// The GitOps CLI: validate offline with the service's own validator, apply and get over the API.

export interface Io {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
}

export interface Remote {
  url?: string;
  token?: string;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2, failed: 3 } as const;

function formatOf(file: string): DocumentFormat {
  return extname(file).toLowerCase() === '.json' ? 'json' : 'yaml';
}

async function readDocument(file: string, io: Io): Promise<{ text: string; doc: unknown } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`${file}: cannot read: ${(error as Error).message}`);
    return undefined;
  }
  const parsed = parseDocument(text, formatOf(file));
  if (!parsed.ok) {
    io.err(`${file}: ${parsed.message}`);
    return undefined;
  }
  return { text, doc: parsed.doc };
}

/** `validate FILE...`: the same validator as the API, offline (the vendor's existence is not checked). */
export async function validateFiles(files: string[], io: Io): Promise<number> {
  let failed = false;
  for (const file of files) {
    const read = await readDocument(file, io);
    if (!read) {
      failed = true;
      continue;
    }
    const result = validateContract(read.doc, undefined, { now: Date.now() });
    if (result.ok) {
      const { spec } = result;
      io.out(
        `${file}: valid contract ${spec.key} (${spec.objectives.length} objectives, ${spec.deliverables.length} deliverables)`,
      );
    } else {
      failed = true;
      for (const e of result.errors) io.err(`${file}: ${e.path}: ${e.message}`);
    }
  }
  return failed ? EXIT.invalid : EXIT.ok;
}

function endpoint(remote: Remote, io: Io): { url: string; token: string } | undefined {
  const url = (remote.url ?? io.env.SLA_SENTINEL_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  const token = remote.token ?? io.env.SLA_SENTINEL_TOKEN;
  if (!token) {
    io.err('a token is required: --token TOKEN or SLA_SENTINEL_TOKEN');
    return undefined;
  }
  return { url, token };
}

async function reportProblem(res: Response, io: Io): Promise<number> {
  const text = await res.text();
  let problem: { detail?: string; errors?: Array<{ path: string; message: string }> } = {};
  try {
    problem = JSON.parse(text) as typeof problem;
  } catch {
    problem = { detail: text.slice(0, 500) };
  }
  io.err(`HTTP ${res.status}: ${problem.detail ?? res.statusText}`);
  for (const e of problem.errors ?? []) io.err(`  ${e.path}: ${e.message}`);
  return res.status === 422 || res.status === 400 ? EXIT.invalid : EXIT.failed;
}

async function call(io: Io, run: () => Promise<Response>): Promise<Response | undefined> {
  try {
    return await run();
  } catch (error) {
    io.err(`cannot reach the service: ${(error as Error).message}`);
    return undefined;
  }
}

export interface ApplyOptions {
  /** `YYYY-MM-DD` or `today` (the current date in the contract's `spec.timezone`, else UTC). */
  effectiveFrom?: string;
  now?: Instant;
}

/** `--effective-from` as a date, or undefined after printing why it is not one. */
export function resolveEffectiveFrom(value: string, doc: unknown, now: Instant, io: Io): string | undefined {
  if (value !== 'today') {
    if (isLocalDate(value)) return value;
    io.err(`--effective-from: must be a date YYYY-MM-DD or today, got "${value}"`);
    return undefined;
  }
  const spec = isObject(doc) && isObject(doc.spec) ? doc.spec : {};
  const zone = typeof spec.timezone === 'string' && isValidZone(spec.timezone) ? spec.timezone : 'UTC';
  return DateTime.fromMillis(now, { zone }).toISODate() ?? undefined;
}

/**
 * The document with `spec.effective.from` set to `from`, and `spec.effective.to` moved to one year
 * after `from` when it would end before that. YAML keeps its comments and layout.
 */
export function withEffectiveFrom(text: string, format: DocumentFormat, doc: unknown, from: string): string {
  const spec = isObject(doc) && isObject(doc.spec) ? doc.spec : {};
  const effective = isObject(spec.effective) ? spec.effective : {};
  const yearLater = DateTime.fromISO(from, { zone: 'UTC' }).plus({ years: 1 }).toISODate() ?? from;
  const to = effective.to;
  const moveTo = typeof to === 'string' && isLocalDate(to) && to < yearLater;
  if (format === 'json') {
    const next = { ...effective, from, ...(moveTo ? { to: yearLater } : {}) };
    return JSON.stringify({ ...(doc as object), spec: { ...spec, effective: next } }, null, 2);
  }
  const yaml = parseYaml(text, { uniqueKeys: false });
  yaml.setIn(['spec', 'effective', 'from'], from);
  if (moveTo) yaml.setIn(['spec', 'effective', 'to'], yearLater);
  return yaml.toString();
}

/** `apply -f FILE`: PUT the document as written (YAML keeps its comments on the server). */
export async function applyFile(
  file: string,
  remote: Remote,
  io: Io,
  options: ApplyOptions = {},
): Promise<number> {
  const target = endpoint(remote, io);
  const read = await readDocument(file, io);
  if (!target || !read) return target ? EXIT.invalid : EXIT.usage;
  const key = isObject(read.doc) && isObject(read.doc.metadata) ? read.doc.metadata.key : undefined;
  if (typeof key !== 'string' || key === '') {
    io.err(`${file}: metadata.key is required`);
    return EXIT.invalid;
  }
  const format = formatOf(file);
  let body = read.text;
  let effective = '';
  if (options.effectiveFrom !== undefined) {
    const from = resolveEffectiveFrom(options.effectiveFrom, read.doc, options.now ?? Date.now(), io);
    if (from === undefined) return EXIT.usage;
    body = withEffectiveFrom(read.text, format, read.doc, from);
    const sent = parseDocument(body, format);
    const range = sent.ok && isObject(sent.doc) && isObject(sent.doc.spec) ? sent.doc.spec.effective : {};
    const to = isObject(range) && typeof range.to === 'string' ? range.to : undefined;
    effective = ` (effective ${from}${to ? ` to ${to}` : ''})`;
  }
  const res = await call(io, () =>
    io.fetch(`${target.url}/api/v1/contracts/${encodeURIComponent(key)}`, {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${target.token}`,
        'content-type': format === 'json' ? 'application/json' : 'application/yaml',
      },
      body,
    }),
  );
  if (!res) return EXIT.failed;
  if (!res.ok) return reportProblem(res, io);
  const answer = (await res.json()) as { version: number; changed: boolean };
  const what = res.status === 201 ? 'created' : answer.changed ? 'updated' : 'unchanged';
  io.out(`contract ${key}: ${what}, version ${answer.version}${effective}`);
  return EXIT.ok;
}

/** `get KEY [-o yaml|json]`: the applied document. */
export async function getContract(
  key: string,
  output: 'yaml' | 'json',
  remote: Remote,
  io: Io,
): Promise<number> {
  const target = endpoint(remote, io);
  if (!target) return EXIT.usage;
  const res = await call(io, () =>
    io.fetch(`${target.url}/api/v1/contracts/${encodeURIComponent(key)}`, {
      headers: {
        authorization: `Bearer ${target.token}`,
        accept: output === 'yaml' ? 'application/yaml' : 'application/json',
      },
    }),
  );
  if (!res) return EXIT.failed;
  if (!res.ok) return reportProblem(res, io);
  const text = await res.text();
  io.out(output === 'json' ? JSON.stringify(JSON.parse(text), null, 2) : text.trimEnd());
  return EXIT.ok;
}

/**
 * `verify --contract KEY`: reads the contract's statement chain as stored and recomputes every hash
 * here, so a server that was tampered with cannot vouch for itself. Exit 0 when the chain holds,
 * 1 naming the first broken link.
 */
export async function verifyStatements(key: string, remote: Remote, io: Io): Promise<number> {
  const target = endpoint(remote, io);
  if (!target) return EXIT.usage;
  const res = await call(io, () =>
    io.fetch(`${target.url}/api/v1/contracts/${encodeURIComponent(key)}/statements/chain`, {
      headers: { authorization: `Bearer ${target.token}` },
    }),
  );
  if (!res) return EXIT.failed;
  if (!res.ok) return reportProblem(res, io);
  const { statements } = (await res.json()) as { statements: ChainLink[] };
  const verdict = verifyChain(statements);
  if (verdict.ok) {
    io.out(`contract ${key}: statement chain intact (${verdict.statements} statements)`);
    return EXIT.ok;
  }
  const b = verdict.broken;
  io.err(
    `contract ${key}: statement chain broken at link ${b.position} of ${verdict.statements}: ` +
      `period ${b.period} version ${b.version}: ${b.reason}`,
  );
  return EXIT.invalid;
}
