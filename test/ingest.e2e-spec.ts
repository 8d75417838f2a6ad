import { gzipSync } from 'node:zlib';
import {
  contractDoc,
  createContract,
  EXAMPLE_CONTRACT_YAML,
  latencyObjective,
  putContractYaml,
  putVendor,
  vendorToken,
} from './support/fixtures';
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app';

const NOW = new Date('2027-03-02T12:00:00Z');

interface Answer {
  accepted: number;
  duplicates: number;
  rejected: Array<{ index: number; reason: string; message: string }>;
}

describe('POST /api/v1/samples and /api/v1/events', () => {
  let t: TestApp;
  let acme: string;
  let globex: string;

  beforeAll(async () => {
    t = await createTestApp({ INGEST_RATE_LIMIT: '1000' });
    await putVendor(t, 'acme');
    await putVendor(t, 'globex');
    expect((await putContractYaml(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML)).statusCode).toBe(201);
    acme = await vendorToken(t, 'acme');
    globex = await vendorToken(t, 'globex');
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(async () => {
    t.setNow(NOW);
    await t.dataSource.query(
      // Series stay: the service caches their ids, as in production where series are never deleted.
      'TRUNCATE samples, ingest_batches, work_items, work_item_events, idempotency_keys',
    );
  });

  const push = (payload: unknown, token = acme, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: '/api/v1/samples', token, payload: payload as object, headers });
  const pushEvents = (payload: unknown, token = acme, headers: Record<string, string> = {}) =>
    t.request({ method: 'POST', url: '/api/v1/events', token, payload: payload as object, headers });

  async function stored(): Promise<Array<{ metric: string; labels: object; ts: string; value: number }>> {
    return t.dataSource.query(
      `SELECT s.metric, s.labels, to_char(x.ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') AS ts, x.value
         FROM samples x JOIN series s ON s.id = x.series_id ORDER BY s.metric, x.ts`,
    );
  }

  it('stores valid samples exactly (microseconds, labels) and answers after the commit', async () => {
    const res = await push({
      samples: [
        { metric: 'portal_requests', value: 1200, timestamp: '2027-03-02T10:15:00+02:00' },
        {
          metric: 'portal_requests_ok',
          value: 1199.5,
          timestamp: '2027-03-02T10:15:00.123456+02:00',
          labels: { region: 'tlv' },
        },
      ],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
    expect(await stored()).toEqual([
      { metric: 'portal_requests', labels: {}, ts: '2027-03-02T08:15:00.000000', value: 1200 },
      {
        metric: 'portal_requests_ok',
        labels: { region: 'tlv' },
        ts: '2027-03-02T08:15:00.123456',
        value: 1199.5,
      },
    ]);
  });

  it('gives every sample its own timestamp when a push repeats a few of them in any order', async () => {
    // The service sends a push's distinct timestamps once and a position per row.
    const stamps = ['2027-03-02T10:00:00Z', '2027-03-02T10:00:00.000001Z', '2027-03-02T12:00:00+03:00'];
    const order = [2, 0, 1, 0, 2, 1, 1, 0];
    const res = await push({
      samples: order.map((k, i) => ({
        metric: `rep_${i % 3}`,
        value: i,
        timestamp: stamps[k],
        labels: { n: String(i) },
      })),
    });
    expect(res.json()).toEqual({ accepted: 8, duplicates: 0, rejected: [] });
    const utc = ['2027-03-02T10:00:00.000000', '2027-03-02T10:00:00.000001', '2027-03-02T09:00:00.000000'];
    const byValue = new Map((await stored()).map((r) => [r.value, r.ts]));
    expect(order.map((_, i) => byValue.get(i))).toEqual(order.map((k) => utc[k]));
  });

  it('never stores a sample twice: retries and duplicates inside one request are counted as duplicates', async () => {
    const body = {
      samples: [
        { metric: 'm', value: 1, timestamp: '2027-03-02T10:00:00Z' },
        { metric: 'm', value: 2, timestamp: '2027-03-02T10:00:00Z' },
        { metric: 'm', value: 3, timestamp: '2027-03-02T12:00:00+02:00' },
      ],
    };
    expect((await push(body)).json()).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
    expect((await push(body)).json()).toEqual({ accepted: 0, duplicates: 3, rejected: [] });
    expect((await stored()).map((s) => s.value)).toEqual([1]); // first write wins
  });

  it('a push that meets stored samples stores only its new ones, leaving no trace of the first attempt', async () => {
    // A vendor that has not pushed yet: its first overlapping push tries the insert of only-new samples.
    await createContract(
      t,
      'initech-2027',
      contractDoc('initech-2027', { vendor: 'initech', objectives: [latencyObjective('lat', 'g')] }),
      { vendor: 'initech' },
    );
    t.setNow(NOW);
    const initech = await vendorToken(t, 'initech');
    const sample = (minute: number, value: number) => ({
      metric: 'g',
      value,
      timestamp: `2027-03-02T10:${String(minute).padStart(2, '0')}:00Z`,
    });
    expect((await push({ samples: [sample(0, 1), sample(1, 2)] }, initech)).json()).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [],
    });
    expect((await push({ samples: [sample(1, 20), sample(2, 3), sample(3, 4)] }, initech)).json()).toEqual({
      accepted: 2,
      duplicates: 1,
      rejected: [],
    });
    expect((await push({ samples: [sample(4, 5), sample(5, 6)] }, initech)).json()).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [],
    });
    expect((await stored()).map((s) => s.value)).toEqual([1, 2, 3, 4, 5, 6]);
    const batches = await t.dataSource.query(`SELECT submitted FROM ingest_batches ORDER BY id`);
    expect(batches.map((b: { submitted: number }) => b.submitted)).toEqual([2, 3, 2]);
  });

  it.each([
    ['a string value', { metric: 'm', value: '12', timestamp: '2027-03-02T10:00:00Z' }, 'invalid_value'],
    ['a missing value', { metric: 'm', timestamp: '2027-03-02T10:00:00Z' }, 'invalid_value'],
    [
      'a timestamp without offset',
      { metric: 'm', value: 1, timestamp: '2027-03-02T10:00:00' },
      'invalid_timestamp',
    ],
    ['an impossible date', { metric: 'm', value: 1, timestamp: '2027-02-30T10:00:00Z' }, 'invalid_timestamp'],
    ['a number timestamp', { metric: 'm', value: 1, timestamp: 1_800_000_000 }, 'invalid_timestamp'],
    [
      'a timestamp 6 minutes ahead',
      { metric: 'm', value: 1, timestamp: '2027-03-02T12:06:00Z' },
      'future_timestamp',
    ],
    [
      'a timestamp before every contract',
      { metric: 'm', value: 1, timestamp: '2026-12-31T21:59:59Z' },
      'before_contract',
    ],
    [
      'a metric with a space',
      { metric: 'bad metric', value: 1, timestamp: '2027-03-02T10:00:00Z' },
      'invalid_metric',
    ],
    [
      'a label that is not a string',
      { metric: 'm', value: 1, timestamp: '2027-03-02T10:00:00Z', labels: { a: 1 } },
      'invalid_labels',
    ],
    [
      '17 labels',
      {
        metric: 'm',
        value: 1,
        timestamp: '2027-03-02T10:00:00Z',
        labels: Object.fromEntries([...Array(17).keys()].map((i) => [`l${i}`, 'x'])),
      },
      'invalid_labels',
    ],
  ])('rejects %s by index with its reason, and stores the rest', async (_, bad, reason) => {
    const res = await push({ samples: [{ metric: 'ok', value: 1, timestamp: '2027-03-02T10:00:00Z' }, bad] });
    expect(res.statusCode).toBe(200);
    const answer = res.json<Answer>();
    expect(answer.accepted).toBe(1);
    expect(answer.rejected).toEqual([{ index: 1, reason, message: expect.any(String) as string }]);
  });

  it('accepts a timestamp 4 minutes ahead and one at the contract start', async () => {
    const res = await push({
      samples: [
        { metric: 'm', value: 1, timestamp: '2027-03-02T12:04:00Z' },
        { metric: 'm', value: 1, timestamp: '2027-01-01T00:00:00+02:00' },
      ],
    });
    expect(res.json()).toEqual({ accepted: 2, duplicates: 0, rejected: [] });
  });

  it.each([
    ['a body without samples', { data: [] }],
    ['samples that are not a list', { samples: {} }],
    ['an element that is not an object', { samples: [1] }],
    ['an extra top-level field', { samples: [], vendor: 'globex' }],
  ])('answers 400 for %s and stores nothing', async (_, payload) => {
    const res = await push(payload);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(await stored()).toEqual([]);
  });

  it('answers 413 over 10 000 samples and over 2 MiB decompressed', async () => {
    const many = {
      samples: [...Array(10_001).keys()].map(() => ({
        metric: 'm',
        value: 1,
        timestamp: '2027-03-02T10:00:00Z',
      })),
    };
    expect((await push(many)).statusCode).toBe(413);
    const huge = Buffer.from(
      JSON.stringify({
        samples: [
          { metric: 'm', value: 1, timestamp: '2027-03-02T10:00:00Z', pad: 'x'.repeat(3 * 1024 * 1024) },
        ],
      }),
    );
    const bomb = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token: acme,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(huge),
    });
    expect(bomb.statusCode).toBe(413);
  });

  it('accepts gzip bodies and refuses unknown encodings and content types', async () => {
    const body = gzipSync(
      Buffer.from(
        JSON.stringify({ samples: [{ metric: 'm', value: 7, timestamp: '2027-03-02T10:00:00Z' }] }),
      ),
    );
    const res = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token: acme,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: body,
    });
    expect(res.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const br = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token: acme,
      headers: { 'content-type': 'application/json', 'content-encoding': 'br' },
      payload: body,
    });
    expect(br.statusCode).toBe(415);
    const broken = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token: acme,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: Buffer.from('not gzip at all'),
    });
    expect(broken.statusCode).toBe(400);
    const csv = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token: acme,
      headers: { 'content-type': 'text/csv' },
      payload: 'm,1',
    });
    expect(csv.statusCode).toBe(415);
  });

  it('remembers an Idempotency-Key: the same body gets the first answer, another body 422', async () => {
    const body = { samples: [{ metric: 'm', value: 1, timestamp: '2027-03-02T10:00:00Z' }] };
    const first = await push(body, acme, { 'idempotency-key': 'batch-0001' });
    expect(first.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const retry = await push(body, acme, { 'idempotency-key': 'batch-0001' });
    expect(retry.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
    const other = await push(
      { samples: [{ metric: 'm', value: 2, timestamp: '2027-03-02T10:01:00Z' }] },
      acme,
      { 'idempotency-key': 'batch-0001' },
    );
    expect(other.statusCode).toBe(422);
    expect(other.json()).toMatchObject({ errors: [{ path: 'Idempotency-Key' }] });
    expect(await stored()).toHaveLength(1);
    // 24 hours later the key is forgotten.
    t.setNow(new Date(NOW.getTime() + 24 * 3_600_000 + 1000));
    const later = await push(
      { samples: [{ metric: 'm', value: 2, timestamp: '2027-03-02T10:01:00Z' }] },
      acme,
      { 'idempotency-key': 'batch-0001' },
    );
    expect(later.json()).toEqual({ accepted: 1, duplicates: 0, rejected: [] });
  });

  it('keeps vendors apart: the vendor comes from the token, and admin tokens cannot push', async () => {
    const sample = { metric: 'portal_requests', value: 5, timestamp: '2027-03-02T10:00:00Z' };
    expect((await push({ samples: [sample] })).json<Answer>().accepted).toBe(1);
    // globex has no contract, so it cannot write anything, least of all into acme's series.
    expect(
      (await push({ samples: [{ ...sample, value: 9 }] }, globex)).json<Answer>().rejected[0].reason,
    ).toBe('before_contract');
    expect((await push({ samples: [sample] }, ADMIN_TOKEN)).statusCode).toBe(403);
    const rows: Array<{ vendor: string; value: number }> = await t.dataSource.query(
      `SELECT v.key AS vendor, x.value FROM samples x JOIN series s ON s.id = x.series_id JOIN vendors v ON v.id = s.vendor_id`,
    );
    expect(rows).toEqual([{ vendor: 'acme', value: 5 }]);
  });

  it('stores work-item events in order, ignores duplicates and merges attributes (later events win)', async () => {
    const events = [
      {
        item: 'ticket',
        id: 'INC-1042',
        action: 'opened',
        timestamp: '2027-03-02T09:00:00+02:00',
        attributes: { priority: 'P2', team: 'desk' },
      },
      { item: 'ticket', id: 'INC-1042', action: 'responded', timestamp: '2027-03-02T09:10:00+02:00' },
      {
        item: 'ticket',
        id: 'INC-1042',
        action: 'escalated',
        timestamp: '2027-03-02T09:20:00+02:00',
        attributes: { priority: 'P1' },
      },
      {
        item: 'ticket',
        id: 'INC-1043',
        action: 'opened',
        timestamp: '2027-03-02T09:30:00+02:00',
        attributes: { priority: 'P3', big: 3, vip: true },
      },
    ];
    expect((await pushEvents({ events })).json()).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    // A retry stores nothing; an older event arriving late does not override a later one.
    expect((await pushEvents({ events })).json()).toEqual({ accepted: 0, duplicates: 4, rejected: [] });
    const late = {
      item: 'ticket',
      id: 'INC-1042',
      action: 'note',
      timestamp: '2027-03-02T09:05:00+02:00',
      attributes: { priority: 'P4', site: 'tlv' },
    };
    expect((await pushEvents({ events: [late] })).json()).toEqual({
      accepted: 1,
      duplicates: 0,
      rejected: [],
    });
    const items: Array<{ item_id: string; attributes: object }> = await t.dataSource.query(
      `SELECT item_id, attributes FROM work_items ORDER BY item_id`,
    );
    expect(items).toEqual([
      { item_id: 'INC-1042', attributes: { priority: 'P1', team: 'desk', site: 'tlv' } },
      { item_id: 'INC-1043', attributes: { priority: 'P3', big: 3, vip: true } },
    ]);
    const actions: Array<{ action: string }> = await t.dataSource.query(
      `SELECT action FROM work_item_events e JOIN work_items w ON w.id = e.work_item_id WHERE w.item_id = 'INC-1042' ORDER BY e.ts`,
    );
    expect(actions.map((a) => a.action)).toEqual(['opened', 'note', 'responded', 'escalated']);
  });

  it.each([
    [
      'a bad item',
      { item: 'tick et', id: 'A', action: 'opened', timestamp: '2027-03-02T09:00:00Z' },
      'invalid_item',
    ],
    [
      'an empty id',
      { item: 'ticket', id: '', action: 'opened', timestamp: '2027-03-02T09:00:00Z' },
      'invalid_id',
    ],
    [
      'an id with a newline',
      { item: 'ticket', id: 'A\nB', action: 'opened', timestamp: '2027-03-02T09:00:00Z' },
      'invalid_id',
    ],
    [
      'a bad action',
      { item: 'ticket', id: 'A', action: '', timestamp: '2027-03-02T09:00:00Z' },
      'invalid_action',
    ],
    ['a bad timestamp', { item: 'ticket', id: 'A', action: 'opened', timestamp: 'now' }, 'invalid_timestamp'],
    [
      'nested attributes',
      {
        item: 'ticket',
        id: 'A',
        action: 'opened',
        timestamp: '2027-03-02T09:00:00Z',
        attributes: { a: { b: 1 } },
      },
      'invalid_attributes',
    ],
    [
      'a future event',
      { item: 'ticket', id: 'A', action: 'opened', timestamp: '2027-03-03T09:00:00Z' },
      'future_timestamp',
    ],
  ])('rejects an event with %s', async (_, bad, reason) => {
    const res = await pushEvents({ events: [bad] });
    expect(res.json<Answer>().rejected).toEqual([
      { index: 0, reason, message: expect.any(String) as string },
    ]);
  });

  it('counts what it took in the Prometheus metrics', async () => {
    await push({
      samples: [
        { metric: 'm', value: 1, timestamp: '2027-03-02T10:00:00Z' },
        { metric: 'm', value: 'x', timestamp: '2027-03-02T10:00:00Z' },
      ],
    });
    const metrics = (await t.request({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/sla_ingest_samples_total\{result="accepted",protocol="json"\} [1-9]/);
    expect(metrics).toMatch(/sla_ingest_samples_total\{result="rejected",protocol="json"\} [1-9]/);
    expect(metrics).toContain(`sla_vendor_last_sample_timestamp_seconds{vendor="acme"}`);
    expect(metrics).toContain('sla_ingest_request_duration_seconds_bucket');
  });
});

describe('ingest rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ INGEST_RATE_LIMIT: '3' });
    await putVendor(t, 'acme');
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 429 with Retry-After once a vendor exceeds its rate', async () => {
    const token = await vendorToken(t, 'acme');
    const statuses: number[] = [];
    let retryAfter: string | undefined;
    for (let i = 0; i < 6; i++) {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/samples',
        token,
        payload: { samples: [] },
      });
      statuses.push(res.statusCode);
      if (res.statusCode === 429) retryAfter = res.headers['retry-after'];
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses).toContain(429);
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
  });
});
