import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The timing suites run in a Jest worker whose heap holds what earlier test files left: a full
// collection of it can land inside a measured step and stall the loop for reasons that are not the
// service's. Collect before each measured step, so the steps measure the service's own work (its
// minor collections included), as in a service process that runs only the service.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** The longest event-loop stall while `step` runs, in ms. */
export async function stallOf(step: () => Promise<void>): Promise<number> {
  collect();
  // Let the collection's follow-up work (sweeping, finalizers) run before measuring: measured right
  // after a forced collection, a 15 ms pass showed 60-80 ms stalls.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  await step();
  histogram.disable();
  return histogram.max / 1e6;
}

/**
 * The median: another process taking the two shared cores lengthens one run, while a step that
 * blocks, blocks every time.
 */
export const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
