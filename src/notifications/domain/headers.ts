import type { NotificationEvent } from './events';

/** Longest subject we build; mail clients cut long subjects anyway, and folding stays simple. */
export const SUBJECT_MAX = 200;

/**
 * Text for a header: every control character (CR, LF, TAB, NUL, DEL, C1, and the Unicode line and
 * paragraph separators) becomes a space, runs of space collapse, and the result is cut to `max`
 * characters without splitting a surrogate pair. Non-ASCII stays; the mailer encodes it (RFC 2047).
 */
export function headerText(text: string, max = SUBJECT_MAX): string {
  const flat = text
    // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`;
}

/** The domain of Message-IDs: MAIL_FROM's, reduced to safe characters. */
export function messageIdDomain(mailFrom: string): string {
  const match = /@([^>\s]+)>?\s*$/.exec(mailFrom);
  const domain = (match?.[1] ?? '').toLowerCase().replace(/[^a-z0-9.-]/g, '');
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(domain) ? domain : 'sla-sentinel.invalid';
}

/** A dot-atom from any text: letters, digits and dashes, everything else a single dot. */
function atom(text: string): string {
  return (
    text
      .replace(/[^A-Za-z0-9-]+/g, '.')
      .replace(/^\.+|\.+$/g, '')
      .slice(0, 180) || 'x'
  );
}

export interface Thread {
  messageId: string;
  inReplyTo?: string;
  references?: string[];
}

/**
 * Message-ID and thread headers. Every mail about one breach replies to the breach's root id (the id
 * of its `breach.opened` mail), so clients show one thread; restatements reply to the period's first
 * statement. Ids derive from the event key, so a resend after a crash carries the same Message-ID and
 * clients fold it into the first.
 */
export function threadOf(
  event: NotificationEvent,
  eventKey: string,
  domain: string,
  refs: { breachId?: string; contractId: string; period?: string; version?: number },
): Thread {
  const id = (local: string) => `<${atom(local)}@${domain}>`;
  if (refs.breachId && event.startsWith('breach.')) {
    const root = id(`breach.${refs.breachId}`);
    if (event === 'breach.opened') return { messageId: root };
    return { messageId: id(eventKey), inReplyTo: root, references: [root] };
  }
  if (event === 'period.statement' && refs.period) {
    const root = id(`statement.${refs.contractId}.${refs.period}`);
    if ((refs.version ?? 1) <= 1) return { messageId: root };
    return { messageId: id(eventKey), inReplyTo: root, references: [root] };
  }
  return { messageId: id(eventKey) };
}
