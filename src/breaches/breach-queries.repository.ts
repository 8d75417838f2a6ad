import { Injectable } from '@nestjs/common';
import type { Cursor } from '../common/http/cursor';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface BreachFilter {
  status?: string;
  contract?: string;
  vendor?: string;
  objective?: string;
  from?: Date;
  to?: Date;
  /** Vendor principals see only their own vendor's breaches. */
  vendorId?: string;
  after?: Cursor;
  limit: number;
}

export interface BreachView {
  id: string;
  contract: string;
  vendor: string;
  objective: string | null;
  deliverable?: string;
  kind: string;
  severity: string;
  status: string;
  period: { label: string; start: string; end: string };
  openedAt: string;
  attainmentAtOpen: number | null;
  target: number | null;
  op: string | null;
  acknowledged: { by: string; note: string | null; at: string } | null;
  resolvedAt: string | null;
  finalizedAt: string | null;
  /** `detail` carries what explains the entry (late-reported items, a back-dated claim, …) when any. */
  timeline: Array<{ at: string; event: string; attainment: number | null; detail?: Record<string, unknown> }>;
}

export interface BreachCount {
  contractId: string;
  severity: string;
  open: number;
  opened: number;
}

interface Row {
  id: string;
  contract: string;
  vendor: string;
  vendor_id: string;
  objective: string | null;
  deliverable: string | null;
  kind: string;
  severity: string;
  status: string;
  period_label: string;
  period_start: Date;
  period_end: Date;
  opened_at: Date;
  attainment_at_open: number | null;
  target: number | null;
  op: string | null;
  acknowledged_by: string | null;
  acknowledged_note: string | null;
  acknowledged_at: Date | null;
  resolved_at: Date | null;
  finalized_at: Date | null;
}

const SELECT = `SELECT b.id, c.key AS contract, v.key AS vendor, v.id AS vendor_id, o.key AS objective, d.key AS deliverable,
       b.kind, b.severity, b.status, b.period_label, b.period_start, b.period_end, b.opened_at, b.attainment_at_open,
       b.target, b.op, b.acknowledged_by, b.acknowledged_note, b.acknowledged_at, b.resolved_at, b.finalized_at
  FROM breaches b JOIN contracts c ON c.id = b.contract_id JOIN vendors v ON v.id = c.vendor_id
  LEFT JOIN objectives o ON o.id = b.objective_id LEFT JOIN deliverables d ON d.id = b.deliverable_id`;

/** Reads of breaches for the API: filtered pages newest first, and one breach with its timeline. */
@Injectable()
export class BreachQueriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async page(f: BreachFilter): Promise<{ items: BreachView[]; last?: Cursor }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    // `acknowledged` is an open breach somebody has seen; `open` includes it, as in the gauges.
    if (f.status === 'open') where.push(`b.status IN ('open', 'acknowledged')`);
    else if (f.status) add('b.status = ?', f.status);
    if (f.contract) add('c.key = ?', f.contract);
    if (f.vendor) add('v.key = ?', f.vendor);
    if (f.objective) add('o.key = ?', f.objective);
    if (f.from) add('b.opened_at >= ?', f.from.toISOString());
    if (f.to) add('b.opened_at < ?', f.to.toISOString());
    if (f.vendorId) add('c.vendor_id = ?', f.vendorId);
    if (f.after) {
      params.push(f.after.at.toISOString(), f.after.id);
      where.push(`(b.opened_at, b.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(f.limit + 1);
    const rows: Row[] = await this.dataSource.query(
      `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY b.opened_at DESC, b.id DESC LIMIT $${params.length}`,
      params,
    );
    const more = rows.length > f.limit;
    const page = rows.slice(0, f.limit);
    const items = await this.withTimelines(page);
    const tail = page[page.length - 1];
    return { items, last: more && tail ? { at: tail.opened_at, id: tail.id } : undefined };
  }

  async one(id: string): Promise<(BreachView & { vendorId: string }) | undefined> {
    const rows: Row[] = await this.dataSource.query(`${SELECT} WHERE b.id = $1`, [id]);
    if (rows.length === 0) return undefined;
    const [view] = await this.withTimelines(rows);
    return { ...view, vendorId: rows[0].vendor_id };
  }

  private async withTimelines(rows: Row[]): Promise<BreachView[]> {
    const events: Array<{
      breach_id: string;
      at: Date;
      event: string;
      attainment: number | null;
      detail: Record<string, unknown> | null;
    }> = rows.length
      ? await this.dataSource.query(
          `SELECT breach_id, at, event, attainment, detail FROM breach_events WHERE breach_id = ANY($1::uuid[]) ORDER BY at, seq`,
          [rows.map((r) => r.id)],
        )
      : [];
    return rows.map((r) => ({
      id: r.id,
      contract: r.contract,
      vendor: r.vendor,
      objective: r.objective,
      ...(r.kind === 'deliverable' ? { deliverable: r.deliverable ?? undefined } : {}),
      kind: r.kind,
      severity: r.severity,
      status: r.status,
      period: { label: r.period_label, start: r.period_start.toISOString(), end: r.period_end.toISOString() },
      openedAt: r.opened_at.toISOString(),
      attainmentAtOpen: r.attainment_at_open,
      target: r.target,
      op: r.op,
      acknowledged:
        r.acknowledged_by && r.acknowledged_at
          ? { by: r.acknowledged_by, note: r.acknowledged_note, at: r.acknowledged_at.toISOString() }
          : null,
      resolvedAt: r.resolved_at?.toISOString() ?? null,
      finalizedAt: r.finalized_at?.toISOString() ?? null,
      timeline: events
        .filter((e) => e.breach_id === r.id)
        .map((e) => ({
          at: e.at.toISOString(),
          event: e.event,
          attainment: e.attainment,
          ...(e.detail ? { detail: e.detail } : {}),
        })),
    }));
  }

  /** Per contract and severity: breaches still open (or acknowledged) and all ever opened. */
  async countsBySeverity(contractIds: string[]): Promise<BreachCount[]> {
    const rows: Array<{ contract_id: string; severity: string; open: string; opened: string }> =
      await this.dataSource.query(
        `SELECT contract_id, severity, count(*) FILTER (WHERE status IN ('open', 'acknowledged')) AS open, count(*) AS opened
           FROM breaches WHERE contract_id = ANY($1::uuid[]) GROUP BY 1, 2`,
        [contractIds],
      );
    return rows.map((r) => ({
      contractId: r.contract_id,
      severity: r.severity,
      open: Number(r.open),
      opened: Number(r.opened),
    }));
  }
}
