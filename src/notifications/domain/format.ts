import { DateTime } from 'luxon';
import { OP_SYMBOL, satisfies } from '../../contracts/domain/comparison';
import { type Op, OPS } from '../../contracts/domain/contract.types';

/** A number without trailing zeros, at most `decimals` after the point. */
export function plain(value: number, decimals: number): string {
  if (!Number.isFinite(value)) return String(value);
  return Number(value.toFixed(decimals)).toString();
}

const NEGATION: Record<Op, Op> = { gte: 'lt', gt: 'lte', lte: 'gt', lt: 'gte' };
const FROM_SYMBOL = new Map(Object.entries(OP_SYMBOL).map(([op, symbol]) => [symbol, op as Op]));

/** An operator as stored (`gte`) or written (`>=`); undefined for anything else. */
export function toOp(op: string): Op | undefined {
  return (OPS as readonly string[]).includes(op) ? (op as Op) : FROM_SYMBOL.get(op);
}

/**
 * "99.82% < 99.9%" or "412 > 300": the attainment, the operator that holds between it and the target
 * (the contract's when met, its negation when not), and the target. Percentage kinds carry fractions
 * and read as percentages. The attainment gets as many decimals (2 to 6) as it takes for the printed
 * figures themselves to satisfy the printed operator, so a mail never says "99.90% < 99.9%".
 */
export function comparisonText(attainment: number, op: string, target: number, percentage: boolean): string {
  const stored = toOp(op);
  if (!stored)
    return `${figureText(attainment, percentage)} (target ${op} ${figureText(target, percentage)})`;
  const scale = percentage ? 100 : 1;
  const unit = percentage ? '%' : '';
  const shown = satisfies(attainment, { op: stored, target }) ? stored : NEGATION[stored];
  const targetText = plain(target * scale, 4);
  let text = plain(attainment * scale, 2);
  for (let d = 3; d <= 6 && !satisfies(Number(text), { op: shown, target: Number(targetText) }); d++) {
    text = plain(attainment * scale, d);
  }
  return `${text}${unit} ${OP_SYMBOL[shown]} ${targetText}${unit}`;
}

/** A figure alone: "99.82%" or "412". */
export function figureText(value: number, percentage: boolean): string {
  return percentage ? `${plain(value * 100, 3)}%` : plain(value, 3);
}

/** The contract's objective as written: ">= 99.9%". */
export function targetText(op: string, target: number, percentage: boolean): string {
  const stored = toOp(op);
  return `${stored ? OP_SYMBOL[stored] : op} ${percentage ? `${plain(target * 100, 4)}%` : plain(target, 4)}`;
}

/** An instant in the contract's zone: "2027-03-31 18:00 (+03:00)". */
export function localTime(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return t.isValid ? `${t.toFormat('yyyy-MM-dd HH:mm')} (${t.toFormat('ZZ')})` : iso;
}

/** A local date: "2027-03-31". */
export function localDate(iso: string, zone: string): string {
  const t = DateTime.fromISO(iso, { zone: 'utc' }).setZone(zone);
  return t.isValid ? t.toFormat('yyyy-MM-dd') : iso;
}

/** A money amount: "6,000.00 ILS". */
export function money(amount: number, currency: string | undefined): string {
  const text = amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return currency ? `${text} ${currency}` : text;
}
