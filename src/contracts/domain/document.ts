import { createHash } from 'node:crypto';
import { parse, stringify } from 'yaml';
import { SERVER_METADATA } from './contract-validator';
import { isObject } from './reader';

// Contract documents travel as JSON or YAML; their identity is the SHA-256 of a canonical JSON form
// (keys sorted, server-added metadata removed), so re-applying the same content in another format,
// key order or indentation is a no-op.

export type DocumentFormat = 'json' | 'yaml';

export type ParseResult = { ok: true; doc: unknown } | { ok: false; message: string };

export function parseDocument(text: string, format: DocumentFormat): ParseResult {
  try {
    if (format === 'json') return { ok: true, doc: JSON.parse(text) as unknown };
    // YAML 1.2 core schema: dates stay strings, `on`/`yes` stay strings; aliases are capped (no bombs).
    return {
      ok: true,
      doc: parse(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: true }) as unknown,
    };
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
