import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

// Preloaded into the service by bench:metrics (NODE_OPTIONS=--require …/loop-probe.js) with
// BENCH_LOOP_FILE set: an event-loop delay histogram of its own, never reset by a scrape. On SIGUSR2
// it writes what it recorded since the previous signal to BENCH_LOOP_FILE (JSON, milliseconds) and
// starts again. prom-client's nodejs_eventloop_lag_* cannot serve here: its collect() resets its
// histogram at the start of each scrape, and the first timer tick after a reset records nothing, so
// the stall of the scrape that reset it is never recorded.

export interface LoopStats {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

const file = process.env.BENCH_LOOP_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  process.on('SIGUSR2', () => {
    const empty = histogram.count === 0;
    const ms = (ns: number) => (empty ? 0 : ns / 1e6);
    const stats: LoopStats = {
      count: histogram.count,
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
    };
    writeFileSync(file, JSON.stringify(stats));
    histogram.reset();
  });
}
