import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { SampleChunks1795790400000 } from '../migrations/1795790400000-SampleChunks';
import { ChunkHourIndex1795794000000 } from '../migrations/1795794000000-ChunkHourIndex';
import { ChunkHourBases1795797600000 } from '../migrations/1795797600000-ChunkHourBases';
import { ChunkHourIndexInline1795801200000 } from '../migrations/1795801200000-ChunkHourIndexInline';
import { ChunkIntegerValues1795808400000 } from '../migrations/1795808400000-ChunkIntegerValues';
import { HourlyCompaction1795812000000 } from '../migrations/1795812000000-HourlyCompaction';
import { dataSourceOptions } from '../src/database/data-source';
import { createTestDatabase, type TestDatabase } from './support/test-database';

// Every migration can be taken back and applied again: down() of each, newest first, leaves the
// schema its up() found, and up() again gives the same schema as a fresh migration.

describe('migrations', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    ds = await new DataSource(dataSourceOptions(db.url)).initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  /** The public schema as text: tables, columns, constraints and indexes (names and definitions). */
  const schema = async (): Promise<string> => {
    const rows: Array<{ line: string }> = await ds.query(`
      SELECT 'column ' || table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable ||
             ' ' || coalesce(column_default, '') AS line
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> 'migrations'
      UNION ALL
      SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid)
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid <> 'migrations'::regclass
      UNION ALL
      SELECT 'index ' || indexname || ' ' || indexdef FROM pg_indexes
       WHERE schemaname = 'public' AND tablename <> 'migrations'
      UNION ALL
      SELECT 'storage ' || a.attrelid::regclass || '.' || a.attname || ' ' || a.attstorage::text
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_type t ON t.oid = a.atttypid
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND a.attnum > 0
         AND NOT a.attisdropped AND a.attstorage <> t.typstorage
      ORDER BY 1`);
    return rows.map((r) => r.line).join('\n');
  };

  it('runs every down() newest first, then every up() again, to the same schema', async () => {
    await ds.runMigrations({ transaction: 'each' });
    const migrated = await schema();
    expect(migrated).toContain('column samples.value double precision');
    expect(migrated).toContain('storage sample_chunks.hour_bases p');
    // Newest first: after undoing migration k, the schema equals the one migrations 1..k-1 made.
    const before: string[] = [];
    for (let i = MIGRATIONS.length - 1; i >= 0; i--) {
      await ds.undoLastMigration({ transaction: 'each' });
      before.unshift(await schema());
    }
    expect(before[0]).toBe('');
    const [{ n }] = await ds.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM migrations`);
    expect(Number(n)).toBe(0);
    // Up again one at a time: each up() reaches the schema its down() had left behind it.
    const runner = ds.createQueryRunner();
    try {
      for (let i = 0; i < MIGRATIONS.length; i++) {
        await new MIGRATIONS[i]().up(runner);
        expect(await schema()).toBe(i + 1 < MIGRATIONS.length ? before[i + 1] : migrated);
      }
    } finally {
      await runner.release();
    }
    expect(await schema()).toBe(migrated);
  });

  it('moves the folded samples of past days into chunks, and back on down(), value for value', async () => {
    // The first test leaves every migration applied by hand: take this one back the same way.
    const migration = new SampleChunks1795790400000();
    const hourIndex = new ChunkHourIndex1795794000000();
    const hourBases = new ChunkHourBases1795797600000();
    const inline = new ChunkHourIndexInline1795801200000();
    const integers = new ChunkIntegerValues1795808400000();
    const hourly = new HourlyCompaction1795812000000();
    const runner = ds.createQueryRunner();
    await hourly.down(runner);
    await integers.down(runner);
    await inline.down(runner);
    await hourBases.down(runner);
    await hourIndex.down(runner);
    await migration.down(runner);
    await ds.query(
      `CREATE TABLE samples_y2026m01 PARTITION OF samples FOR VALUES FROM ('2026-01-01') TO ('2026-02-01')`,
    );
    // Two series over two days (one irregular, microseconds kept), and one row of a pending batch.
    await ds.query(
      `INSERT INTO samples (series_id, ts, value, batch_id)
       SELECT s, timestamptz '2026-01-05' + m * interval '1 minute' + (m % 7) * interval '1.000001 second',
              CASE s WHEN 1 THEN m * 0.1 ELSE -m END, 0
         FROM generate_series(1, 2) s, generate_series(0, 2 * 1440 - 1) m`,
    );
    await ds.query(
      `WITH b AS (INSERT INTO ingest_batches (vendor_id, received_at, submitted) VALUES (gen_random_uuid(), now(), 1) RETURNING id)
       INSERT INTO samples (series_id, ts, value, batch_id) SELECT 3, '2026-01-06T10:00:00Z', 42, id FROM b`,
    );
    const before = await ds.query(`SELECT series_id, ts::text, value FROM samples ORDER BY 1, 2`);
    await migration.up(runner);
    const [counts] = await ds.query(
      `SELECT (SELECT count(*) FROM samples)::int AS rows, (SELECT count(*) FROM sample_chunks)::int AS chunks`,
    );
    expect(counts).toEqual({ rows: 1, chunks: 4 });
    // The one reader gives back every sample as it was.
    const read = await ds.query(
      `SELECT s.id AS series_id, r.ts::text, r.value FROM (VALUES (1), (2), (3)) AS s(id)
        CROSS JOIN LATERAL sla_samples(s.id, '-infinity', 'infinity') r ORDER BY 1, 2`,
    );
    expect(read.map((r: { series_id: number }) => ({ ...r, series_id: String(r.series_id) }))).toEqual(
      before,
    );
    await migration.down(runner);
    expect(await ds.query(`SELECT series_id, ts::text, value FROM samples ORDER BY 1, 2`)).toEqual(before);
    await migration.up(runner);
    // The hour index and the hours' offsets are built for the chunks already there.
    await hourIndex.up(runner);
    await hourBases.up(runner);
    // Built there with the default storage, the two index arrays went out of line (TOAST).
    const toasted = async (): Promise<number> => {
      const [{ toast }] = await ds.query<Array<{ toast: string }>>(
        `SELECT reltoastrelid::regclass::text AS toast FROM pg_class WHERE relname = 'sample_chunks_y2026m01'`,
      );
      const [{ n }] = await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${toast}`);
      return n;
    };
    expect(await toasted()).toBeGreaterThan(0);
    await inline.up(runner);
    expect(await toasted()).toBe(0);
    // A month partition made later (by the intake) keeps them in line too.
    await ds.query(
      `CREATE TABLE sample_chunks_y2026m02 PARTITION OF sample_chunks FOR VALUES FROM ('2026-02-01') TO ('2026-03-01')`,
    );
    const storage = await ds.query(
      `SELECT attname, attstorage FROM pg_attribute
        WHERE attrelid = 'sample_chunks_y2026m02'::regclass AND attname LIKE 'hour_%' ORDER BY 1`,
    );
    expect(storage).toEqual([
      { attname: 'hour_bases', attstorage: 'p' },
      { attname: 'hour_starts', attstorage: 'p' },
    ]);
    // Integer values move to the small-integer form (series 2: -m), fractions stay doubles (series 1),
    // and every sample reads back as it was, through up() and down().
    const forms = () =>
      ds.query(
        `SELECT series_id::int AS s, vals IS NOT NULL AS doubles, ivals IS NOT NULL AS ints, vbase IS NOT NULL AS stepped
           FROM sample_chunks ORDER BY series_id, day`,
      );
    const all = () =>
      ds.query(
        `SELECT s.id AS series_id, r.ts::text, r.value FROM (VALUES (1), (2), (3)) AS s(id)
          CROSS JOIN LATERAL sla_samples(s.id, '-infinity', 'infinity') r ORDER BY 1, 2`,
      );
    const asBefore = (rows: Array<{ series_id: number }>) =>
      rows.map((r) => ({ ...r, series_id: String(r.series_id) }));
    await integers.up(runner);
    const floats = { doubles: true, ints: false, stepped: false };
    const direct = { doubles: false, ints: true, stepped: false };
    expect(await forms()).toEqual([
      { s: 1, ...floats },
      { s: 1, ...floats },
      { s: 2, ...direct },
      { s: 2, ...direct },
    ]);
    expect(asBefore(await all())).toEqual(before);
    await integers.down(runner);
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM sample_chunks WHERE cardinality(vals) = 2880 / 2`,
    );
    expect(n).toBe(4);
    expect(asBefore(await all())).toEqual(before);
    await integers.up(runner);
    expect(asBefore(await all())).toEqual(before);
    await hourly.up(runner);
    await runner.release();
  });

  it('indexes the hours of every chunk: a read of any range gives what the whole chunks hold in it', async () => {
    // Beside the two regular series the test above compacted: a sparse chunk with empty hours, a
    // sample exactly on an hour and the last microsecond of an hour and of the day.
    await ds.query(
      `INSERT INTO sample_chunks (series_id, day, deltas, vals, hour_starts, hour_bases)
       SELECT 4, timestamptz '2026-01-07', d, v, sla_chunk_hour_starts(d), sla_chunk_hour_bases(d)
         FROM (VALUES ('{0, 10800000000, 3599999999, 72000000000}'::bigint[], '{1, 2, 3, 4}'::float8[])) AS x(d, v)`,
    );
    // A counter (steps from a large value) over the same two days, in the stepped integer form.
    await ds.query(
      `INSERT INTO sample_chunks (series_id, day, deltas, vals, ivals, vbase, hour_starts, hour_bases)
       SELECT 5, day, d, e.vals, e.ivals, e.vbase, sla_chunk_hour_starts(d), sla_chunk_hour_bases(d)
         FROM (SELECT timestamptz '2026-01-05' + k * interval '1 day' AS day,
                      array_prepend(0::bigint, array_fill(60000000::bigint, ARRAY[1439])) AS d,
                      ARRAY(SELECT 1e12 + (k * 1440 + m) * 97 + m % 5 FROM generate_series(0, 1439) m)::float8[] AS v
                 FROM generate_series(0, 1) k) x
        CROSS JOIN LATERAL sla_chunk_encode(x.v) e`,
    );
    const [stepped] = await ds.query(
      `SELECT count(*)::int AS n FROM sample_chunks WHERE series_id = 5 AND vbase > 0`,
    );
    expect(stepped.n).toBe(2);
    const [sparse] = await ds.query(`SELECT hour_starts, hour_bases FROM sample_chunks WHERE series_id = 4`);
    expect(sparse.hour_starts).toEqual([1, 2, 2, 2, ...Array(20).fill(4), 5]);
    // The offset of the last sample before each hour: 0:00, then 3:59:59.999999, then 23:59:59.999999.
    expect(sparse.hour_bases).toEqual(['0', '0', '0', '0', ...Array(20).fill('14399999999'), '86399999999']);
    // Seeded ranges over the chunks' days: random microsecond bounds, whole hours, open ends.
    let seed = 17;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const from = Date.parse('2026-01-04T12:00:00Z');
    const ranges: Array<[number, string, string]> = [];
    for (let i = 0; i < 400; i++) {
      const micros = Math.floor(random() * 4 * 86_400e6);
      const hour = i % 4 === 0;
      const lo = hour ? Math.floor(micros / 3_600e6) * 3_600e6 : micros;
      const length = hour ? Math.ceil(random() * 30) * 3_600e6 : Math.floor(random() * 30 * 3_600e6);
      const at = (us: number) =>
        `${new Date(from + Math.floor(us / 1000)).toISOString().slice(0, 19)}.${String(us % 1e6).padStart(6, '0')}Z`;
      ranges.push([1 + (i % 5), at(lo), at(lo + length)]);
    }
    ranges.push(
      [1, '-infinity', 'infinity'],
      [4, '-infinity', '2026-01-07T03:30:00Z'],
      [4, '2026-01-07T23:00:00Z', 'infinity'],
    );
    const [row] = await ds.query(
      `WITH r AS (
         SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS r(s, lo, hi, i)
       ), got AS (
         SELECT r.i, x.ts, x.value FROM r CROSS JOIN LATERAL sla_samples(r.s, r.lo, r.hi) x
       ), want AS (
         SELECT r.i, u.ts, u.value FROM r JOIN sample_chunks c ON c.series_id = r.s
          CROSS JOIN LATERAL sla_chunk_rows(c.day, c.deltas, sla_chunk_values(c.vals, c.ivals, c.vbase)) u WHERE u.ts >= r.lo AND u.ts < r.hi
         UNION ALL
         SELECT r.i, s.ts, s.value FROM r JOIN samples s ON s.series_id = r.s AND s.ts >= r.lo AND s.ts < r.hi
       )
       SELECT (SELECT count(*) FROM got)::int AS got, (SELECT count(*) FROM want)::int AS want,
              (SELECT count(*) FROM (SELECT * FROM got EXCEPT ALL SELECT * FROM want) d)::int +
              (SELECT count(*) FROM (SELECT * FROM want EXCEPT ALL SELECT * FROM got) d)::int AS differ`,
      [ranges.map((r) => r[0]), ranges.map((r) => r[1]), ranges.map((r) => r[2])],
    );
    expect(row.want).toBeGreaterThan(10_000);
    expect(row).toEqual({ got: row.want, want: row.want, differ: 0 });
  });

  it('takes an hour cursor back to a day cursor: the chunks from its day on go back to rows', async () => {
    const hourly = new HourlyCompaction1795812000000();
    const runner = ds.createQueryRunner();
    const read = () =>
      ds.query(
        `SELECT s.id AS series_id, r.ts::text, r.value FROM generate_series(1::bigint, 5) AS s(id)
          CROSS JOIN LATERAL sla_samples(s.id, '-infinity', 'infinity') r ORDER BY 1, 2`,
      );
    const before = await read();
    // The cursor inside 2026-01-06, as hourly compaction leaves it during that day.
    await ds.query(
      `UPDATE sample_compaction SET at = '2026-01-06T05:00:00Z', until = '2026-01-06T06:00:00Z'`,
    );
    await hourly.down(runner);
    expect(await ds.query(`SELECT day::text, series_after::int FROM sample_compaction`)).toEqual([
      { day: '2026-01-06 00:00:00+00', series_after: 0 },
    ]);
    expect(await ds.query(`SELECT DISTINCT day::text FROM sample_chunks ORDER BY 1`)).toEqual([
      { day: '2026-01-05 00:00:00+00' },
    ]);
    expect(await read()).toEqual(before);
    await hourly.up(runner);
    expect(await ds.query(`SELECT at::text, until::text FROM sample_compaction`)).toEqual([
      { at: '2026-01-06 00:00:00+00', until: '2026-01-07 00:00:00+00' },
    ]);
    await runner.release();
  });

  // Migration ChunkIntegerValues: which form each kind of values takes, and that every value (its
  // bytes: -0, NaN) reads back exactly, whole and through the hour slice.
  it.each([
    ['{1,2,3}', 'direct'],
    ['{100,90,110,95}', 'direct'],
    ['{32767,-32767}', 'direct'],
    ['{7}', 'direct'],
    ['{-32768,-32767}', 'stepped'],
    ['{70000}', 'stepped'],
    ['{1000000000000,1000000000100,1000000000050}', 'stepped'],
    ['{4503599627370495,4503599627370494}', 'stepped'],
    ['{4503599627370496}', 'doubles'],
    ['{0,-0}', 'doubles'],
    ['{-0}', 'doubles'],
    ['{1.5,2}', 'doubles'],
    ['{1000000000000,5}', 'doubles'],
    ['{0,40000}', 'doubles'],
    ['{NaN}', 'doubles'],
    ['{Infinity,1}', 'doubles'],
  ])('keeps %s exact in the %s form', async (values, form) => {
    const [row] = await ds.query(
      `WITH v AS (SELECT $1::float8[] AS v), d AS (
         SELECT array_agg(CASE WHEN n = 1 THEN 0 ELSE 1000 END::bigint ORDER BY n) AS d
           FROM generate_series(1, (SELECT cardinality(v) FROM v)) AS n
       ), e AS (SELECT e.* FROM v, sla_chunk_encode(v.v) e)
       SELECT CASE WHEN e.vals IS NOT NULL THEN 'doubles' WHEN e.vbase IS NULL THEN 'direct' ELSE 'stepped' END AS form,
              (SELECT array_agg(encode(float8send(x), 'hex') ORDER BY n) FROM unnest(v.v) WITH ORDINALITY AS u(x, n)) AS want,
              (SELECT array_agg(encode(float8send(x), 'hex') ORDER BY n)
                 FROM unnest(sla_chunk_values(e.vals, e.ivals, e.vbase)) WITH ORDINALITY AS u(x, n)) AS whole,
              (SELECT array_agg(encode(float8send(s.value), 'hex') ORDER BY s.ts)
                 FROM sla_chunk_slice(timestamptz '2026-01-07', d.d, e.vals, e.ivals, e.vbase,
                                      sla_chunk_hour_starts(d.d), sla_chunk_hour_bases(d.d),
                                      timestamptz '2026-01-06', timestamptz '2026-01-08') s) AS sliced
         FROM v, d, e`,
      [values],
    );
    expect(row.form).toBe(form);
    expect(row.whole).toEqual(row.want);
    expect(row.sliced).toEqual(row.want);
  });
});
