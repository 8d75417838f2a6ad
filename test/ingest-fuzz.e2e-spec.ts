import fc from 'fast-check';
import { EXAMPLE_CONTRACT_YAML, putContractYaml, putVendor, vendorToken } from './support/fixtures';
import { MAX_SAMPLE_MAGNITUDE } from '../src/ingest/domain/samples';
import { HOSTILE_VALUES, isUnstorable, withValueAt } from './support/security-hostile';
import { createTestApp, type TestApp } from './support/test-app';

// docs/performance.md: ≥ 10 000 generated payloads to the ingest endpoints: no 5xx, and what is accepted reads back.
const SAMPLE_RUNS = 6000;
const EVENT_RUNS = 4000;
const READBACK_RUNS = 300;
const NOW = new Date('2027-03-02T12:00:00Z');

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom('\u0000', '\ud800', 'a\r\nb', '', ' ', 'x'.repeat(3000), '𝔘𝔫𝔦', '__proto__', 'constructor'),
);
const timestamp = fc.oneof(
  fc
    .date({
      min: new Date('2026-12-01T00:00:00Z'),
      max: new Date('2027-03-02T12:10:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '2027-02-30T00:00:00Z',
    '2027-03-01T10:00:00',
    '9999-12-31T23:59:59Z',
    '0001-01-01T00:00:00Z',
    '0000-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '-271821-04-20T00:00:00Z',
    '2027-03-01T10:00:00.1234567Z',
    '1e9',
    '',
  ),
  fc.integer().map(String),
);
const numberText = fc.oneof(
  fc.double().map((d) => (Number.isFinite(d) ? JSON.stringify(d) : String(d))), // NaN and Infinity make the JSON invalid
  fc.constantFrom(
    '1e400',
    '-1e400',
    '0',
    '-0',
    '1.7976931348623157e308',
    '1e308',
    '-1e308',
    '1.7e308',
    '123456789012345678901234567890123456789',
    '5e-324',
    '"12"',
    'null',
    'true',
    '[]',
    '{}',
  ),
);
const deep = fc.integer({ min: 1, max: 2000 }).map((n) => '['.repeat(n) + ']'.repeat(n));
const labels = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.oneof(fc.constantFrom('region', 'az', '__proto__', '1bad', ''), nasty), nasty, {
    maxKeys: 18,
  }),
  fc.constantFrom('"string"', '[1,2]', 'null'),
);

/** Raw JSON text, so invalid numbers, deep nesting and odd escapes reach the parser as sent. */
const sampleText = fc
  .record({
    metric: fc.oneof(fc.constantFrom('portal_requests', 'm.x:y-z', 'bad metric', ''), nasty),
    value: numberText,
    ts: timestamp,
    labels,
  })
  .map(
    ({ metric, value, ts, labels: l }) =>
      `{"metric":${JSON.stringify(metric)},"value":${value},"timestamp":${JSON.stringify(ts)}${
        l === undefined ? '' : `,"labels":${typeof l === 'string' ? l : JSON.stringify(l)}`
      }}`,
  );
const samplesBody = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.array(sampleText, { maxLength: 20 }).map((items) => `{"samples":[${items.join(',')}]}`),
  },
  { weight: 1, arbitrary: deep.map((d) => `{"samples":${d}}`) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(nasty, fc.json())
      .map((x) => (typeof x === 'string' && x.startsWith('{') ? x : JSON.stringify({ samples: x }))),
  },
);
const eventText = fc
  .record({
    item: fc.oneof(fc.constantFrom('ticket', 'change'), nasty),
    id: fc.oneof(fc.constantFrom('INC-1', 'INC-2'), nasty),
    action: fc.oneof(fc.constantFrom('opened', 'resolved', 'paused'), nasty),
    ts: timestamp,
    attributes: fc.oneof(
      fc.constant(undefined),
      fc.dictionary(nasty, fc.oneof(nasty, fc.integer(), fc.boolean(), fc.constant(null)), { maxKeys: 34 }),
    ),
  })
  .map((e) =>
    JSON.stringify({ item: e.item, id: e.id, action: e.action, timestamp: e.ts, attributes: e.attributes }),
  );
const eventsBody = fc.array(eventText, { maxLength: 10 }).map((items) => `{"events":[${items.join(',')}]}`);

