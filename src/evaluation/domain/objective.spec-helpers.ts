// An objective to build spec cases from (shared by judge.spec.ts and statements.spec.ts; not a suite,
// and the build leaves *.spec-helpers.ts out of dist).
import type { Objective } from '../../contracts/domain/contract.types';

/** A monthly ratio objective, >= 99.9 % with warnAt 75 and no credits, overridden by `over`. */
export const objective = (over: Partial<Objective> = {}): Objective => ({
  key: 'o',
  title: 'O',
  responsible: 'vendor',
  severity: 'major',
  indicator: { kind: 'ratio', good: 'ok', total: 'all' },
  objective: { op: 'gte', target: 99.9 },
  period: { type: 'calendar', unit: 'month' },
  excludeMaintenance: true,
  warnAt: 75,
  missingData: 'ignore',
  minEvents: 1,
  credits: [],
  ...over,
});
