import { putContractJson, putVendor } from './support/fixtures';
import { median, stallOf } from './support/event-loop-stall';
import { atTheLimit } from './support/largest-contract';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';

// The worst contract the validator accepts, applied and evaluated: every list at its longest, year
// periods, one-minute timeslices, 48 maintenance starts a day, calendars of 1 000 holidays. The
// event loop must keep serving requests: no stall over 100 ms while passes run.

/**
 * Applying a 2 MiB document (admin only: a vendor cannot send one): parse, checks, validation and
 * storage, each a separate turn. 50-80 ms on an idle box, up to 120 ms while CI shares the two cores.
 */
const STALL_MS = 150;
/** A pass: the time-zone work is cached and warmed in monthly steps, so the loop moves freely. */
const PASS_STALL_MS = 50;

describe('the worst contract the validator accepts', () => {
  let t: TestApp;
  const { doc } = atTheLimit({ period: 'year', slice: '1m' });
  beforeAll(async () => {
    t = await createTestApp({ LOG_LEVEL: process.env.PROBE_LOG ?? 'silent' });
    t.setNow(new Date('2027-01-02T00:00:00Z'));
    await putVendor(t, doc.spec.vendor);
  });
  afterAll(async () => {
    await t.close();
  });

  // Each step several times, judged by the median (see stallOf).
  it('is applied (five times) without stalling the event loop 150 ms', async () => {
    const stalls: number[] = [];
    for (let i = 0; i < 5; i++) {
      stalls.push(
        await stallOf(async () => {
          const res = await putContractJson(t, doc.metadata.key, doc);
          expect(res.statusCode).toBe(i === 0 ? 201 : 200);
        }),
      );
    }
    process.stdout.write(
      `worst contract: applied, longest stalls ${stalls.map((s) => s.toFixed(0)).join(', ')} ms\n`,
    );
    expect(median(stalls)).toBeLessThan(STALL_MS);
  });

  // Five passes, not three: with one cold pass, the median of three was the worse of two warm ones,
  // and one pass disturbed by other work on the two cores (58 ms in a CI run where the same passes
  // measured 30 and 31 ms alone) failed the suite.
  it('is evaluated (five passes, the first one cold) without stalling the event loop 50 ms', async () => {
    const stalls: number[] = [];
    for (const minute of [0, 1, 2, 3, 4]) {
      const at = `2027-06-30T12:0${minute}:00Z`;
      t.setNow(new Date(at));
      const started = performance.now();
      stalls.push(
        await stallOf(async () => {
          const res = await t.request({ method: 'POST', url: '/api/v1/evaluations', token: ADMIN_TOKEN });
          expect(res.statusCode).toBe(200);
          expect(res.json()).toMatchObject({ objectives: 200 });
        }),
      );
      process.stdout.write(
        `worst contract: pass ${(performance.now() - started).toFixed(0)} ms, longest stall ${stalls[stalls.length - 1].toFixed(0)} ms\n`,
      );
    }
    expect(median(stalls)).toBeLessThan(PASS_STALL_MS);
  });
});
