import { SamplesRepository } from '../src/ingest/samples.repository';
import { StorageMaintenanceService } from '../src/ingest/storage-maintenance.service';
import { putVendor } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

describe('sample storage maintenance', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ SAMPLE_RETENTION: '400d' });
  });
  afterAll(async () => {
    await t.close();
  });

  const partitions = async (): Promise<string[]> => {
    const rows: Array<{ name: string }> = await t.dataSource.query(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'samples'::regclass ORDER BY 1`,
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
    const summary = await t.app.get(StorageMaintenanceService).run(new Date('2026-03-03T12:00:00Z'));
    expect(summary.partitionsEnsured).toEqual(['samples_y2026m03', 'samples_y2026m04', 'samples_y2026m05']);
    expect(summary.partitionsDropped).toEqual([]);
    expect(summary.idempotencyKeysForgotten).toBe(1);

    const later = await t.app.get(StorageMaintenanceService).run(new Date('2026-04-15T00:00:00Z'));
    expect(later.partitionsDropped).toEqual(['samples_y2025m01', 'samples_y2025m02']);
    expect(await partitions()).toEqual([
      'samples_y2026m03',
      'samples_y2026m04',
      'samples_y2026m05',
      'samples_y2026m06',
    ]);
  });
});
