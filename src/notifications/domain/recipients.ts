import type { NotificationEvent } from './events';

export interface Audience {
  owners: readonly string[];
  /** `spec.vendorContacts`, or the vendor's own contacts when the contract names none. */
  vendorContacts: readonly string[];
  notifyVendor: boolean;
}

// Who gets each event (docs/notifications.md, "Events"). `notifyVendor: false` silences every vendor
// mail: vendor contacts get breach, deliverable and statement mail only while it is true.
const VENDOR_GETS: Record<NotificationEvent, boolean> = {
  'breach.opened': true,
  'breach.resolved': true,
  'breach.reminder': false,
  'objective.at_risk': false,
  'deliverable.due_soon': true,
  'period.statement': true,
  'contract.chronic_breach': false,
};

// One plain address: no display name, comment, group, list separator, space or control character, so
// an address can never add a header or a recipient of its own.
const ADDRESS =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

export function isSafeAddress(address: string): boolean {
  return address.length <= 254 && ADDRESS.test(address);
}

/** Who gets an event's mail: owners always, vendor contacts per the table; unique, safe addresses only. */
export function recipientsFor(event: NotificationEvent, audience: Audience): string[] {
  const all = [
    ...audience.owners,
    ...(VENDOR_GETS[event] && audience.notifyVendor ? audience.vendorContacts : []),
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const address of all) {
    const key = address.toLowerCase();
    if (!isSafeAddress(address) || seen.has(key)) continue;
    seen.add(key);
    out.push(address);
  }
  return out;
}
