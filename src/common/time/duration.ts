// One grammar for durations, wherever they are written: contracts (`1h30m`, `7d`, `2w`), settings
// (`60s`, `500ms`, `1.5s`, a bare number of seconds) and retention (`400d`). A duration is one or more
// <number><unit> terms, largest unit first, each unit at most once; callers choose which units, and
// whether fractions, a bare number or several terms are allowed.

export const UNIT_MS = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
export type DurationUnit = keyof typeof UNIT_MS;
const ORDER: DurationUnit[] = ['w', 'd', 'h', 'm', 's', 'ms'];

export interface DurationGrammar {
  /** Units allowed (default all). */
  units?: readonly DurationUnit[];
  /** `1.5s` (default: whole numbers only). */
  fractions?: boolean;
  /** A bare number means this unit (default: a unit is required). */
  bare?: DurationUnit;
  /** `1h30m` (default: true). */
  compound?: boolean;
}

const TERM = /(\d+(?:\.\d+)?)(ms|w|d|h|m|s)/y;

/** Milliseconds, or undefined when the text is not a duration under the grammar. */
export function parseDurationMs(text: string, grammar: DurationGrammar = {}): number | undefined {
  const units = grammar.units ?? ORDER;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const number = grammar.fractions ? /^\d+(?:\.\d+)?$/ : /^\d+$/;
  if (grammar.bare !== undefined && number.test(trimmed))
    return Math.round(Number(trimmed) * UNIT_MS[grammar.bare]);
  let total = 0;
  let terms = 0;
  let last = -1;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < trimmed.length) {
    const match = TERM.exec(trimmed);
    if (!match) return undefined;
    const [, value, unit] = match as unknown as [string, string, DurationUnit];
    const rank = ORDER.indexOf(unit);
    if (!units.includes(unit) || rank <= last || !number.test(value)) return undefined;
    last = rank;
    terms++;
    total += Number(value) * UNIT_MS[unit];
  }
  if (terms === 0 || (terms > 1 && grammar.compound === false)) return undefined;
  return Math.round(total);
}
