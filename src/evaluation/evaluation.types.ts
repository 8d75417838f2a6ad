import type { ContractSpec, Objective } from '../contracts/domain/contract.types';
import type { Interval } from '../common/time/intervals';
import type { Figures } from './domain/judge';
import type { ObjectiveWindow } from '../contracts/domain/window';
import type { Instant } from '../common/time/instant';

/** One objective to evaluate in a tick, with its window already worked out. */
export interface EvaluationTask {
  contractId: string;
  contractKey: string;
  contractVersion: number;
  vendorId: string;
  vendorKey: string;
  objectiveId: string;
  contract: ContractSpec;
  objective: Objective;
  window: ObjectiveWindow;
  /** The last hour of measured time: the burn-rate window. */
  lastHour: Interval[];
}

/** Computes figures for the tasks of one or more kinds; results in the tasks' order. */
export interface IndicatorEvaluator {
  evaluate(tasks: EvaluationTask[], now: Instant): Promise<Figures[]>;
}
