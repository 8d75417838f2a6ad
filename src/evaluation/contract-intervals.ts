import type { ContractSpec } from '../contracts/domain/contract.types';
import type { Interval } from '../common/time/intervals';
import { type BusinessOf, contractBusiness, maintenanceIntervals } from '../contracts/domain/window';
import type { IntervalCache, IntervalSource } from './interval-cache';

/** The cached readers (and their sources, for warming) of a contract version's maintenance and calendars. */
export function contractIntervals(
  cache: IntervalCache,
  c: { id: string; version: number; spec: ContractSpec },
) {
  const scope = (what: string) => `${c.id}@${c.version}/${what}`;
  const maintenanceSource: IntervalSource = (from, to) => maintenanceIntervals(c.spec, from, to);
  const direct = contractBusiness(c.spec);
  const calendarSource =
    (name: string): IntervalSource =>
    (from, to) =>
      direct(name, from, to);
  const maintenance = cache.reader(scope('maintenance'), maintenanceSource);
  const readers = new Map<string, IntervalSource>();
  const business: BusinessOf = (name, from, to): Interval[] => {
    let read = readers.get(name);
    if (!read) readers.set(name, (read = cache.reader(scope(`calendar/${name}`), calendarSource(name))));
    return read(from, to);
  };
  return { scope, maintenanceSource, calendarSource, maintenance, business };
}
