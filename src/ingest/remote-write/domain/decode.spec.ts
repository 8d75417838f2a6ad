import fc from 'fast-check';
import { WRITE_V1, WRITE_V2 } from '../remote-write.proto';
import { encodeV1, encodeV2, RequestV2, STALE, WriteRequest } from '../remote-write.spec-helpers';
import { encodingProblem, writeVersionOf } from './content-type';
import { decodeWriteRequest } from './decode-v1';
import { decodeRequestV2 } from './decode-v2';
import { MAX_WRITE_SAMPLES } from './decoded';
import { MalformedWrite, snappyDeclaredLength, WriteTooLarge } from './wire';

const T = Date.parse('2027-03-02T10:15:00Z');
const v1 = (...args: Parameters<typeof encodeV1>) => decodeWriteRequest(encodeV1(...args), WRITE_V1);
const v2 = (...args: Parameters<typeof encodeV2>) => decodeRequestV2(encodeV2(...args), WRITE_V2);
const plain = (samples: object[]) => samples.map((s) => JSON.parse(JSON.stringify(s)));

describe('remote-write 1.0 decoding', () => {
  it('maps __name__ to the metric, other labels to labels, ms to RFC 3339 and counters by suffix', () => {
    const decoded = v1([
      {
        labels: { __name__: 'http_requests_total', job: 'api', code: '200', empty: '' },
        samples: [
          { value: 10, timestamp: T },
          { value: 12.5, timestamp: T + 15_000 },
        ],
      },
      { labels: { __name__: 'queue_depth' }, samples: [{ value: -3, timestamp: T }] },
    ]);
    expect(plain(decoded.samples)).toEqual([
      {
        metric: 'http_requests_total',
        value: 10,
        timestamp: '2027-03-02T10:15:00.000Z',
        labels: { job: 'api', code: '200' },
        cumulative: true,
      },
      {
        metric: 'http_requests_total',
        value: 12.5,
        timestamp: '2027-03-02T10:15:15.000Z',
        labels: { job: 'api', code: '200' },
        cumulative: true,
      },
      {
        metric: 'queue_depth',
        value: -3,
        timestamp: '2027-03-02T10:15:00.000Z',
        labels: {},
        cumulative: false,
      },
    ]);
    expect(decoded).toMatchObject({ skipped: 0, unsupported: 0, rejected: [] });
  });

  it('reads each series its own label strings, repeated or not, __proto__ included', () => {
    const instances = ['a1', 'a2', 'a2', 'a1', 'b10', 'a1'];
    const decoded = v1(
      instances.map((instance, i) => ({
        labels: { __name__: i % 2 ? 'up' : 'down', instance, ...(i === 5 ? { __proto__x: 'p' } : {}) },
        samples: [{ value: i, timestamp: T }],
      })),
    );
    expect(decoded.samples.map((s) => `${s.metric}/${s.labels.instance}`)).toEqual(
      instances.map((instance, i) => `${i % 2 ? 'up' : 'down'}/${instance}`),
    );
    const proto = WriteRequest.fromObject({
      timeseries: [
        {
          labels: [
            { name: '__name__', value: 'x' },
            { name: '__proto__', value: 'v' },
          ],
          samples: [{ value: 1, timestamp: T }],
        },
      ],
    });
    const [sample] = decodeWriteRequest(WriteRequest.encode(proto).finish(), WRITE_V1).samples;
    expect(Object.entries(sample.labels)).toEqual([['__proto__', 'v']]);
    expect(Object.getPrototypeOf(sample.labels)).toBe(Object.prototype);
  });

  it.each(['_total', '_count', '_sum', '_bucket'])('treats %s series as cumulative counters', (suffix) => {
    expect(
      v1([{ labels: { __name__: `x${suffix}` }, samples: [{ value: 1, timestamp: T }] }]).samples[0]
        .cumulative,
    ).toBe(true);
  });

  it('skips staleness markers and passes every other NaN or infinity on for ingest to refuse', () => {
    const decoded = v1([
      {
        labels: { __name__: 'up' },
        samples: [
          { value: 1, timestamp: T },
          { value: STALE, timestamp: T + 1000 },
          { value: NaN, timestamp: T + 2000 },
          { value: Infinity, timestamp: T + 3000 },
        ],
      },
    ]);
    expect(decoded.skipped).toBe(1);
    expect(decoded.samples.map((s) => s.value)).toEqual([1, NaN, Infinity]);
  });

  it('lets the request metadata override the suffix rule for its families', () => {
    const series = [
      'temperature_total',
      'jobs_done',
      'rpc_seconds',
      'rpc_seconds_count',
      'lat_bucket',
      'hits_total',
      'other_sum',
    ];
    const decoded = v1(
      series.map((name) => ({ labels: { __name__: name }, samples: [{ value: 1, timestamp: T }] })),
      [
        { family: 'temperature_total', type: 'gauge' },
        { family: 'jobs_done', type: 'counter' },
        { family: 'rpc_seconds', type: 'summary' },
        { family: 'lat', type: 'histogram' },
        { family: 'hits', type: 'counter' },
        { family: 'other_sum', type: 'unknown' },
      ],
    );
    expect(Object.fromEntries(decoded.samples.map((s) => [s.metric, s.cumulative]))).toEqual({
      temperature_total: false,
      jobs_done: true,
      rpc_seconds: false, // a summary's quantiles go up and down
      rpc_seconds_count: true,
      lat_bucket: true,
      hits_total: true,
      other_sum: true, // unknown type: the suffix decides
    });
  });

  it('sets aside timestamps no RFC 3339 string can carry', () => {
    const decoded = v1([
      {
        labels: { __name__: 'up' },
        samples: [
          { value: 1, timestamp: -1 },
          { value: 1, timestamp: -1e15 },
          { value: 1, timestamp: 1e15 },
          { value: 1, timestamp: T },
        ],
      },
    ]);
    expect(decoded.samples.map((s) => s.timestamp)).toEqual([
      '1969-12-31T23:59:59.999Z',
      '2027-03-02T10:15:00.000Z',
    ]);
    expect(decoded.rejected.map((r) => r.message)).toEqual([
      'timestamp -1000000000000000 ms is outside the years 1000-9999',
      'timestamp 1000000000000000 ms is outside the years 1000-9999',
    ]);
  });

  it('refuses a series without __name__ or with a label twice', () => {
    expect(() => v1([{ labels: { job: 'x' }, samples: [] }])).toThrow(/series 0 has no __name__ label/);
    const labels = [
      { name: '__name__', value: 'a' },
      { name: 'job', value: 'x' },
      { name: 'job', value: 'y' },
    ];
    const twice = WriteRequest.encode(WriteRequest.fromObject({ timeseries: [{ labels }] })).finish();
    expect(() => decodeWriteRequest(twice, WRITE_V1)).toThrow(/two labels named "job"/);
  });

  it('stops at 100 000 samples a request (413), staleness markers not counted', () => {
    const samples = (n: number, value = 1) =>
      Array.from({ length: n }, (_, i) => ({ value, timestamp: T + i }));
    const at = (n: number) => [{ labels: { __name__: 'x' }, samples: samples(n) }];
    expect(v1(at(MAX_WRITE_SAMPLES)).samples).toHaveLength(MAX_WRITE_SAMPLES);
    expect(() => v1(at(MAX_WRITE_SAMPLES + 1))).toThrow(WriteTooLarge);
    const stale = [
      { labels: { __name__: 'x' }, samples: [...samples(MAX_WRITE_SAMPLES), ...samples(10, STALE)] },
    ];
    expect(v1(stale).skipped).toBe(10);
  });

  it('answers MalformedWrite, and nothing else, for truncated or random bodies', () => {
    const body = encodeV1([
      { labels: { __name__: 'a_total', job: 'j' }, samples: [{ value: 1, timestamp: T }] },
    ]);
    for (let cut = 1; cut < body.length; cut++) {
      expect(() => decodeWriteRequest(body.subarray(0, cut), WRITE_V1)).toThrow(MalformedWrite);
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        for (const decode of [
          () => decodeWriteRequest(bytes, WRITE_V1),
          () => decodeRequestV2(bytes, WRITE_V2),
        ]) {
          try {
            decode();
          } catch (error) {
            if (!(error instanceof MalformedWrite) && !(error instanceof WriteTooLarge)) throw error;
          }
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('remote-write 2.0 decoding', () => {
  it('reads labels from the symbols table and counters from the series metadata', () => {
    const decoded = v2(
      [
        { labels: { __name__: 'jobs_done', job: 'a' }, samples: [{ value: 3, timestamp: T }] },
        {
          labels: { __name__: 'temp_total', job: 'a' },
          samples: [
            { value: 20, timestamp: T },
            { value: STALE, timestamp: T + 1 },
          ],
        },
        { labels: { __name__: 'x_total' }, samples: [{ value: 1, timestamp: T }] },
      ],
      { jobs_done: 'counter', temp_total: 'gauge' },
    );
    expect(plain(decoded.samples)).toEqual([
      {
        metric: 'jobs_done',
        value: 3,
        timestamp: '2027-03-02T10:15:00.000Z',
        labels: { job: 'a' },
        cumulative: true,
      },
      {
        metric: 'temp_total',
        value: 20,
        timestamp: '2027-03-02T10:15:00.000Z',
        labels: { job: 'a' },
        cumulative: false,
      },
      { metric: 'x_total', value: 1, timestamp: '2027-03-02T10:15:00.000Z', labels: {}, cumulative: true },
    ]);
    expect(decoded.skipped).toBe(1);
  });

  it('refuses references past the symbols table', () => {
    const message = RequestV2.fromObject({
      symbols: ['', '__name__'],
      timeseries: [{ labels_refs: [1, 2] }],
    });
    expect(() => decodeRequestV2(RequestV2.encode(message).finish(), WRITE_V2)).toThrow(
      /past the end of the symbols/,
    );
  });
});

describe('request framing', () => {
  it('reads the uncompressed length a snappy block declares', () => {
    expect(snappyDeclaredLength(Buffer.from([0x17, 0x14]))).toBe(23);
    expect(snappyDeclaredLength(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x08]))).toBe(2 ** 31);
    expect(() => snappyDeclaredLength(Buffer.from([]))).toThrow(MalformedWrite);
    expect(() => snappyDeclaredLength(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0x01]))).toThrow(
      MalformedWrite,
    );
  });

  it('tells the protocol version by Content-Type and takes only snappy', () => {
    expect(writeVersionOf('application/x-protobuf')).toBe('v1');
    expect(writeVersionOf('application/x-protobuf; proto=prometheus.WriteRequest')).toBe('v1');
    expect(writeVersionOf('application/x-protobuf;proto=io.prometheus.write.v2.Request')).toBe('v2');
    expect(writeVersionOf('application/x-protobuf;proto=foo.Bar')).toEqual({
      problem: expect.stringMatching(/proto=foo.Bar is not served/),
    });
    expect(writeVersionOf('application/json')).toEqual({
      problem: expect.stringMatching(/application\/x-protobuf/),
    });
    expect(encodingProblem(undefined)).toBeUndefined();
    expect(encodingProblem('snappy')).toBeUndefined();
    expect(encodingProblem('gzip')).toMatch(/snappy/);
  });
});
