import { ADMIN, api, arg, freshDatabase, line, startService } from './support';
import { evaluate } from './objectives-load';

// npm run bench:late-counters [-- --points 200000 --late 200]
// What a late cumulative point costs the fold as its series grows: a hostile or careless vendor can
// send a point older than everything stored, and the fold must not re-read the series after it.
// For a short series (1 000 points) and a long one (--points), in the same run on the same service:
// load the series (in order, folded), then time a pass folding --late points placed among its oldest
// 1 000 points (one request each), against a pass folding the same number of in-order points (the
// baseline). The late/in-order ratio must not grow with the series.

const LONG = arg('points', 200_000);
const LATE = arg('late', 200);
const STEP_MS = 5_000;
const CHUNK = 10_000;

async function post(base: string, token: string, samples: object[]): Promise<void> {
  for (let i = 0; i < samples.length; i += CHUNK) {
    const res = (await api(base, 'POST', '/api/v1/samples', token, {
      samples: samples.slice(i, i + CHUNK),
    })) as { rejected: unknown[] };
    if (res.rejected.length > 0) throw new Error(`rejected: ${JSON.stringify(res.rejected[0])}`);
  }
}

async function main(): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const db = await freshDatabase(server);
  const service = await startService(db.url, { LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn' });
  try {
    await api(service.base, 'PUT', '/api/v1/vendors/acme', ADMIN, { name: 'Acme' });
    // The series end now and run back LONG × 5 s (about 12 days for 200 000): inside one open month.
    const end = Math.floor(Date.now() / STEP_MS) * STEP_MS - 60_000;
    const start = end - LONG * STEP_MS;
    const from = new Date(start - 86_400_000).toISOString().slice(0, 10);
    await api(service.base, 'PUT', '/api/v1/contracts/late-counters', ADMIN, {
      apiVersion: 'sla-sentinel/v1',
      kind: 'Contract',
      metadata: { key: 'late-counters', title: 'Late counters' },
      spec: {
        vendor: 'acme',
        timezone: 'UTC',
        effective: { from },
        // One selector per series: a corrected hour is rebuilt for the metric and for the selector.
        objectives: ['short', 'long'].map((size) => ({
          key: `requests-${size}`,
          title: `Requests counted (${size})`,
          responsible: 'vendor',
          indicator: { kind: 'threshold', metric: `req_total{size="${size}"}`, aggregate: 'sum' },
          objective: '<= 1000000000000',
          period: '30d',
        })),
      },
    });
    const { token } = (await api(service.base, 'POST', '/api/v1/vendors/acme/api-keys', ADMIN, {})) as {
      token: string;
    };
    const point = (size: string, ts: number, value: number) => ({
      metric: 'req_total',
      labels: { size },
      timestamp: new Date(ts).toISOString(),
      value,
      cumulative: true,
    });
    const ratios: number[] = [];
    for (const [size, points] of [
      ['short', 1_000],
      ['long', LONG],
    ] as const) {
      // Even seconds hold the series; the late points take odd ones before them.
      const base = end - points * STEP_MS;
      await post(
        service.base,
        token,
        Array.from({ length: points }, (_, i) => point(size, base + i * STEP_MS, i * 3)),
      );
      await evaluate(service.base);
      // Baseline: LATE in-order points after the newest, one request each, then the pass that folds them.
      for (let i = 0; i < LATE; i++)
        await post(service.base, token, [point(size, end + 1_000 + i * 10, points * 3 + i)]);
      const inOrder = (await evaluate(service.base)).durationMs;
      // LATE late points among the oldest 1 000 of either series (the same hours to rebuild), each
      // between two stored points: all the rest of the long series lies after them.
      for (let i = 0; i < LATE; i++) {
        const k = Math.floor((i * 1_000) / LATE);
        await post(service.base, token, [point(size, base + k * STEP_MS + 1_000, k * 3 + 1)]);
      }
      const late = (await evaluate(service.base)).durationMs;
      ratios.push(late / inOrder);
      line(
        `${size} series (${points} points)`,
        `pass folding ${LATE} late points ${late} ms, ${LATE} in-order points ${inOrder} ms (late/in-order ${(late / inOrder).toFixed(2)})`,
      );
    }
    line('late/in-order, long vs short series', `${(ratios[1] / ratios[0]).toFixed(2)}x`);
  } finally {
    await service.stop();
    await db.drop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
