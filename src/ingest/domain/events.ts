import { checkTimeWindow, INVALID_TIMESTAMP, parseRfc3339 } from './samples';
import type { Instant } from '../../common/time/instant';

// Per-event checks of POST /api/v1/events: {item, id, action, timestamp, attributes?}.

export type EventRejectionReason =
  | 'invalid_item'
  | 'invalid_id'
  | 'invalid_action'
  | 'invalid_timestamp'
  | 'invalid_attributes'
  | 'future_timestamp'
  | 'before_contract'
  | 'period_closed';

export interface EventRejection {
  index: number;
  reason: EventRejectionReason;
  message: string;
}

export type AttributeValue = string | number | boolean;

export interface CheckedEvent {
  item: string;
  id: string;
  action: string;
  timestamp: string;
  epochMs: number;
  attributes: Record<string, AttributeValue> | null;
}

const WORD = /^[A-Za-z0-9_.:-]{1,64}$/;
// Any visible text without control characters (ids such as `INC-1042` or `CHG 2027/17`).
const ITEM_ID = /^[^\p{Cc}]{1,200}$/u;
export const ATTRIBUTE_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
export const MAX_ATTRIBUTES = 32;
export const MAX_ATTRIBUTE_VALUE = 256;

function checkAttributes(raw: unknown): Record<string, AttributeValue> | null | string {
  if (raw === undefined || raw === null) return null;
  if (typeof raw !== 'object' || Array.isArray(raw)) return 'attributes must be an object';
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length > MAX_ATTRIBUTES) return `at most ${MAX_ATTRIBUTES} attributes, got ${entries.length}`;
  for (const [name, value] of entries) {
    if (!ATTRIBUTE_NAME.test(name))
      return `attribute name ${JSON.stringify(name.slice(0, 70))} must match ${ATTRIBUTE_NAME.source}`;
    const ok =
      // PostgreSQL text holds neither NUL nor lone UTF-16 surrogates (they would come back changed).
      (typeof value === 'string' &&
        value.length <= MAX_ATTRIBUTE_VALUE &&
        !value.includes('\u0000') &&
        value.isWellFormed()) ||
      (typeof value === 'number' && Number.isFinite(value)) ||
      typeof value === 'boolean';
    if (!ok)
      return `attribute ${name} must be a string of at most ${MAX_ATTRIBUTE_VALUE} characters, a finite number or a boolean`;
  }
  return entries.length === 0 ? null : (raw as Record<string, AttributeValue>);
}

export function checkEvent(
  raw: Record<string, unknown>,
  index: number,
  ctx: { now: Instant; earliestContractMs: number | undefined },
): CheckedEvent | EventRejection {
  const { item, id, action, timestamp } = raw;
  if (typeof item !== 'string' || !WORD.test(item))
    return { index, reason: 'invalid_item', message: `item must match ${WORD.source}` };
  if (typeof id !== 'string' || !ITEM_ID.test(id) || id.trim() === '' || !id.isWellFormed()) {
    return { index, reason: 'invalid_id', message: 'id must be 1-200 characters without control characters' };
  }
  if (typeof action !== 'string' || !WORD.test(action))
    return { index, reason: 'invalid_action', message: `action must match ${WORD.source}` };
  const epochMs = typeof timestamp === 'string' ? parseRfc3339(timestamp) : undefined;
  if (epochMs === undefined) {
    return { index, reason: 'invalid_timestamp', message: INVALID_TIMESTAMP };
  }
  const attributes = checkAttributes(raw.attributes);
  if (typeof attributes === 'string') return { index, reason: 'invalid_attributes', message: attributes };
  const late = checkTimeWindow(epochMs, ctx, `item:${item}`);
  if (late) return { index, ...late };
  return { item, id, action, timestamp: timestamp as string, epochMs, attributes };
}

export function isEventRejection(result: CheckedEvent | EventRejection): result is EventRejection {
  return (result as EventRejection).reason !== undefined;
}