describe('ingest under generated payloads', () => {
  let t: TestApp;
  let token: string;
  const seen: Record<string, number> = {};

  beforeAll(async () => {
    t = await createTestApp({ INGEST_RATE_LIMIT: '1000000' });
    await putVendor(t, 'acme');
    await putContractYaml(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML);
    token = await vendorToken(t, 'acme');
    t.setNow(NOW);
  });
  afterAll(async () => {
    await t.close();
    process.stdout.write(`ingest fuzz statuses: ${JSON.stringify(seen)}\n`);
  });

  const post = (url: string, payload: string) =>
    t.request({ method: 'POST', url, token, headers: { 'content-type': 'application/json' }, payload });

  function check(status: number, body: string): void {
    seen[status] = (seen[status] ?? 0) + 1;
    expect(status).toBeLessThan(500);
    if (status === 200) {
      const answer = JSON.parse(body) as { rejected: Array<{ index: number; reason: string }> };
      for (const r of answer.rejected) expect(r.reason).toMatch(/^[a-z_]+$/);
    }
  }

  it(`never answers 5xx for ${SAMPLE_RUNS} generated sample payloads`, async () => {
    await fc.assert(
      fc.asyncProperty(samplesBody, async (body) => {
        const res = await post('/api/v1/samples', body);
        check(res.statusCode, res.body);
      }),
      { numRuns: SAMPLE_RUNS },
    );
  }, 300_000);

  it(`never answers 5xx for ${EVENT_RUNS} generated event payloads`, async () => {
    await fc.assert(
      fc.asyncProperty(eventsBody, async (body) => {
        const res = await post('/api/v1/events', body);
        check(res.statusCode, res.body);
      }),
      { numRuns: EVENT_RUNS },
    );
  }, 300_000);

  const SAMPLE = {
    metric: 'portal_requests',
    value: 1,
    timestamp: '2027-03-02T10:00:00Z',
    labels: { az: 'a' },
  };
  const EVENT = {
    item: 'ticket',
    id: 'INC-9',
    action: 'opened',
    timestamp: '2027-03-02T10:00:00Z',
    attributes: { priority: 'P1' },
  };
  const FIELDS: Array<[string, Array<string | number>, object]> = [
    ...['metric', 'value', 'timestamp'].map((f): [string, Array<string | number>, object] => [
      '/api/v1/samples',
      ['samples', 0, f],
      { samples: [SAMPLE] },
    ]),
    ['/api/v1/samples', ['samples', 0, 'labels', 'az'], { samples: [SAMPLE] }],
    ...['item', 'id', 'action', 'timestamp'].map((f): [string, Array<string | number>, object] => [
      '/api/v1/events',
      ['events', 0, f],
      { events: [EVENT] },
    ]),
    ['/api/v1/events', ['events', 0, 'attributes', 'priority'], { events: [EVENT] }],
  ];

  it.each(FIELDS)(
    '%s: NUL, lone surrogates, 1 MB strings, extreme numbers and dates at %j reject the element, never a 5xx',
    async (url, at, valid) => {
      const failures: string[] = [];
      for (const [label, raw] of HOSTILE_VALUES) {
        const res = await post(url, withValueAt(valid, at, raw));
        const rejected =
          res.statusCode === 200 ? res.json<{ rejected: Array<{ reason: string }> }>().rejected : [];
        // Text PostgreSQL cannot store never gets in: the element is rejected with a reason.
        if (res.statusCode >= 500 || (isUnstorable(label) && res.statusCode === 200 && rejected.length !== 1))
          failures.push(`${label}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      }
      expect(failures).toEqual([]);
    },
  );

  it(`reads back every accepted sample exactly (${READBACK_RUNS} payloads)`, async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            // Only values ingest accepts (±(2^53 − 1)): a refused one would not read back.
            value: fc.double({
              noNaN: true,
              min: -MAX_SAMPLE_MAGNITUDE,
              max: MAX_SAMPLE_MAGNITUDE,
            }),
            offsetMs: fc.integer({ min: 0, max: 86_400_000 }),
            region: fc.string({ unit: 'grapheme', maxLength: 10 }).filter((s) => !s.includes('\u0000')),
          }),
          { minLength: 1, maxLength: 10 },
        ),
        async (items) => {
          const metric = `readback_${n++}`; // a fresh series per run: first write wins, so no collisions
          const samples = items.map((i) => ({
            metric,
            value: i.value,
            timestamp: new Date(NOW.getTime() - 86_400_000 + i.offsetMs).toISOString(),
            labels: { region: i.region },
          }));
          // Sent as written, so a -0 value reaches the service as -0 (JSON.stringify would write 0).
          const text = `{"samples":[${samples
            .map(
              (x) =>
                `{"metric":"${x.metric}","value":${Object.is(x.value, -0) ? '-0' : JSON.stringify(x.value)},"timestamp":"${x.timestamp}","labels":${JSON.stringify(x.labels)}}`,
            )
            .join(',')}]}`;
          const res = await post('/api/v1/samples', text);
          expect(res.statusCode).toBe(200);
          const rows: Array<{ ts: Date; value: number; region: string }> = await t.dataSource.query(
            `SELECT x.ts, x.value, s.labels->>'region' AS region FROM samples x JOIN series s ON s.id = x.series_id WHERE s.metric = $1`,
            [metric],
          );
          const firstWins = new Map<string, { value: number; region: string }>();
          for (const s of samples) {
            const key = `${s.labels.region}\u0000${s.timestamp}`;
            if (!firstWins.has(key)) firstWins.set(key, { value: s.value, region: s.labels.region });
          }
          expect(res.json<{ accepted: number }>().accepted).toBe(firstWins.size);
          for (const row of rows) {
            const expected = firstWins.get(`${row.region}\u0000${row.ts.toISOString()}`);
            expect(expected).toBeDefined();
            // Exact float8 round trip, down to the sign of zero.
            expect(row.value).toBe(expected?.value);
          }
          expect(rows).toHaveLength(firstWins.size);
        },
      ),
      { numRuns: READBACK_RUNS },
    );
  }, 300_000);
});
