import { parseDurationMs } from '../../common/time/duration';
import type { PeriodSpec } from './contract.types';

// Durations in contracts: `30m`, `4h`, `72h`, `7d`, `1h30m`, `90s`, `2w`. Whole seconds only.

const UNIT_SECONDS: Record<string, number> = { w: 604_800, d: 86_400, h: 3_600, m: 60, s: 1 };

/** Seconds, or undefined when the text is not a duration (or is zero). */
export function parseDuration(text: string): number | undefined {
  const ms = parseDurationMs(text, { units: ['w', 'd', 'h', 'm', 's'] });
  const seconds = ms === undefined ? undefined : ms / 1000;
  return seconds !== undefined && seconds > 0 && Number.isSafeInteger(seconds) ? seconds : undefined;
}

/** A period as written in contracts: `month`, `quarter`, or a rolling length such as `7d`. */
export function periodText(period: PeriodSpec): string {
  return period.type === 'calendar' ? period.unit : formatDuration(period.seconds);
}

/** The shortest text for a number of seconds: 90 → `1m30s`, 86400 → `1d`. */
export function formatDuration(seconds: number): string {
  let rest = seconds;
  let text = '';
  for (const unit of ['d', 'h', 'm', 's']) {
    const n = Math.floor(rest / UNIT_SECONDS[unit]);
    if (n > 0) text += `${n}${unit}`;
    rest -= n * UNIT_SECONDS[unit];
  }
  return text || '0s';
}
