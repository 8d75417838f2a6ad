// Isolation of batched work: work runs for many items (contracts of a pass, ingest batches of a fold) at
// once, because batched statements are what keep it fast, and when a group fails it is split in halves
// until the failing items stand alone. k failing items among n cost O(k·log n) extra calls, and the
// healthy ones still get through.

export interface IsolationOutcome<C, R> {
  /** What `work` answered for every group that succeeded. */
  results: R[];
  /** The items whose work failed alone, with the error. */
  failed: Array<{ item: C; error: unknown }>;
}

/**
 * Runs `work` over `items`: first those known to fail one by one (no batch should wait on them), then
 * all others together, bisecting a failing group down to single items. An error `abort` recognizes
 * (a database that is away: every item would fail alike) is rethrown at once instead of bisected.
 */
export async function runIsolated<C, R>(
  items: readonly C[],
  work: (group: C[]) => Promise<R>,
  options: { suspect?: (item: C) => boolean; abort?: (error: unknown) => boolean } = {},
): Promise<IsolationOutcome<C, R>> {
  const suspect = options.suspect ?? (() => false);
  const outcome: IsolationOutcome<C, R> = { results: [], failed: [] };
  const attempt = async (group: C[]): Promise<void> => {
    if (group.length === 0) return;
    try {
      outcome.results.push(await work(group));
    } catch (error) {
      if (options.abort?.(error)) throw error;
      if (group.length === 1) {
        outcome.failed.push({ item: group[0], error });
        return;
      }
      const half = Math.ceil(group.length / 2);
      await attempt(group.slice(0, half));
      await attempt(group.slice(half));
    }
  };
  const alone = items.filter(suspect);
  for (const c of alone) await attempt([c]);
  await attempt(items.filter((c) => !suspect(c)));
  return outcome;
}
