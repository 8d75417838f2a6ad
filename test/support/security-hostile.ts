// Values a hostile or careless client puts where the API expects text, numbers or dates, as raw JSON
// (so -0 and numbers beyond float range reach the parser as sent) and as raw URL parameters.

const MB = 'x'.repeat(1024 * 1024);
/** In a URL a lone surrogate can only be sent as invalid UTF-8 (`%ED%A0%80`), which is not decoded into one. */
const UNSTORABLE = ['NUL', 'a lone surrogate', 'a lone low surrogate'];

/** [label, raw JSON text] */
export const HOSTILE_VALUES: Array<[string, string]> = [
  ['NUL', '"a\\u0000b"'],
  ['a lone surrogate', '"a\\ud800b"'],
  ['a lone low surrogate', '"\\udc00"'],
  ['a 1 MB string', JSON.stringify(MB)],
  ['1e308', '1e308'],
  ['-1e308', '-1e308'],
  ['1.7e308', '1.7e308'],
  ['-0', '-0'],
  ['a huge integer', '123456789012345678901234567890123456789'],
  ['the last date JS can hold', '"+275760-09-13T00:00:00Z"'],
  ['year 0', '"0000-01-01T00:00:00Z"'],
  ['the last second of 9999', '"9999-12-31T23:59:59Z"'],
];

/** [label, raw (already encoded) path or query value] */
export const HOSTILE_PARAMETERS: Array<[string, string]> = [
  ['NUL', 'a%00b'],
  ['a surrogate as invalid UTF-8', '%ED%A0%80'],
  ['a 1 MB string', MB],
  ['1e308', '1e308'],
  ['-1e308', '-1e308'],
  ['-0', '-0'],
  ['a huge integer', '123456789012345678901234567890123456789'],
  ['the last date JS can hold', encodeURIComponent('+275760-09-13T00:00:00Z')],
  ['year 0', '0000-01-01T00:00:00Z'],
  ['the last second of 9999', '9999-12-31T23:59:59Z'],
  ['month +275760-09', encodeURIComponent('+275760-09')],
  ['month 0000-01', '0000-01'],
  ['month 9999-12', '9999-12'],
  [
    'a cursor at +275760-09-13',
    Buffer.from('+275760-09-13T00:00:00.000Z|3f9d6c1e-8b7a-4e2f-9c1d-5a6b7c8d9e0f').toString('base64url'),
  ],
];

/** Text PostgreSQL cannot store: the API must name the field, not just avoid a 5xx. */
export const isUnstorable = (label: string) => UNSTORABLE.includes(label);

/** Where every string of a JSON value sits: `[['name'], ['contacts', 0], ...]`. */
export function stringPaths(value: unknown, at: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value === 'string') return [at];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...at, i]));
  if (value !== null && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...at, k]));
  return [];
}

/** `value` as JSON text with `raw` (JSON text) at `at`, creating the objects and arrays on the way. */
export function withValueAt(value: unknown, at: Array<string | number>, raw: string): string {
  const marker = '\u2063hostile\u2063';
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  at.forEach((part, i) => {
    if (i === at.length - 1) node[part] = marker;
    else {
      node[part] ??= typeof at[i + 1] === 'number' ? [] : {};
      node = node[part] as Record<string | number, unknown>;
    }
  });
  return JSON.stringify(copy).replace(JSON.stringify(marker), raw);
}
