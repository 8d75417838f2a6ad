import { mapExportRequest, type MappedRequest } from './otlp-mapping';
import { OtlpShapeError } from './otlp-values';

// The mapping rules of docs/ingest-otlp.md, one metric type at a time, on requests in the shape both
// encodings arrive in (int64 as decimal strings, enums as numbers).

const T = '1803988800000000000'; // 2027-03-02T12:00:00Z in ns
const TS = '2027-03-02T12:00:00.000Z';
const START = '1803988500000000000'; // five minutes earlier
const START_TS = '2027-03-02T11:55:00.000Z';

const request = (metric: object, pointAttributes: object[] = []) => ({
  resourceMetrics: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'portal' } }] },
      scopeMetrics: [
        { scope: { name: 'lib', version: '2.0' }, metrics: [withAttributes(metric, pointAttributes)] },
      ],
    },
  ],
});
function withAttributes(metric: any, attributes: object[]) {
  for (const kind of Object.keys(metric).filter((k) => k !== 'name'))
    for (const p of metric[kind].dataPoints ?? []) p.attributes = attributes;
  return metric;
}
const base = { service_name: 'portal', otel_scope_name: 'lib', otel_scope_version: '2.0' };
/** The samples as [metric, value, timestamp, extra labels, cumulative]. */
const rows = (m: MappedRequest) =>
  m.samples.map((s) => {
    const extra = Object.fromEntries(Object.entries(s.labels).filter(([k]) => !(k in base)));
    return [s.metric, s.value, s.timestamp, extra, s.cumulative, s.baseline ?? false];
  });

describe('OTLP mapping: gauges and sums', () => {
  it('maps a gauge point to a plain sample with resource, scope and point labels', () => {
    const m = mapExportRequest(
      request({ name: 'queue.depth', gauge: { dataPoints: [{ timeUnixNano: T, asInt: '42' }] } }, [
        { key: 'queue', value: { stringValue: 'orders' } },
      ]),
    );
    expect(m.samples).toEqual([
      {
        metric: 'queue.depth',
        value: 42,
        timestamp: TS,
        labels: { ...base, queue: 'orders' },
        cumulative: false,
        point: 0,
      },
    ]);
    expect(m).toMatchObject({ points: 1, rejected: [] });
  });

  it('maps a monotonic cumulative sum to a counter, with a zero at its start time', () => {
    const sum = {
      aggregationTemporality: 2,
      isMonotonic: true,
      dataPoints: [{ startTimeUnixNano: START, timeUnixNano: T, asDouble: 7 }],
    };
    expect(rows(mapExportRequest(request({ name: 'req', sum })))).toEqual([
      ['req', 0, START_TS, {}, true, true],
      ['req', 7, TS, {}, true, false],
    ]);
    // No zero without a start time, or when the start is not before the point.
    sum.dataPoints[0].startTimeUnixNano = T;
    expect(rows(mapExportRequest(request({ name: 'req', sum })))).toEqual([['req', 7, TS, {}, true, false]]);
  });

  it('maps delta and non-monotonic sums to plain samples', () => {
    const point = { startTimeUnixNano: START, timeUnixNano: T, asDouble: 3 };
    const delta = { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point] };
    const upDown = { aggregationTemporality: 2, isMonotonic: false, dataPoints: [point] };
    expect(rows(mapExportRequest(request({ name: 'd', sum: delta })))).toEqual([
      ['d', 3, TS, {}, false, false],
    ]);
    expect(rows(mapExportRequest(request({ name: 'u', sum: upDown })))).toEqual([
      ['u', 3, TS, {}, false, false],
    ]);
  });

  it.each([
    ['NaN', { asDouble: NaN }, /NaN or infinite/],
    ['"Infinity" in JSON', { asDouble: 'Infinity' }, /NaN or infinite/],
    ['no value', {}, /no value \(asDouble or asInt\)/],
    ['both values', { asDouble: 1, asInt: '1' }, /both asDouble and asInt/],
    ['a non-integer asInt', { asInt: '1.5' }, /asInt must be an integer/],
    ['the NO_RECORDED_VALUE flag', { asDouble: 1, flags: 1 }, /no recorded value/],
    ['no time', { asDouble: 1, timeUnixNano: undefined }, /timeUnixNano must be/],
    ['time 0', { asDouble: 1, timeUnixNano: '0' }, /timeUnixNano must be/],
    ['a time beyond fixed64', { asDouble: 1, timeUnixNano: '18446744073709551616' }, /timeUnixNano must be/],
  ])('refuses a point with %s', (_, fields, message) => {
    const m = mapExportRequest(
      request({ name: 'g', gauge: { dataPoints: [{ timeUnixNano: T, ...fields }] } }),
    );
    expect(m.samples).toEqual([]);
    expect(m.rejected).toEqual([{ point: 0, message: expect.stringMatching(message) }]);
  });

  it('refuses every point of a sum without a temporality, and of a name METRIC_PATTERN refuses', () => {
    const points = [
      { timeUnixNano: T, asInt: '1' },
      { timeUnixNano: T, asInt: '2' },
    ];
    const m = mapExportRequest(request({ name: 'n', sum: { isMonotonic: true, dataPoints: points } }));
    expect(m.rejected.map((r) => r.message)).toEqual(
      Array(2).fill('"n": aggregationTemporality must be DELTA (1) or CUMULATIVE (2)'),
    );
    const bad = mapExportRequest(request({ name: 'http requests/s', gauge: { dataPoints: points } }));
    expect(bad.rejected[0].message).toMatch(/metric name "http requests\/s" is not accepted: it must match/);
    expect(
      mapExportRequest(request({ name: 'http.server.duration', gauge: { dataPoints: points } })).rejected,
    ).toEqual([]);
  });

  it('keeps nanosecond times to the millisecond, from strings or numbers', () => {
    const times = ['1803988800123999999', 1803988800123000000];
    const m = mapExportRequest(
      request({ name: 'g', gauge: { dataPoints: times.map((t) => ({ timeUnixNano: t, asDouble: 1 })) } }),
    );
    expect(m.samples.map((s) => s.timestamp)).toEqual([
      '2027-03-02T12:00:00.123Z',
      '2027-03-02T12:00:00.123Z',
    ]);
  });
});

