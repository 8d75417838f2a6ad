// Contract isolation in a pass: work runs for many contracts at once (batched statements are what keep
// a pass fast), and when a batch fails it is split in halves until the failing contracts stand alone.
// k failing contracts among n cost O(k·log n) extra calls, and the healthy ones still get through.

export interface IsolationOutcome<C, R> {
  /** What `work` answered for every group that succeeded. */
  results: R[];
  /** The contracts whose work failed alone, with the error. */
  failed: Array<{ contract: C; error: unknown }>;
}

/**
 * Runs `work` over `contracts`: first those known to fail one by one (no batch should wait on them),
 * then all others together, bisecting a failing group down to single contracts.
 */
export async function runIsolated<C, R>(
  contracts: readonly C[],
  work: (group: C[]) => Promise<R>,
  suspect: (contract: C) => boolean = () => false,
): Promise<IsolationOutcome<C, R>> {
  const outcome: IsolationOutcome<C, R> = { results: [], failed: [] };
  const attempt = async (group: C[]): Promise<void> => {
    if (group.length === 0) return;
    try {
      outcome.results.push(await work(group));
    } catch (error) {
      if (group.length === 1) {
        outcome.failed.push({ contract: group[0], error });
        return;
      }
      const half = Math.ceil(group.length / 2);
      await attempt(group.slice(0, half));
      await attempt(group.slice(half));
    }
  };
  const alone = contracts.filter(suspect);
  for (const c of alone) await attempt([c]);
  await attempt(contracts.filter((c) => !suspect(c)));
  return outcome;
}
