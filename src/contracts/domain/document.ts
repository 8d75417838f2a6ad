import { createHash } from 'node:crypto';
import { parseDocument as parseYaml, stringify } from 'yaml';
import type { FieldError } from '../../common/errors/domain-error';
import { SERVER_METADATA } from './contract-validator';
import { DUPLICATE_KEY, duplicateJsonKeys, duplicateYamlKeys } from './duplicate-keys';
import { isObject } from './reader';

// Contract documents travel as JSON or YAML; their identity is the SHA-256 of a canonical JSON form
// (keys sorted, server-added metadata removed), so re-applying the same content in another format,
// key order or indentation is a no-op.

export type DocumentFormat = 'json' | 'yaml';

/** `errors`: problems with a path (keys given twice), for a 422 rather than a 400. */
export type ParseResult = { ok: true; doc: unknown } | { ok: false; message: string; errors?: FieldError[] };

/** Keys given twice in JSON text (valid JSON), as a failed parse naming each path. */
export function checkJsonKeys(text: string): ParseResult | undefined {
  const duplicates = duplicateJsonKeys(text);
  if (duplicates.length === 0) return undefined;
  return {
    ok: false,
    message: `The body is not valid JSON: key ${duplicates[0]} is given more than once`,
    errors: duplicates.map((path) => ({ path, message: DUPLICATE_KEY })),
  };
}

export function parseDocument(text: string, format: DocumentFormat): ParseResult {
  try {
    if (format === 'json') {
      const doc = JSON.parse(text) as unknown;
      return checkJsonKeys(text) ?? { ok: true, doc };
    }
    // YAML 1.2 core schema: dates stay strings, `on`/`yes` stay strings; aliases are capped (no bombs).
    // Keys are checked below, in linear time, instead of by the library.
    const yaml = parseYaml(text, { uniqueKeys: false, prettyErrors: true });
    if (yaml.errors.length > 0) throw yaml.errors[0];
    const duplicates = duplicateYamlKeys(yaml);
    if (duplicates.length > 0) {
      const first = duplicates[0];
      const message = `The body is not valid YAML: ${first.path} ${first.message}`;
      return { ok: false, message, errors: duplicates };
    }
    return { ok: true, doc: yaml.toJS({ maxAliasCount: 100 }) as unknown };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : 'unreadable';
    return { ok: false, message: `The body is not valid ${format === 'json' ? 'JSON' : 'YAML'}: ${message}` };
  }
}

/** The document without server-added metadata (version, sha256, appliedAt). */
export function withoutServerMetadata(doc: unknown): unknown {
  if (!isObject(doc) || !isObject(doc.metadata)) return doc;
  const metadata = Object.fromEntries(
    Object.entries(doc.metadata).filter(([k]) => !(SERVER_METADATA as readonly string[]).includes(k)),
  );
  return { ...doc, metadata };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .filter((k) => value[k] !== undefined)
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
}

export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function documentHash(doc: unknown): string {
  return sha256Hex(canonicalJson(withoutServerMetadata(doc)));
}

export function toYaml(doc: unknown): string {
  // Double-quoted multi-line strings: block scalars lose whitespace-only lines on the way back.
  const text = stringify(doc, { lineWidth: 0, aliasDuplicateObjects: false, blockQuote: false });
  // A leading U+FEFF would be read back as a byte-order mark and dropped; after `---` it is content.
  return text.startsWith('\ufeff') ? `---\n${text}` : text;
}