describe('OTLP mapping: histograms and summaries', () => {
  const histogramPoint = {
    startTimeUnixNano: START,
    timeUnixNano: T,
    count: '6',
    sum: 140.5,
    explicitBounds: [10, 50],
    bucketCounts: ['1', '3', '2'],
  };

  it('maps a cumulative histogram to counters: count, sum and buckets cumulative over le, +Inf last', () => {
    const m = mapExportRequest(
      request({ name: 'lat', histogram: { aggregationTemporality: 2, dataPoints: [histogramPoint] } }, [
        { key: 'le', value: { stringValue: 'mine' } },
      ]),
    );
    expect(rows(m).filter((r) => !r[5])).toEqual([
      ['lat_count', 6, TS, { le: 'mine' }, true, false],
      ['lat_sum', 140.5, TS, { le: 'mine' }, true, false],
      ['lat_bucket', 1, TS, { le: '10' }, true, false],
      ['lat_bucket', 4, TS, { le: '50' }, true, false],
      ['lat_bucket', 6, TS, { le: '+Inf' }, true, false],
    ]);
    expect(m.samples.filter((s) => s.baseline)).toHaveLength(5);
  });

  it('maps a delta histogram to plain samples; one without buckets or sum to its count alone', () => {
    const delta = mapExportRequest(
      request({ name: 'lat', histogram: { aggregationTemporality: 1, dataPoints: [histogramPoint] } }),
    );
    expect(rows(delta).map((r) => [r[0], r[1], r[4]])).toEqual([
      ['lat_count', 6, false],
      ['lat_sum', 140.5, false],
      ['lat_bucket', 1, false],
      ['lat_bucket', 4, false],
      ['lat_bucket', 6, false],
    ]);
    const bare = mapExportRequest(
      request({
        name: 'b',
        histogram: { aggregationTemporality: 1, dataPoints: [{ timeUnixNano: T, count: '3' }] },
      }),
    );
    expect(rows(bare)).toEqual([['b_count', 3, TS, {}, false, false]]);
  });

  it.each([
    [
      'bucket counts not matching the bounds',
      { bucketCounts: ['1', '2'] },
      /one more element than explicitBounds \(2 and 2\)/,
    ],
    ['bounds out of order', { explicitBounds: [50, 10] }, /strictly increasing/],
    ['a NaN sum', { sum: NaN }, /sum: the value is NaN or infinite/],
    ['a negative count', { count: '-1' }, /count must be an unsigned integer/],
  ])('refuses a histogram point with %s', (_, fields, message) => {
    const point = { ...histogramPoint, ...fields };
    const m = mapExportRequest(
      request({ name: 'lat', histogram: { aggregationTemporality: 2, dataPoints: [point] } }),
    );
    expect(m.samples).toEqual([]);
    expect(m.rejected).toEqual([{ point: 0, message: expect.stringMatching(message) }]);
  });

  it('refuses a point whose derived names are too long, and keeps count and sum of exponential histograms', () => {
    const long = 'x'.repeat(125);
    const m = mapExportRequest(
      request({ name: long, histogram: { aggregationTemporality: 1, dataPoints: [histogramPoint] } }),
    );
    expect(m.rejected[0].message).toMatch(/metric name "x+…" is not accepted/);
    const exp = {
      aggregationTemporality: 1,
      dataPoints: [
        { timeUnixNano: T, count: '4', sum: 2, scale: 3, positive: { offset: 1, bucketCounts: ['4'] } },
      ],
    };
    expect(rows(mapExportRequest(request({ name: 'e', exponentialHistogram: exp })))).toEqual([
      ['e_count', 4, TS, {}, false, false],
      ['e_sum', 2, TS, {}, false, false],
    ]);
  });

  it('maps a summary: count and sum as counters, each quantile as a plain sample; a NaN quantile is skipped and said', () => {
    const point = {
      startTimeUnixNano: START,
      timeUnixNano: T,
      count: '10',
      sum: 55,
      quantileValues: [{ quantile: 0.5, value: 4 }, { quantile: 0.99, value: 'NaN' }, { value: 1 }],
    };
    const m = mapExportRequest(request({ name: 'rt', summary: { dataPoints: [point] } }));
    expect(rows(m).filter((r) => !r[5])).toEqual([
      ['rt_count', 10, TS, {}, true, false],
      ['rt_sum', 55, TS, {}, true, false],
      ['rt', 4, TS, { quantile: '0.5' }, false, false],
      ['rt', 1, TS, { quantile: '0' }, false, false],
    ]);
    expect(m.rejected).toEqual([
      { point: 0, message: '"rt": 1 quantile value(s) NaN or infinite, skipped (count and sum were stored)' },
    ]);
  });
});

