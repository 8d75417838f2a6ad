import { SamplesRepository } from '../src/ingest/samples.repository';
import { StorageMaintenanceService } from '../src/ingest/storage-maintenance.service';
import { contractDoc, latencyObjective, putContractJson, putVendor, runPass } from './support/fixtures';
import { useTestApp } from './support/test-app';

describe('sample storage maintenance', () => {
  const t = useTestApp({ SAMPLE_RETENTION: '400d' });

  const partitions = async (parent = 'samples'): Promise<string[]> => {
    const rows: Array<{ name: string }> = await t.dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = $1::regclass ORDER BY 1`,
      [parent],
    );
    return rows.map((r) => r.name);
  };

  it('creates this month and the next two ahead, drops whole months past retention, and forgets day-old keys', async () => {
    const samples = t.app.get(SamplesRepository);
    await samples.ensurePartitions(Date.UTC(2025, 0, 15), Date.UTC(2025, 1, 15)); // Jan and Feb 2025
    await putVendor(t, 'acme');
    const [{ id }]: Array<{ id: string }> = await t.dataSource.query(
      `SELECT id FROM vendors WHERE key = 'acme'`,
    );
    await t.dataSource.query(
      `INSERT INTO idempotency_keys (vendor_id, endpoint, key, request_sha256, response, created_at)
       VALUES ($1, 'samples', 'old', 'x', '{}', '2026-03-01T00:00:00Z'), ($1, 'samples', 'fresh', 'x', '{}', '2026-03-03T11:00:00Z')`,
      [id],
    );

    // 2026-03-03: 400 days back is 2025-01-27, so January 2025 (ends 02-01) is kept, and
    // only partitions that end on or before the cut are dropped.
    const summary = await t.app.get(StorageMaintenanceService).run(Date.parse('2026-03-03T12:00:00Z'));
    expect(summary.partitionsEnsured).toEqual(['samples_y2026m03', 'samples_y2026m04', 'samples_y2026m05']);
    expect(summary.partitionsDropped).toEqual([]);
    expect(summary.idempotencyKeysForgotten).toBe(1);

    const later = await t.app.get(StorageMaintenanceService).run(Date.parse('2026-04-15T00:00:00Z'));
    expect(later.partitionsDropped).toEqual(['samples_y2025m01', 'samples_y2025m02']);
    expect(await partitions()).toEqual([
      'samples_y2026m03',
      'samples_y2026m04',
      'samples_y2026m05',
      'samples_y2026m06',
    ]);
    // The compacted samples of each month go with it.
    expect(await partitions('sample_chunks')).toEqual([
      'sample_chunks_y2026m03',
      'sample_chunks_y2026m04',
      'sample_chunks_y2026m05',
      'sample_chunks_y2026m06',
    ]);
  });
});

describe('retention never drops samples an open period still reads', () => {
  const t = useTestApp({ SAMPLE_RETENTION: '60d' });

  it('keeps the months of a year that is not closed yet, and drops them once its statement is written', async () => {
    t.setNow(new Date('2025-01-02T00:00:00Z'));
    await putVendor(t, 'acme');
    const contract = contractDoc(
      'yearly-2025',
      {
        vendor: 'acme',
        effective: { from: '2025-01-01' },
        closeAfter: '72h',
        objectives: [latencyObjective('lat', 'lat', 'year')],
      },
      'Yearly',
    );
    expect((await putContractJson(t, 'yearly-2025', contract)).statusCode).toBe(201);
    await t.app.get(SamplesRepository).ensurePartitions(Date.UTC(2025, 0, 15), Date.UTC(2025, 1, 15));
    const maintenance = t.app.get(StorageMaintenanceService);
    // December 2025: 60 days back is October, but the year 2025 is still open.
    expect((await maintenance.run(Date.parse('2025-12-20T00:00:00Z'))).partitionsDropped).toEqual([]);
    // January 2026 before the close (2026-01-04): still open.
    expect((await maintenance.run(Date.parse('2026-01-03T00:00:00Z'))).partitionsDropped).toEqual([]);
    // A pass after closeAfter writes the 2025 statement; then the old months may go.
    await runPass(t, '2026-01-05T00:00:00Z');
    const dropped = (await maintenance.run(Date.parse('2026-01-05T00:00:00Z'))).partitionsDropped;
    expect(dropped).toEqual(expect.arrayContaining(['samples_y2025m01', 'samples_y2025m02']));
  });
});
