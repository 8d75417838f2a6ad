import { type Document, isMap, isPair, isScalar, isSeq } from 'yaml';
import { join } from './reader';

// JSON.parse keeps the last of two equal keys, so `{"vendor":"a","vendor":"b"}` would apply a document
// other than the one a reviewer read. The yaml library can refuse them, but compares each key with every
// earlier one (seconds for one 10 000-key map); both checks here are linear, with a set per map.

type Container =
  | { kind: 'object'; path: string; keys: Set<string>; key: string; expectKey: boolean }
  | { kind: 'array'; path: string; index: number };

/** The end (exclusive) of the string literal starting at `start` (its opening quote). */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Paths of keys given more than once in one object, in text order. `text` must be valid JSON. */
export function duplicateJsonKeys(text: string): string[] {
  const found: string[] = [];
  const stack: Container[] = [];
  const childPath = (): string => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    return top.kind === 'array' ? join(top.path, top.index) : join(top.path, top.key);
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = endOfString(text, i);
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectKey) {
        const raw = text.slice(i + 1, end - 1);
        // `"a"` and `"\u0061"` are the same key.
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw;
        if (top.keys.has(key)) found.push(join(top.path, key));
        else top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = end;
      continue;
    }
    if (c === '{')
      stack.push({ kind: 'object', path: childPath(), keys: new Set(), key: '', expectKey: true });
    else if (c === '[') stack.push({ kind: 'array', path: childPath(), index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index++;
      else if (top) top.expectKey = true;
    }
    i++;
  }
  return found;
}

export interface KeyProblem {
  path: string;
  message: string;
}

/** Keys given twice in one map of a parsed (not yet converted) YAML document, in document order. */
export function duplicateYamlKeys(doc: Document): KeyProblem[] {
  const found: KeyProblem[] = [];
  const stack: Array<{ node: unknown; path: string }> = [{ node: doc.contents, path: '' }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    const children: Array<{ node: unknown; path: string }> = [];
    if (isSeq(node)) node.items.forEach((item, i) => children.push({ node: item, path: join(path, i) }));
    else if (isMap(node)) {
      const keys = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        // Contract keys are text; a list, map or alias as a key would become some string of it.
        if (!isScalar(pair.key)) {
          found.push({ path: path || '(document)', message: 'has a key that is not plain text' });
          continue;
        }
        // The key as JavaScript will hold it: `1` and `"1"` (or `true` and `"true"`) are the same key.
        const scalar = pair.key.value as string | number | boolean | null;
        const key = scalar === null ? '' : String(scalar);
        if (keys.has(key)) found.push({ path: join(path, key), message: DUPLICATE_KEY });
        keys.add(key);
        children.push({ node: pair.value, path: join(path, key) });
      }
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
  return found;
}

export const DUPLICATE_KEY = 'is given more than once in its object; keys must be unique';
