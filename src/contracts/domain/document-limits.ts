import { join, type Problems } from './reader';

// One walk over a parsed document before any field is read: it bounds the expanded size and finds text
// PostgreSQL cannot store, wherever it is (values and keys alike), so no field needs its own check.

/**
 * The largest document, counted as compact JSON characters after YAML aliases are expanded: the same
 * as the largest body the API accepts, so aliases save typing but never size (nor stored bytes).
 */
export const MAX_DOCUMENT_CHARS = 2 * 1024 * 1024;
export const TOO_LARGE = `expands to more than 2 MiB (${MAX_DOCUMENT_CHARS} characters of compact JSON, YAML aliases counted in full)`;

interface Frame {
  value: unknown;
  parent?: Frame;
  key?: string | number;
}

function pathOf(frame: Frame): string {
  const keys: Array<string | number> = [];
  for (let f: Frame | undefined = frame; f?.parent; f = f.parent) keys.push(f.key!);
  return keys.reduceRight<string>((path, key) => join(path, key), '');
}

/** Why PostgreSQL cannot store `text`, or undefined when it can. */
export function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (U+0000), which cannot be stored';
  if (!text.isWellFormed())
    return 'contains a lone UTF-16 surrogate (not valid Unicode), which cannot be stored';
  return undefined;
}

/**
 * Walks `doc` without recursion, adding a problem for every unstorable string or key. Returns the size
 * in compact JSON characters (escapes aside), or undefined once it passes MAX_DOCUMENT_CHARS: the walk
 * stops there, so it is linear in the limit even for alias bombs or cyclic YAML.
 */
export function inspectDocument(doc: unknown, problems: Problems): number | undefined {
  let size = 0;
  // Containers wait on the stack; scalars are measured where they are met (no frame per scalar).
  const stack: Frame[] = [];
  const visit = (value: unknown, parent: Frame | undefined, key: string | number | undefined): void => {
    if (typeof value === 'string') {
      size += value.length + 2;
      const why = unstorable(value);
      if (why) problems.add(pathOf({ value, parent, key }), why);
    } else if (value !== null && typeof value === 'object') {
      stack.push({ value, parent, key });
    } else {
      size += String(value).length;
    }
  };
  visit(doc, undefined, undefined);
  while (stack.length > 0 && size <= MAX_DOCUMENT_CHARS) {
    const frame = stack.pop()!;
    const { value } = frame;
    if (Array.isArray(value)) {
      // `[a,b,c]`: brackets and commas.
      size += 1 + Math.max(value.length, 1);
      for (let i = 0; i < value.length && size <= MAX_DOCUMENT_CHARS; i++) visit(value[i], frame, i);
    } else {
      const object = value as Record<string, unknown>;
      const keys = Object.keys(object);
      // `{"k":v,…}`: braces, commas, and quotes and colon around every key.
      size += 1 + Math.max(keys.length, 1);
      for (let i = 0; i < keys.length && size <= MAX_DOCUMENT_CHARS; i++) {
        const key = keys[i];
        size += key.length + 3;
        const why = unstorable(key);
        if (why) problems.add(join(pathOf(frame), key), `is a key that ${why}`);
        visit(object[key], frame, key);
      }
    }
  }
  return size <= MAX_DOCUMENT_CHARS ? size : undefined;
}
