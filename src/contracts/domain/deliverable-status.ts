export type DeliverableStatus = 'pending' | 'delivered' | 'missed' | 'delivered_late';

/** domain.md §2.4: delivered on or before due, late after it; missed once due has passed undelivered. */
export function deliverableStatus(due: Date, deliveredAt: Date | null, now: Date): DeliverableStatus {
  if (deliveredAt) return deliveredAt <= due ? 'delivered' : 'delivered_late';
  return now > due ? 'missed' : 'pending';
}
