import { Client } from 'pg';
import { DAY_MS, vendorKey } from './objectives-load';
import { ADMIN, api } from './support';

// The selector part of bench:evaluate: per vendor one contract whose objectives read two shared labelled
// metrics through label selectors (docs/contract-authoring.md, "Label selectors"), the way a vendor's own
// Prometheus counters are read:
//   3 in 4: ratio, good `http_requests{service="sN",code!~"5.."}` over total `http_requests{service="sN"}`
//           (series code 200, 404 and 503 of each service);
//   1 in 4: p95 threshold on `http_request_ms{code="200",service="sN"}` (series code 200 and 500: the
//           500s' 1 000 ms would breach it if the selector kept them).
// Every service's series belong to the vendor's two metrics, so the roll-up folds each labelled series
// into its metric and into each selector of that metric it matches (matched in SQL per fold step).

/** What a labelled series holds; the code is the `kind` column of the loader's series table. */
const enum Data {
  Ok = 0, // code 200: 95 a step
  NotFound = 1, // code 404: 4 a step
  Error = 2, // code 503: 1 a step, 3 about one step in 500
  Fast = 3, // latency of the 200s: 50..400 ms
  Slow = 4, // latency of the 500s: 1 000 ms
}

interface LabelledSeries {
  vendor: string;
  metric: string;
  labels: Record<string, string>;
  data: Data;
}

export interface SelectorSetup {
  contracts: number;
  objectives: number;
  ratio: number;
  p95: number;
  /** Distinct selectors the objectives read (input_selectors rows). */
  selectors: number;
  series: LabelledSeries[];
}

/**
 * One contract per vendor with `perVendor` selector objectives (the vendors bench:evaluate created),
 * through the HTTP API like the others.
 */
export async function createSelectorContracts(
  base: string,
  vendors: number,
  perVendor: number,
  period: (i: number) => string,
  effectiveFrom: string,
  timezone: string,
): Promise<SelectorSetup> {
  const setup: SelectorSetup = { contracts: 0, objectives: 0, ratio: 0, p95: 0, selectors: 0, series: [] };
  if (perVendor <= 0) return setup;
  for (let v = 0; v < vendors; v++) {
    const vendor = vendorKey(v);
    const objectives: Array<Record<string, unknown>> = [];
    for (let j = 0; j < perVendor; j++) {
      const service = `s${j}`;
      const common = { key: `sel${j}`, title: `Selector objective ${j}`, period: period(setup.objectives) };
      setup.objectives++;
      if (j % 4 === 3) {
        setup.p95++;
        setup.selectors++;
        for (const [code, data] of [
          ['200', Data.Fast],
          ['500', Data.Slow],
        ] as const)
          setup.series.push({ vendor, metric: 'http_request_ms', labels: { service, code }, data });
        objectives.push({
          ...common,
          indicator: {
            kind: 'threshold',
            metric: `http_request_ms{service="${service}",code="200"}`,
            aggregate: 'p95',
          },
          objective: '<= 390',
        });
      } else {
        setup.ratio++;
        setup.selectors += 2;
        for (const [code, data] of [
          ['200', Data.Ok],
          ['404', Data.NotFound],
          ['503', Data.Error],
        ] as const)
          setup.series.push({ vendor, metric: 'http_requests', labels: { service, code }, data });
        objectives.push({
          ...common,
          indicator: {
            kind: 'ratio',
            good: `http_requests{service="${service}",code!~"5.."}`,
            total: `http_requests{service="${service}"}`,
          },
          objective: '>= 98%',
        });
      }
    }
    await api(base, 'PUT', `/api/v1/contracts/bench-sel-${v}`, ADMIN, {
      apiVersion: 'sla-sentinel/v1',
      kind: 'Contract',
      metadata: { key: `bench-sel-${v}`, title: `Bench selector contract ${v}` },
      spec: { vendor, timezone, effective: { from: effectiveFrom }, objectives },
    });
    setup.contracts++;
  }
  return setup;
}

