import type { FieldError } from '../../common/errors/domain-error';

// How the contract validator reads a document once docs/contract.schema.json has checked its shape
// (schema-problems.ts): problems are recorded with their exact path (`spec.objectives[2].period`), and
// an accessor returns undefined, without a word, for a value the schema refused or whose type is not
// the one asked for (the schema said so already), so one pass reports every problem and reading can
// never crash, whatever the document.

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

/** Text is at most this long, unless a field says otherwise. */
export const MAX_TEXT = 500;

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
  /** `refused`: the paths of the values the schema refused; they are not read again. */
  constructor(
    readonly problems: Problems,
    private readonly refused: ReadonlySet<string> = new Set(),
  ) {}

  /** The value at `path`, unless the schema refused it. */
  given(value: unknown, path: string): unknown {
    return this.refused.has(path) ? undefined : value;
  }

  object(value: unknown, path: string): Json | undefined {
    const given = this.given(value, path);
    return isObject(given) ? given : undefined;
  }

  array(value: unknown, path: string): unknown[] | undefined {
    const given = this.given(value, path);
    return Array.isArray(given) ? (given as unknown[]) : undefined;
  }

  /**
   * Text of at most `max` UTF-16 code units: the schema's maxLength counts code points, so an emoji
   * counts once there and twice here (the limit the API has always applied).
   */
  string(value: unknown, path: string, max = MAX_TEXT): string | undefined {
    const given = this.given(value, path);
    if (typeof given !== 'string') return undefined;
    return given.length > max ? this.problems.add(path, `must be at most ${max} characters`) : given;
  }

  /** One of the words the schema enumerates for the field. */
  choice<T extends string>(value: unknown, path: string): T | undefined {
    const given = this.given(value, path);
    return typeof given === 'string' ? (given as T) : undefined;
  }

  number(value: unknown, path: string): number | undefined {
    const given = this.given(value, path);
    return typeof given === 'number' && Number.isFinite(given) ? given : undefined;
  }

  boolean(value: unknown, path: string): boolean | undefined {
    const given = this.given(value, path);
    return typeof given === 'boolean' ? given : undefined;
  }
}
