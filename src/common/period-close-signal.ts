import { Injectable } from '@nestjs/common';

/**
 * Tells this process that a vendor's period was just closed, so ingest refuses that period's data at
 * once instead of after its few-second cache of closed time expires. Other replicas learn it from
 * the database when their cache expires.
 */
@Injectable()
export class PeriodCloseSignal {
  private readonly listeners: Array<(vendorId: string) => void> = [];

  onClosed(listener: (vendorId: string) => void): void {
    this.listeners.push(listener);
  }

  closed(vendorId: string): void {
    for (const listener of this.listeners) listener(vendorId);
  }
}
