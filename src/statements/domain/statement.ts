import type { CalendarUnit, ContractSpec, Objective } from '../../contracts/domain/contract.types';
import type { DeliverableStatus } from '../../contracts/domain/deliverable-status';
import type { Period } from '../../common/time/calendar';
import type { Status } from '../../evaluation/domain/judge';
import {
  amountOf,
  contractCredit,
  type ContractCredit,
  type CreditLine,
  periodMonths,
  tierCredit,
} from './credits';
import { isoAt, finiteOrNull } from '../../common/values';

// A period statement (docs/api.md, statements): every objective's final figures, breaches and credit,
// the deliverables due in the period, and the contract's credit. Pure: built from engine results.

export interface ObjectiveFigures {
  key: string;
  status: Status;
  attainment: number | null;
  target: number;
  op: string;
  counted: number;
  excludedSeconds: number;
}

export interface StatementObjective {
  key: string;
  title: string;
  kind: string;
  status: 'met' | 'breached' | 'no_data';
  attainment: number | null;
  target: number;
  op: string;
  counted: number;
  excludedSeconds: number;
  breaches: string[];
  credit: CreditLine;
}

export interface StatementDeliverable {
  key: string;
  due: string;
  status: DeliverableStatus;
  deliveredAt: string | null;
}

export interface StatementBody {
  contract: string;
  contractVersion: number;
  version: number | null;
  final: boolean;
  closedAt: string | null;
  unit: CalendarUnit;
  period: { label: string; start: string; end: string };
  objectives: StatementObjective[];
  deliverables: StatementDeliverable[];
  credit: ContractCredit;
  previousSha256: string | null;
  restatement?: { reason: string; by: string };
}

/** Fee of a period of `unit`: monthly fee × months (none for day and week). */
export function periodFee(spec: ContractSpec, unit: CalendarUnit): number | undefined {
  const months = periodMonths({ period: { type: 'calendar', unit } } as Objective);
  return spec.fees && months !== undefined ? spec.fees.monthly * months : undefined;
}

export function buildStatement(input: {
  spec: ContractSpec;
  contractKey: string;
  contractVersion: number;
  version: number | null;
  final: boolean;
  closedAt: number | null;
  unit: CalendarUnit;
  period: Period;
  objectives: Objective[];
  figures: ObjectiveFigures[];
  breaches: Map<string, string[]>;
  deliverables: StatementDeliverable[];
  previousSha256: string | null;
  restatement?: { reason: string; by: string };
}): StatementBody {
  const fee = periodFee(input.spec, input.unit);
  const objectives = input.objectives.flatMap((o): StatementObjective[] => {
    const f = input.figures.find((x) => x.key === o.key);
    if (!f) return [];
    const attainment = finiteOrNull(f.attainment);
    const status = f.status === 'at_risk' ? 'met' : f.status;
    const percent =
      periodMonths(o) === undefined || status === 'no_data' ? 0 : tierCredit(o, attainment, o.credits);
    return [
      {
        key: o.key,
        title: o.title,
        kind: o.indicator.kind,
        status,
        attainment,
        target: f.target,
        op: f.op,
        counted: f.counted,
        excludedSeconds: f.excludedSeconds,
        breaches: input.breaches.get(o.key) ?? [],
        credit: { percent, amount: amountOf(percent, fee) },
      },
    ];
  });
  return {
    contract: input.contractKey,
    contractVersion: input.contractVersion,
    version: input.version,
    final: input.final,
    closedAt: input.closedAt === null ? null : isoAt(input.closedAt),
    unit: input.unit,
    period: { label: input.period.label, start: isoAt(input.period.start), end: isoAt(input.period.end) },
    objectives,
    deliverables: input.deliverables,
    credit: contractCredit(
      objectives.map((o) => o.credit),
      input.spec.creditCap,
      fee,
      input.spec.fees?.currency,
    ),
    previousSha256: input.previousSha256,
    ...(input.restatement ? { restatement: input.restatement } : {}),
  };
}

const CSV_HEADER = [
  'row',
  'key',
  'status',
  'attainment',
  'target',
  'op',
  'counted',
  'excludedSeconds',
  'breaches',
  'creditPercent',
  'creditAmount',
  'currency',
  'capped',
];

function cell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  // Quote what CSV needs quoted, and defuse spreadsheet formulas (=, +, -, @ at the start of text).
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** One row per objective, then the contract's credit row (docs/api.md). */
export function statementCsv(s: StatementBody): string {
  const rows: Array<Array<string | number | boolean | null | undefined>> = [CSV_HEADER];
  for (const o of s.objectives) {
    rows.push([
      'objective',
      o.key,
      o.status,
      o.attainment,
      o.target,
      o.op,
      o.counted,
      o.excludedSeconds,
      o.breaches.join(' '),
      o.credit.percent,
      o.credit.amount,
      s.credit.currency,
      '',
    ]);
  }
  rows.push([
    'contract',
    s.contract,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
    s.credit.percent,
    s.credit.amount,
    s.credit.currency,
    s.credit.capped,
  ]);
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}
