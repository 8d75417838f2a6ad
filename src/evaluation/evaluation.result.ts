import type { IndicatorKind, Op } from '../contracts/domain/contract.types';
import type { Judgement } from './domain/judge';

/** One objective's evaluation: what status, /metrics and statements show. Times in Unix ms. */
export interface ObjectiveResult extends Judgement {
  objectiveId: string;
  contractId: string;
  contractKey: string;
  contractVersion: number;
  vendorKey: string;
  key: string;
  title: string;
  responsible: string;
  severity: string;
  /** `month`, `quarter`, `7d`, …: the objective's period as written. */
  periodText: string;
  kind: IndicatorKind;
  evaluatedAt: number;
  period: { label: string; start: number; end: number };
  /** Fraction for percentage kinds, metric unit for thresholds. */
  target: number;
  op: Op;
  measuredSeconds: number;
  excludedSeconds: number;
}
