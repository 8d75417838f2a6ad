import { Injectable } from '@nestjs/common';
import type { Principal } from '../access/domain/roles';
import { Clock } from '../common/clock';
import { DomainError, type FieldError } from '../common/errors/domain-error';
import { ContractsService } from './contracts.service';
import { type ExclusionWindow, exclusionWindows } from './domain/exclusion-windows';
import { parseInstant } from './domain/time';
import { ExclusionsRepository } from './exclusions.repository';

export interface CreateExclusionBody {
  from: string;
  to: string;
  reason: string;
  approvedBy: string;
  objectives?: string[];
}

/** Listing more than this at once would expand too many cron occurrences for one answer. */
const MAX_LIST_DAYS = 400;
/** Items per page of the listing (the default and the most a `limit` may ask). */
export const MAX_LIST_ITEMS = 1000;
const DAY_MS = 86_400_000;

function view(w: ExclusionWindow) {
  return {
    kind: w.kind,
    title: w.title,
    from: w.from.toISOString(),
    to: w.to.toISOString(),
    objectives: w.objectives,
    ...(w.id ? { id: w.id, approvedBy: w.approvedBy } : {}),
  };
}

@Injectable()
export class ExclusionsService {
  constructor(
    private readonly contracts: ContractsService,
    private readonly exclusions: ExclusionsRepository,
    private readonly clock: Clock,
  ) {}

  async create(principal: Principal, key: string, body: CreateExclusionBody) {
    const contract = await this.contracts.visible(principal, key);
    const errors: FieldError[] = [];
    const from = parseInstant(body.from);
    const to = parseInstant(body.to);
    if (!from)
      errors.push({
        path: 'from',
        message: 'must be a timestamp with an offset, e.g. 2027-03-11T22:00:00+02:00',
      });
    if (!to)
      errors.push({
        path: 'to',
        message: 'must be a timestamp with an offset, e.g. 2027-03-12T04:00:00+02:00',
      });
    if (from && to && to <= from) errors.push({ path: 'to', message: 'must be after from' });
    const known = new Set(contract.spec.objectives.map((o) => o.key));
    (body.objectives ?? []).forEach((k, i) => {
      if (!known.has(k))
        errors.push({ path: `objectives[${i}]`, message: `names no objective of contract ${key} (${k})` });
    });
    if (errors.length > 0 || !from || !to) throw DomainError.validation(errors);
    const saved = await this.exclusions.insert({
      contractId: contract.id,
      from,
      to,
      reason: body.reason.trim(),
      approvedBy: body.approvedBy.trim(),
      objectives: body.objectives && body.objectives.length > 0 ? [...new Set(body.objectives)] : null,
      createdBy: principal.name,
      createdAt: new Date(this.clock.now()),
    });
    return {
      id: saved.id,
      contract: key,
      from: saved.from.toISOString(),
      to: saved.to.toISOString(),
      reason: saved.reason,
      approvedBy: saved.approvedBy,
      objectives: saved.objectives,
      createdAt: saved.createdAt.toISOString(),
    };
  }

  /** Maintenance occurrences and approved exclusions overlapping [from, to) (default: the next 31 days). */
  async list(
    principal: Principal,
    key: string,
    fromText?: string,
    toText?: string,
    page: { limit?: string; cursor?: string } = {},
  ) {
    const contract = await this.contracts.visible(principal, key);
    const now = new Date(this.clock.now());
    const from = fromText === undefined ? now : parseInstant(fromText);
    const to = toText === undefined ? new Date((from ?? now).getTime() + 31 * DAY_MS) : parseInstant(toText);
    const errors: FieldError[] = [];
    if (!from) errors.push({ path: 'from', message: 'must be a timestamp with an offset' });
    if (!to) errors.push({ path: 'to', message: 'must be a timestamp with an offset' });
    if (from && to && to <= from) errors.push({ path: 'to', message: 'must be after from' });
    if (from && to && to.getTime() - from.getTime() > MAX_LIST_DAYS * DAY_MS) {
      errors.push({ path: 'to', message: `the range may span at most ${MAX_LIST_DAYS} days` });
    }
    const limit = page.limit === undefined ? MAX_LIST_ITEMS : Number(page.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_ITEMS || !/^\d+$/.test(page.limit ?? '1'))
      errors.push({ path: 'limit', message: `must be an integer from 1 to ${MAX_LIST_ITEMS}` });
    const offset = page.cursor === undefined ? 0 : offsetOf(page.cursor, contract.currentVersion);
    if (offset === undefined)
      errors.push({
        path: 'cursor',
        message: 'is not a cursor of this listing (or the contract changed since)',
      });
    if (errors.length > 0 || !from || !to || offset === undefined) throw DomainError.validation(errors);
    const approved = await this.exclusions.findOverlapping(contract.id, from, to);
    const windows = exclusionWindows(contract.spec.maintenance, contract.spec.timezone, approved, from, to);
    const items = windows.slice(offset, offset + limit).map(view);
    const more = offset + limit < windows.length;
    return {
      contract: key,
      timezone: contract.spec.timezone,
      from: from.toISOString(),
      to: to.toISOString(),
      items,
      // The same from/to with this cursor answers the next page; absent on the last page.
      ...(more ? { next: cursorOf(offset + limit, contract.currentVersion) } : {}),
    };
  }
}

/** A page cursor: where the next page starts, for the contract version it was listed from. */
function cursorOf(offset: number, version: number): string {
  return Buffer.from(`${version}:${offset}`).toString('base64url');
}

function offsetOf(cursor: string, version: number): number | undefined {
  if (cursor.length > 64 || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  const match = /^(\d{1,9}):(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('latin1'));
  if (!match || Number(match[1]) !== version) return undefined;
  return Number(match[2]);
}
