import type { FieldError } from '../../common/errors/domain-error';

// A small reader for untrusted documents: every accessor checks the type, records a problem with its
// exact path (`spec.objectives[2].indicator.aggregate`) and returns undefined instead of throwing, so
// one pass reports every problem and validation can never crash.

export type Json = Record<string, unknown>;

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

// NUL and lone UTF-16 surrogates, which PostgreSQL text cannot hold (paired surrogates match nothing).
// eslint-disable-next-line no-control-regex -- NUL is exactly what it finds
const UNSTORABLE = /[\u0000\ud800-\udfff]/gu;

/** A key as it can be shown in a path: NUL and lone surrogates written as `\u0000` escapes. */
export function printableKey(key: string): string {
  return key.replace(UNSTORABLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const shown = printableKey(key);
  return path === '' ? shown : `${path}.${shown}`;
}

/** At most this many problems are listed; a last entry says how many more there were. */
export const MAX_LISTED_PROBLEMS = 100;

export class Problems {
  private readonly listed: FieldError[] = [];
  private readonly seen = new Set<string>();
  private unlisted = 0;

  add(path: string, message: string): undefined {
    const error = { path: path || '(document)', message };
    // Two keys can render to the same path (`spec.colour` at the root and `colour` in spec): say it once.
    const id = `${error.path}\u0000${message}`;
    if (this.seen.has(id)) return undefined;
    this.seen.add(id);
    // A document of thousands of unknown keys would otherwise get an answer larger than itself.
    if (this.listed.length >= MAX_LISTED_PROBLEMS) this.unlisted++;
    else this.listed.push(error);
    return undefined;
  }

  get list(): FieldError[] {
    if (this.unlisted === 0) return this.listed;
    const more = `and ${this.unlisted} more problem${this.unlisted === 1 ? '' : 's'} not listed`;
    return [...this.listed, { path: '(document)', message: more }];
  }

  get empty(): boolean {
    return this.listed.length === 0;
  }
}

export class Reader {
  constructor(readonly problems: Problems) {}

  /** An object with only `allowed` keys and every `required` one present. */
  object(
    value: unknown,
    path: string,
    allowed: readonly string[],
    required: readonly string[] = [],
  ): Json | undefined {
    if (!isObject(value)) return this.problems.add(path, `must be an object`);
    for (const key of Object.keys(value)) {
      if (!allowed.includes(key)) this.problems.add(join(path, key), 'is not a known field');
    }
    for (const key of required) {
      if (value[key] === undefined || value[key] === null) this.problems.add(join(path, key), 'is required');
    }
    return value;
  }

  /** An object whose keys are names chosen by the author (calendars, where pairs): any key is allowed. */
  map(value: unknown, path: string): Json | undefined {
    return isObject(value) ? value : this.problems.add(path, 'must be an object');
  }

  array(value: unknown, path: string, options: { max?: number; min?: number } = {}): unknown[] | undefined {
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.problems.add(path, 'must be a list');
    if (options.min !== undefined && value.length < options.min) {
      return this.problems.add(path, `must have at least ${options.min} item${options.min === 1 ? '' : 's'}`);
    }
    if (options.max !== undefined && value.length > options.max) {
      return this.problems.add(path, `must have at most ${options.max} items`);
    }
    return value as unknown[];
  }

  string(
    value: unknown,
    path: string,
    options: { pattern?: RegExp; hint?: string; max?: number } = {},
  ): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string') return this.problems.add(path, 'must be a string');
    if (value.trim() === '') return this.problems.add(path, 'must not be empty');
    if (value.length > (options.max ?? 500))
      return this.problems.add(path, `must be at most ${options.max ?? 500} characters`);
    if (options.pattern && !options.pattern.test(value))
      return this.problems.add(path, options.hint ?? 'has the wrong format');
    return value;
  }

  oneOf<T extends string>(value: unknown, path: string, choices: readonly T[]): T | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || !(choices as readonly string[]).includes(value)) {
      return this.problems.add(path, `must be one of ${choices.join(', ')}`);
    }
    return value as T;
  }

  number(
    value: unknown,
    path: string,
    options: { min?: number; max?: number; integer?: boolean } = {},
  ): number | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value))
      return this.problems.add(path, 'must be a number');
    if (options.integer && !Number.isInteger(value)) return this.problems.add(path, 'must be a whole number');
    if (options.min !== undefined && value < options.min)
      return this.problems.add(path, `must be at least ${options.min}`);
    if (options.max !== undefined && value > options.max)
      return this.problems.add(path, `must be at most ${options.max}`);
    return value;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'boolean') return this.problems.add(path, 'must be true or false');
    return value;
  }
}
