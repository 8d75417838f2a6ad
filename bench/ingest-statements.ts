import { Client } from 'pg';
import { monthPartitionsBetween } from '../src/ingest/domain/partitions';
import { batchParams, INSERT_BATCH, INSERT_NEW_BATCH } from '../src/ingest/sample-batch.sql';

// Where bench:ingest's gap to COPY goes: the service's own insert statements, run straight from
// `clients` connections (no HTTP, no JSON, no validation), on the same rows as the other figures.

export interface StatementRates {
  /** The statement for a push of only-new samples (plain INSERT), rows/s. */
  newOnly: number;
  /** The conflict-tolerant statement (ON CONFLICT DO NOTHING), rows/s. */
  tolerant: number;
}

/** One request's columns as the service builds them: `series` ids once each, at minute `minute`. */
function columns(series: string[], startMs: number, minute: number) {
  const iso = new Date(startMs + minute * 60_000).toISOString();
  return {
    count: series.length,
    seriesIds: `{${series.join(',')}}`,
    stamps: `{"${iso}"}`,
    stampOf: `{${series.map(() => 1).join(',')}}`,
    values: `{${series.map((_, i) => (minute * 7 + i) % 1000).join(',')}}`,
    newest: iso,
    oldest: iso,
    protocol: 'json',
  };
}

/** `rows` rows in requests of one sample per series, through `text` from `clients` connections. */
async function rate(
  url: string,
  text: string,
  vendorId: string,
  series: string[],
  startMs: number,
  rows: number,
  clients: number,
): Promise<number> {
  const requests = Math.max(1, Math.round(rows / series.length));
  const ends = monthPartitionsBetween(startMs, startMs + requests * 60_000);
  const setup = new Client({ connectionString: url });
  await setup.connect();
  for (const p of ends)
    await setup.query(
      `CREATE TABLE IF NOT EXISTS ${p.name} PARTITION OF samples FOR VALUES FROM ('${p.from}') TO ('${p.to}')`,
    );
  await setup.end();
  const connections = await Promise.all(
    [...Array(clients).keys()].map(async () => {
      const c = new Client({ connectionString: url });
      await c.connect();
      return c;
    }),
  );
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    connections.map(async (c) => {
      while (next < requests) {
        const minute = next++;
        const params = batchParams(vendorId, columns(series, startMs, minute), new Date());
        await c.query({ name: 'statement', text, values: params });
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  await Promise.all(connections.map((c) => c.end()));
  return (requests * series.length) / seconds;
}

/**
 * Both statements on `rows` rows each, at minutes from `startMs` on (the second after the first's),
 * for the vendor's series named `bench_metric_*`.
 */
export async function statementRates(
  url: string,
  vendorKey: string,
  startMs: number,
  rows: number,
  clients: number,
): Promise<StatementRates> {
  const c = new Client({ connectionString: url });
  await c.connect();
  const vendor = await c.query<{ id: string }>(`SELECT id FROM vendors WHERE key = $1`, [vendorKey]);
  const series = await c.query<{ id: string }>(
    `SELECT s.id FROM series s WHERE s.vendor_id = $1 AND s.metric LIKE 'bench_metric_%' ORDER BY s.id`,
    [vendor.rows[0].id],
  );
  await c.end();
  const ids = series.rows.map((r) => r.id);
  const vendorId = vendor.rows[0].id;
  const minutes = Math.ceil(rows / ids.length) + 10;
  const newOnly = await rate(url, INSERT_NEW_BATCH, vendorId, ids, startMs, rows, clients);
  const tolerant = await rate(url, INSERT_BATCH, vendorId, ids, startMs + minutes * 60_000, rows, clients);
  return { newOnly, tolerant };
}
