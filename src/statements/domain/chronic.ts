// Chronic breach (`spec.chronic`): an objective breached in at least N of its last M closed periods.

/** `statuses`: the objective's final statuses, newest first, the period just closed included. */
export function isChronic(statuses: readonly string[], rule: { breaches: number; periods: number }): boolean {
  return statuses.slice(0, rule.periods).filter((s) => s === 'breached').length >= rule.breaches;
}
