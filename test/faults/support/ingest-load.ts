import { Client } from 'pg';

// A vendor pushing samples as hard as a few clients can, keeping the ledger of every sample the
// service answered as accepted (or as a duplicate of one it had): the proof that nothing acknowledged
// is lost is that every ledger entry is in the database afterwards.

export interface RequestRecord {
  at: number;
  ms: number;
  /** HTTP status, or 0 for a connection error or timeout. */
  status: number;
  retryAfter: string | null;
}

export interface LoadOptions {
  /** Where to send each request (round-robin over replicas). */
  bases: () => string[];
  token: string;
  clients?: number;
  batch?: number;
  /** First sample timestamp (ms); each client's samples are 1 ms apart from there. */
  startMs: number;
  timeoutMs?: number;
}

export class IngestLoad {
  /** metric → acknowledged sample timestamps (ms). */
  readonly ledger = new Map<string, Set<number>>();
  readonly requests: RequestRecord[] = [];
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: LoadOptions) {}

  start(): this {
    this.running = true;
    const clients = this.options.clients ?? 4;
    this.loops = Array.from({ length: clients }, (_, i) => this.client(i));
    return this;
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  get acknowledged(): number {
    let n = 0;
    for (const set of this.ledger.values()) n += set.size;
    return n;
  }

  since(at: number): RequestRecord[] {
    return this.requests.filter((r) => r.at >= at);
  }

  private async client(index: number): Promise<void> {
    const metric = `load_c${index}`;
    const batch = this.options.batch ?? 200;
    const acknowledged = new Set<number>();
    this.ledger.set(metric, acknowledged);
    let next = 0;
    let turn = index;
    while (this.running) {
      const stamps = Array.from({ length: batch }, (_, k) => this.options.startMs + next + k);
      const body = JSON.stringify({
        samples: stamps.map((ts) => ({ metric, value: ts % 1000, timestamp: new Date(ts).toISOString() })),
      });
      // The same batch again until it is answered: what a vendor retrying with backoff does.
      while (this.running) {
        const bases = this.options.bases();
        const base = bases[turn++ % bases.length];
        const at = Date.now();
        try {
          const res = await fetch(`${base}/api/v1/samples`, {
            method: 'POST',
            headers: { authorization: `Bearer ${this.options.token}`, 'content-type': 'application/json' },
            body,
            signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
          });
          const text = await res.text();
          this.requests.push({
            at,
            ms: Date.now() - at,
            status: res.status,
            retryAfter: res.headers.get('retry-after'),
          });
          if (res.status === 200) {
            const answer = JSON.parse(text) as { rejected: Array<{ index: number }> };
            const rejected = new Set(answer.rejected.map((r) => r.index));
            stamps.forEach((ts, k) => {
              if (!rejected.has(k)) acknowledged.add(ts);
            });
            break;
          }
        } catch {
          this.requests.push({ at, ms: Date.now() - at, status: 0, retryAfter: null });
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      next += batch;
    }
  }
}

/** Ledger entries missing from the database (should be none). */
export async function missingFromDatabase(
  databaseUrl: string,
  ledger: Map<string, Set<number>>,
): Promise<number> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    let missing = 0;
    for (const [metric, stamps] of ledger) {
      const { rows } = await client.query<{ ms: string }>(
        `SELECT (extract(epoch FROM x.ts) * 1000)::bigint AS ms
           FROM samples x JOIN series s ON s.id = x.series_id WHERE s.metric = $1`,
        [metric],
      );
      const stored = new Set(rows.map((r) => Number(r.ms)));
      for (const ts of stamps) if (!stored.has(ts)) missing++;
    }
    return missing;
  } finally {
    await client.end();
  }
}
