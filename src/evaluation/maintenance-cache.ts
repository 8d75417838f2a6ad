import { Injectable } from '@nestjs/common';
import type { ContractSpec } from '../contracts/domain/contract.types';
import type { Interval } from './domain/intervals';
import { maintenanceIntervals, type MaintenanceOf } from './domain/window';

/** Ranges kept; past it the oldest go first (a month period is asked for again every pass). */
const MAX_ENTRIES = 20_000;

/**
 * A contract version's maintenance over a range, merged into intervals once and kept: every objective
 * of the contract and every pass of the period reads the same list instead of expanding the cron
 * again (a year of hourly maintenance is 8 760 occurrences). A version never changes, so entries are
 * never stale; they are only evicted.
 */
@Injectable()
export class MaintenanceCache {
  private readonly entries = new Map<string, readonly Interval[]>();
  misses = 0;

  of(contractId: string, version: number, spec: ContractSpec): MaintenanceOf {
    if (spec.maintenance.length === 0) return () => [];
    return (from, to) => {
      const key = `${contractId}@${version}|${from}|${to}`;
      let found = this.entries.get(key);
      if (found === undefined) {
        this.misses++;
        found = maintenanceIntervals(spec, from, to);
        if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
        this.entries.set(key, found);
      }
      return found;
    };
  }
}
