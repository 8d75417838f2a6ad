import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Heap size above which a finished pass hands memory back (below it, V8's own pace is fine). */
const LARGE_HEAP_BYTES = 128 * 1024 * 1024;

let collect: (() => void) | undefined;

/**
 * A pass over thousands of objectives grows V8's heap to several times what stays alive after it,
 * and V8 gives the pages back only slowly, so the process would sit at its peak between passes (the
 * resident-memory target of targets.md). After a pass that left a large heap, one full collection
 * (tens of milliseconds, once per pass) compacts it and returns the free pages. `gc` is reached
 * without a command-line flag.
 */
export function releaseUnusedHeap(): boolean {
  if (process.memoryUsage().heapTotal < LARGE_HEAP_BYTES) return false;
  if (!collect) {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as () => void;
  }
  collect();
  return true;
}
