import type { Instant } from '../../common/time/instant';

export type DeliverableStatus = 'pending' | 'delivered' | 'missed' | 'delivered_late';

/** Delivered on or before due, late after it; missed once due has passed undelivered. */
export function deliverableStatus(due: Date, deliveredAt: Date | null, now: Instant): DeliverableStatus {
  if (deliveredAt) return deliveredAt <= due ? 'delivered' : 'delivered_late';
  return now > due.getTime() ? 'missed' : 'pending';
}

/** Clock skew allowed between a vendor and this server: deliveries stamped further ahead are refused. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Whether a delivery counts at the time it claims. The vendor is the measured party: its claim to
 * have delivered on time, recorded after the due time had passed (beyond the clock-skew allowance),
 * waits for an admin, who confirms by recording the delivery in turn. An admin's word is trusted.
 */
export function isTrustedDelivery(role: string, claimed: Date, due: Date, recorded: Date): boolean {
  if (role === 'admin') return true;
  const claimedOnTime = claimed.getTime() <= due.getTime();
  const recordedLate = recorded.getTime() > due.getTime() + CLOCK_SKEW_MS;
  return !(claimedOnTime && recordedLate);
}