/** Canonical labels as ingest stores them: the sorted pairs as JSON. */
const labelsKey = (labels: Record<string, string>) =>
  JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );

/**
 * Bulk loader of the labelled series, as bench:evaluate's Loader does for its own: one
 * `ingest_batches` row per (series, day), so the roll-up folds them like ingested requests.
 */
export class LabelledLoader {
  private constructor(
    private readonly client: Client,
    private readonly stepSeconds: number,
  ) {}

  static async open(url: string, setup: SelectorSetup, stepSeconds: number): Promise<LabelledLoader> {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(`SET work_mem = '512MB'`);
    await client.query(`SET synchronous_commit = off`);
    const s = setup.series;
    await client.query(
      `CREATE TEMP TABLE bench_labelled AS
       SELECT t.n::bigint AS idx, v.id AS vendor_id, t.m AS metric, t.l::jsonb AS labels, t.lk AS labels_key, t.d AS kind
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) WITH ORDINALITY AS t(k, m, l, lk, d, n)
         JOIN vendors v ON v.key = t.k`,
      [
        s.map((x) => x.vendor),
        s.map((x) => x.metric),
        s.map((x) => JSON.stringify(x.labels)),
        s.map((x) => labelsKey(x.labels)),
        s.map((x) => x.data),
      ],
    );
    await client.query(
      `INSERT INTO series (vendor_id, metric, labels, labels_key)
       SELECT vendor_id, metric, labels, labels_key FROM bench_labelled ORDER BY idx`,
    );
    await client.query(
      `ALTER TABLE bench_labelled ADD COLUMN series_id bigint;
       UPDATE bench_labelled b SET series_id = se.id FROM series se
        WHERE se.vendor_id = b.vendor_id AND se.metric = b.metric AND se.labels_key = b.labels_key
          AND se.kind = 'plain'`,
    );
    return new LabelledLoader(client, stepSeconds);
  }

  /** Samples in (fromMs, toMs], one step per day (oldest first); answers the rows inserted. */
  async load(fromMs: number, toMs: number): Promise<number> {
    let rows = 0;
    for (let dayEnd = fromMs + DAY_MS; dayEnd <= toMs; dayEnd += DAY_MS) {
      const first = dayEnd - DAY_MS + this.stepSeconds * 1000;
      const batch = await this.client.query<{ first: string; last: string; n: string }>(
        `WITH b AS (
           INSERT INTO ingest_batches (vendor_id, received_at, submitted)
           SELECT vendor_id, now(), $1 FROM bench_labelled ORDER BY idx RETURNING id
         ) SELECT min(id) AS first, max(id) AS last, count(*) AS n FROM b`,
        [DAY_MS / 1000 / this.stepSeconds],
      );
      const { first: firstBatch, last, n } = batch.rows[0];
      if (BigInt(last) - BigInt(firstBatch) + 1n !== BigInt(n))
        throw new Error('batch ids are not consecutive');
      const inserted = await this.client.query(
        `INSERT INTO samples (series_id, ts, value, batch_id)
         SELECT s.series_id, t.ts,
                CASE s.kind
                  WHEN ${Data.Ok} THEN 95
                  WHEN ${Data.NotFound} THEN 4
                  WHEN ${Data.Error} THEN CASE WHEN (t.k + s.idx * 37) % 500 = 0 THEN 3 ELSE 1 END
                  WHEN ${Data.Fast} THEN 50 + (t.k * 31 + s.idx * 17) % 351
                  ELSE 1000
                END,
                $3::bigint + s.idx - 1
           FROM bench_labelled s
           CROSS JOIN (SELECT g AS ts, extract(epoch FROM g)::bigint / $4::int AS k
                         FROM generate_series($1::timestamptz, $2::timestamptz, make_interval(secs => $4::int)) AS g) AS t
          ORDER BY s.idx, t.ts`,
        [new Date(first).toISOString(), new Date(dayEnd).toISOString(), firstBatch, this.stepSeconds],
      );
      rows += inserted.rowCount ?? 0;
    }
    return rows;
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