describe('OTLP mapping: the request shape', () => {
  it.each([
    [[], 'the body must be an object'],
    [{ resourceMetrics: {} }, 'resourceMetrics must be a list'],
    [
      { resourceMetrics: [{ scopeMetrics: [{ metrics: [5] }] }] },
      'resourceMetrics[0].scopeMetrics[0].metrics[0] must be an object',
    ],
    [
      { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'x', gauge: {}, sum: {} }] }] }] },
      /has gauge and sum: a metric carries one kind of data/,
    ],
    [
      { resourceMetrics: [{ resource: { attributes: [{ key: 1 }] } }] },
      'resourceMetrics[0].resource.attributes[0].key must be a string',
    ],
  ])('refuses %j as a whole', (body, message) => {
    expect(() => mapExportRequest(body)).toThrow(OtlpShapeError);
    expect(() => mapExportRequest(body)).toThrow(message);
  });

  it('numbers points across resources, scopes and metrics, and ignores metrics without data', () => {
    const gauge = { name: 'g', gauge: { dataPoints: [{ timeUnixNano: T, asDouble: 1 }] } };
    const m = mapExportRequest({
      resourceMetrics: [
        { scopeMetrics: [{ metrics: [gauge, { name: 'empty' }, gauge] }] },
        { scopeMetrics: [{ metrics: [] }, { metrics: [gauge] }] },
        {},
      ],
    });
    expect(m.points).toBe(3);
    expect(m.samples.map((s) => s.point)).toEqual([0, 1, 2]);
  });
});
