import { setImmediate } from 'node:timers/promises';

// Long pure computations written as generators: each `yield` marks a point where a server may hand
// the event loop back. Callers that are not serving anything run them straight through.

/** Work in steps: yields nothing, returns T. */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Runs the steps with a turn of the event loop between them, so requests are served in between. */
export async function runStepsInTurns<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await setImmediate();
  }
}
