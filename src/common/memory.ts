import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Heap growth over a piece of work above which it hands memory back (below, V8's own pace is fine). */
const GROWTH_BYTES = 64 * 1024 * 1024;

let collect: (() => void) | undefined;

/**
 * A pass over thousands of objectives grows V8's heap to several times what stays alive after it,
 * and V8 gives the pages back only slowly, so the process would sit at its peak between passes (the
 * resident-memory target in docs/performance.md). After a pass that grew the heap by more than 64 MB since
 * `heapBefore` (its `process.memoryUsage().heapTotal` at the start), one full collection (tens of
 * milliseconds, once per such pass) compacts it and returns the free pages. Small passes never pay
 * for it. `gc` is reached without a command-line flag.
 */
export function releaseUnusedHeap(heapBefore: number): boolean {
  if (process.memoryUsage().heapTotal - heapBefore < GROWTH_BYTES) return false;
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  return true;
}
