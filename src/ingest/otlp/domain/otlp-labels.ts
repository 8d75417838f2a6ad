import {
  type Fields,
  listAt,
  objectAt,
  OtlpShapeError,
  optionalObject,
  signedIntegerOf,
  stringAt,
} from './otlp-values';

// OTLP attributes (resource, scope, data point) become sample labels (docs/ingest-otlp.md): keys
// with characters outside [a-zA-Z0-9_] get `_` (`service.name` → `service_name`), values become text.

export type Labels = Record<string, string>;

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label name of an attribute key: other characters become `_`, a leading digit gets a `_` in front. */
export function labelName(key: string): string {
  if (LABEL_NAME.test(key)) return key;
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/**
 * Longer label values are refused anyway (256 characters): rendering stops once this many characters
 * are surely written (each step counts no more than it writes, so a cut value is too long to store),
 * which also bounds the recursion through nested arrays and key-value lists.
 */
const RENDER_BUDGET = 300;

type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** An AnyValue as a plain JSON value; `budget` counts characters still worth producing. */
function plainOf(value: unknown, path: string, budget: { left: number }): Plain | undefined {
  const v = optionalObject(value, path);
  if (!v) return undefined;
  budget.left -= 2;
  if (budget.left < 0) return '…';
  if ('stringValue' in v) {
    const text = stringAt(v.stringValue, `${path}.stringValue`);
    budget.left -= text.length;
    return text;
  }
  if ('boolValue' in v) {
    if (typeof v.boolValue !== 'boolean') return bad(path, 'boolValue');
    return v.boolValue;
  }
  if ('intValue' in v) {
    const n = signedIntegerOf(v.intValue);
    if (n === undefined) return bad(path, 'intValue');
    // Beyond 2^53 a JS number would change it: kept as the decimal text it came as.
    return Number.isSafeInteger(n) ? n : String(v.intValue);
  }
  if ('doubleValue' in v) {
    if (typeof v.doubleValue === 'number') return v.doubleValue;
    return typeof v.doubleValue === 'string' ? v.doubleValue : bad(path, 'doubleValue');
  }
  if ('bytesValue' in v) return stringAt(v.bytesValue, `${path}.bytesValue`); // base64, as both encodings carry it here
  if ('arrayValue' in v) {
    const array = optionalObject(v.arrayValue, `${path}.arrayValue`);
    const items: Plain[] = [];
    for (const [i, item] of listAt(array?.values, `${path}.arrayValue.values`).entries()) {
      if (budget.left < 0) break;
      items.push(plainOf(item, `${path}.arrayValue.values[${i}]`, budget) ?? null);
    }
    return items;
  }
  if ('kvlistValue' in v) {
    const list = optionalObject(v.kvlistValue, `${path}.kvlistValue`);
    const entries: Record<string, Plain> = {};
    for (const [i, kv] of listAt(list?.values, `${path}.kvlistValue.values`).entries()) {
      if (budget.left < 0) break;
      const at = `${path}.kvlistValue.values[${i}]`;
      const pair = objectAt(kv, at);
      const key = stringAt(pair.key, `${at}.key`);
      budget.left -= key.length;
      entries[key] = plainOf(pair.value, `${at}.value`, budget) ?? null;
    }
    return entries;
  }
  return undefined; // an empty AnyValue: no value
}

function bad(path: string, field: string): never {
  throw new OtlpShapeError(`${path}.${field}`, 'has the wrong type');
}

/**
 * Label text of an attribute value: strings as they are, booleans and numbers as JSON writes them,
 * bytes as base64, arrays and key-value lists as compact JSON (`["a","b"]`, `{"k":1}`); undefined for
 * an empty value (the attribute is left out).
 */
export function labelValue(value: unknown, path: string): string | undefined {
  const plain = plainOf(value, path, { left: RENDER_BUDGET });
  if (plain === undefined) return undefined;
  return typeof plain === 'string' ? plain : JSON.stringify(plain);
}

/**
 * Labels of a list of KeyValue attributes. Keys that become the same label name (`a.b` and `a_b`)
 * share it: their values joined with `;` in key order, so the result does not depend on the order sent.
 */
export function attributeLabels(attributes: unknown, path: string): Labels {
  const list = listAt(attributes, path);
  // No prototype: an attribute named `__proto__` is a label like any other, not a lost assignment.
  const labels = Object.create(null) as Labels;
  /** The attribute key behind each label, for the rare names two keys share. */
  const keys = Object.create(null) as Record<string, string>;
  let shared: Map<string, Array<[string, string]>> | undefined;
  list.forEach((kv, i) => {
    const pair: Fields = objectAt(kv, `${path}[${i}]`);
    const key = stringAt(pair.key, `${path}[${i}].key`);
    const value = labelValue(pair.value, `${path}[${i}].value`);
    if (value === undefined) return;
    const name = labelName(key);
    if (!Object.hasOwn(labels, name)) {
      labels[name] = value;
      keys[name] = key;
      return;
    }
    shared ??= new Map();
    const pairs = shared.get(name) ?? [[keys[name], labels[name]]];
    pairs.push([key, value]);
    shared.set(name, pairs);
  });
  for (const [name, pairs] of shared ?? []) {
    pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    labels[name] = pairs.map(([, value]) => value).join(';');
  }
  return labels;
}

/** The labels of a scope: its attributes, then `otel_scope_name` and `otel_scope_version` when set. */
export function scopeLabels(scope: Fields | undefined, path: string): Labels {
  if (!scope) return {};
  const labels = attributeLabels(scope.attributes, `${path}.attributes`);
  const name = stringAt(scope.name, `${path}.name`);
  const version = stringAt(scope.version, `${path}.version`);
  if (name !== '') labels.otel_scope_name = name;
  if (version !== '') labels.otel_scope_version = version;
  return labels;
}
