import { gzipSync } from 'node:zlib';
import {
  contractDoc,
  createContract,
  objectiveDoc,
  objectiveStatuses,
  putVendor,
  runPass,
  vendorToken,
} from './support/fixtures';
import { decodeAnswer, encodeRequest, gaugeRequest, nanos } from './support/otlp';
import { ADMIN_TOKEN, useTestApp } from './support/test-app';

// POST /v1/metrics as OTLP/HTTP specifies it: answers in the request's encoding, partial_success only
// when points were refused, google.rpc.Status with 400 for undecodable bodies, 429 + Retry-After, the
// vendor from the token (docs/ingest-otlp.md).

const NOW = Date.parse('2027-03-02T12:00:00Z');
const MIN = 60_000;
const PROTOBUF = 'application/x-protobuf';
const sumOf = (key: string, metric: string) =>
  objectiveDoc(key, { kind: 'threshold', metric, aggregate: 'sum' }, '<= 1000000');

describe('OTLP/HTTP protocol', () => {
  const t = useTestApp({ INGEST_RATE_LIMIT: '100000' });
  let acme: string;
  let globex: string;
  const post = (payload: Buffer | string, type: string, token: string | null = acme, headers = {}) =>
    t.request({
      method: 'POST',
      url: '/v1/metrics',
      token: token ?? undefined,
      headers: { 'content-type': type, ...headers },
      payload,
    });
  const postProto = (request: object, token?: string) => post(encodeRequest(request), PROTOBUF, token);
  const postJson = (request: object, token?: string) =>
    post(JSON.stringify(request), 'application/json', token);

  beforeAll(async () => {
    await createContract(
      t,
      'acme-2027',
      contractDoc('acme-2027', { objectives: [sumOf('iso', 'iso.gauge')] }),
      {
        at: new Date(NOW),
      },
    );
    const globexDoc = contractDoc('globex-2027', {
      vendor: 'globex',
      objectives: [sumOf('iso', 'iso.gauge')],
    });
    await createContract(t, 'globex-2027', globexDoc, { vendor: 'globex' });
    acme = await vendorToken(t, 'acme');
    globex = await vendorToken(t, 'globex');
  });

  it('answers full success with an empty response, in the encoding of the request', async () => {
    const proto = await postProto(gaugeRequest('ok.gauge', [[NOW - MIN, 1]]));
    expect(proto.statusCode).toBe(200);
    expect(proto.headers['content-type']).toMatch(/^application\/x-protobuf/);
    expect(proto.rawPayload).toHaveLength(0);
    const json = await postJson(gaugeRequest('ok.gauge', [[NOW - 2 * MIN, 1]]));
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.json()).toEqual({});
  });

  it('stores the valid points and answers partialSuccess for a future point and one before the contract', async () => {
    const points: Array<[number, number]> = [
      [NOW - 3 * MIN, 7],
      [NOW + 60 * MIN, 8],
      [Date.parse('2020-01-01T00:00:00Z'), 9],
    ];
    const json = await postJson(gaugeRequest('partial.gauge', points));
    expect(json.statusCode).toBe(200);
    const { partialSuccess } = json.json();
    expect(partialSuccess.rejectedDataPoints).toBe('2');
    expect(partialSuccess.errorMessage).toMatch(
      /^2 of 3 data points rejected: .*future.*older than every contract/,
    );
    const proto = await postProto(gaugeRequest('partial.gauge', [[NOW - 4 * MIN, 7], ...points.slice(1)]));
    expect(proto.statusCode).toBe(200);
    expect(decodeAnswer(proto.rawPayload, 'response').partialSuccess).toEqual({
      rejectedDataPoints: '2',
      errorMessage: partialSuccess.errorMessage,
    });
    const stored = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM samples p JOIN series s ON s.id = p.series_id WHERE s.metric = 'partial.gauge'`,
    );
    expect(stored[0].n).toBe(2);
  });

  it('counts a refused histogram point once, however many of its samples were refused', async () => {
    const histogram = (ms: number) => ({
      timeUnixNano: nanos(ms),
      startTimeUnixNano: nanos(ms - MIN),
      count: '3',
      sum: 12,
      explicitBounds: [1, 5, 10],
      bucketCounts: ['1', '1', '1', '0'],
    });
    const request = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'hist.ms',
                  histogram: {
                    aggregationTemporality: 2,
                    dataPoints: [histogram(NOW - MIN), histogram(NOW + 60 * MIN)],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await postJson(request);
    expect(res.statusCode).toBe(200);
    expect(res.json().partialSuccess).toEqual({
      rejectedDataPoints: '1',
      errorMessage: expect.stringMatching(
        /^1 of 2 data points rejected: "hist\.ms_count": timestamp is more/,
      ),
    });
  });

  it('answers 400 with a google.rpc.Status for an undecodable body, in its encoding', async () => {
    const garbage = await post(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), PROTOBUF);
    expect(garbage.statusCode).toBe(400);
    expect(garbage.headers['content-type']).toMatch(/^application\/x-protobuf/);
    expect(decodeAnswer(garbage.rawPayload, 'status')).toEqual({
      code: 3,
      message: expect.stringMatching(/^The body is not a valid protobuf ExportMetricsServiceRequest: /),
    });
    const truncated = encodeRequest(gaugeRequest('cut.gauge', [[NOW - MIN, 1]]));
    expect((await post(truncated.subarray(0, truncated.length - 4), PROTOBUF)).statusCode).toBe(400);

    const shape = await post('{"resourceMetrics": 5}', 'application/json');
    expect(shape.statusCode).toBe(400);
    expect(shape.json()).toEqual({
      code: 3,
      message: 'The body is not an OTLP ExportMetricsServiceRequest: resourceMetrics must be a list',
    });
    const syntax = await post('{"resourceMetrics": [', 'application/json');
    expect(syntax.statusCode).toBe(400);
    expect(syntax.headers['content-type']).toMatch(/^application\/json/);
    expect(syntax.json()).toEqual({ code: 3, message: 'The request body is not valid JSON' });
  });

  it('refuses text PostgreSQL cannot store: per point in protobuf, the whole JSON body with 400', async () => {
    const nul = [{ key: 'path', value: { stringValue: 'a\u0000b' } }];
    const proto = await postProto(gaugeRequest('nul.gauge', [[NOW - MIN, 1]], nul));
    expect(decodeAnswer(proto.rawPayload, 'response').partialSuccess).toEqual({
      rejectedDataPoints: '1',
      errorMessage: '1 of 1 data points rejected: "nul.gauge": label path is not valid Unicode text',
    });
    const json = await postJson(gaugeRequest('nul.gauge', [[NOW - MIN, 1]], nul));
    expect(json.statusCode).toBe(400);
    expect(json.json().message).toMatch(/resourceMetrics\[0\]\.scopeMetrics\[0\].*must not contain NUL/);
  });

  it('answers 415 with a Status for other content types, and inflates gzip bodies', async () => {
    const text = await post('hello', 'text/plain');
    expect(text.statusCode).toBe(415);
    expect(text.json()).toEqual({
      code: 3,
      message:
        'The Content-Type of the request is not supported here: send application/x-protobuf or application/json',
    });
    const zipped = gzipSync(encodeRequest(gaugeRequest('zip.gauge', [[NOW - MIN, 42]])));
    const res = await post(zipped, PROTOBUF, acme, { 'content-encoding': 'gzip' });
    expect(res.statusCode).toBe(200);
    const stored = await t.dataSource.query(
      `SELECT p.value FROM samples p JOIN series s ON s.id = p.series_id WHERE s.metric = 'zip.gauge'`,
    );
    expect(stored).toEqual([{ value: 42 }]);
    const broken = await post(zipped.subarray(0, 20), PROTOBUF, acme, { 'content-encoding': 'gzip' });
    expect(broken.statusCode).toBe(400);
  });

  it('needs a vendor token: 401 without one, 403 for an admin, as a Status', async () => {
    const request = encodeRequest(gaugeRequest('auth.gauge', [[NOW - MIN, 1]]));
    const anonymous = await post(request, PROTOBUF, null);
    expect(anonymous.statusCode).toBe(401);
    expect(decodeAnswer(anonymous.rawPayload, 'status')).toMatchObject({ code: 16 });
    const admin = await post(request, PROTOBUF, ADMIN_TOKEN);
    expect(admin.statusCode).toBe(403);
    expect(decodeAnswer(admin.rawPayload, 'status').message).toMatch(/vendor API key/);
  });

  it('writes only the series of the token’s vendor, whatever the payload says', async () => {
    const at: Array<[number, number]> = [[NOW - 10 * MIN, 5]];
    const vendorAttribute = [{ key: 'vendor', value: { stringValue: 'globex' } }];
    expect((await postProto(gaugeRequest('iso.gauge', at, vendorAttribute), acme)).statusCode).toBe(200);
    // The same series and timestamp from another vendor: its own series, acme's is untouched.
    expect(
      (await postProto(gaugeRequest('iso.gauge', [[NOW - 10 * MIN, 1000]], vendorAttribute), globex))
        .statusCode,
    ).toBe(200);
    await runPass(t, new Date(NOW));
    expect((await objectiveStatuses(t, 'acme-2027')).iso.attainment).toBe(5);
    expect((await objectiveStatuses(t, 'globex-2027')).iso.attainment).toBe(1000);
  });
});

describe('OTLP/HTTP rate limit', () => {
  const t = useTestApp({ INGEST_RATE_LIMIT: '1' });

  it('answers 429 with Retry-After and a Status past the vendor’s rate', async () => {
    await putVendor(t, 'acme');
    const token = await vendorToken(t, 'acme');
    const body = encodeRequest({ resourceMetrics: [] });
    const send = () =>
      t.request({
        method: 'POST',
        url: '/v1/metrics',
        token,
        headers: { 'content-type': PROTOBUF },
        payload: body,
      });
    const answers = [await send(), await send(), await send()];
    const limited = answers.find((a) => a.statusCode === 429);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(decodeAnswer(limited!.rawPayload, 'status')).toMatchObject({ code: 8 });
  });
});
