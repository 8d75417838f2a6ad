import {
  asAdmin,
  contractDoc,
  createContract,
  latencyObjective,
  runPass,
  vendorToken,
} from './support/fixtures';
import { useTestApp } from './support/test-app';

// A contract applied today but effective months ago: the periods that ended before it was applied are
// closed and stored, quietly; periods that end after it was applied mail their statement as usual.

const contract = contractDoc(
  'late-2026',
  {
    vendor: 'acme',
    effective: { from: '2026-06-01', to: '2027-12-31' },
    closeAfter: '24h',
    vendorContacts: ['desk@acme.example'],
    objectives: [latencyObjective('lat', 'lat')],
  },
  'Applied late',
);

describe('a back-dated contract', () => {
  const t = useTestApp();
  beforeAll(() => createContract(t, 'late-2026', contract, { at: '2027-01-15T00:00:00Z' }));

  const pass = (iso: string) => runPass(t, iso);
  const statementMails = async () =>
    Number(
      (
        await t.dataSource.query<Array<{ n: string }>>(
          `SELECT count(*) AS n FROM notifications WHERE event = 'period.statement'`,
        )
      )[0].n,
    );
  const statements = async () =>
    (await asAdmin(t, 'GET', '/api/v1/contracts/late-2026/statements')).json<{
      items: Array<{ period: string }>;
    }>().items;

  it('closes the months that ended before it was applied, mailing only the last of them', async () => {
    await pass('2027-01-15T00:01:00Z');
    await pass('2027-01-15T00:02:00Z');
    // June to December 2026: seven months, six per pass; December's statement is the one summary.
    expect(await statements()).toHaveLength(7);
    expect(await statementMails()).toBe(1);
    const [{ key }] = await t.dataSource.query<Array<{ key: string }>>(
      `SELECT event_key AS key FROM notifications WHERE event = 'period.statement'`,
    );
    expect(key).toContain(':2026-12:');
  });

  it('mails the statement of the first period that ends after it was applied', async () => {
    await pass('2027-02-02T00:01:00Z');
    expect(await statements()).toHaveLength(8);
    expect(await statementMails()).toBe(2);
  });
});

describe('a period no pass saw while it was open', () => {
  const t = useTestApp();
  beforeAll(async () => {
    const doc = {
      ...contract,
      spec: { ...contract.spec, effective: { from: '2027-03-01', to: '2027-12-31' } },
    };
    await createContract(t, 'late-2026', doc, { at: '2027-03-01T00:00:00Z' });
  });

  it('closes breached with a final breach on record, listed in the statement', async () => {
    const token = await vendorToken(t, 'acme');
    t.setNow(new Date('2027-03-10T00:00:00Z'));
    const push = await t.request({
      method: 'POST',
      url: '/api/v1/samples',
      token,
      payload: { samples: [{ metric: 'lat', value: 250, timestamp: '2027-03-09T12:00:00Z' }] },
    });
    expect(push.json()).toMatchObject({ accepted: 1 });
    // No pass until after March closed (closeAfter 24h).
    await runPass(t, '2027-04-02T00:01:00Z');
    const statement = await asAdmin(t, 'GET', '/api/v1/contracts/late-2026/statements/2027-03');
    const body = statement.json<{ objectives: Array<{ key: string; status: string; breaches: string[] }> }>();
    expect(body.objectives[0]).toMatchObject({ key: 'lat', status: 'breached' });
    expect(body.objectives[0].breaches).toHaveLength(1);
    const breaches = await asAdmin(t, 'GET', '/api/v1/breaches');
    expect(breaches.json<{ items: Array<{ id: string; status: string; period: unknown }> }>().items).toEqual([
      expect.objectContaining({ id: body.objectives[0].breaches[0], status: 'final' }),
    ]);
  });
});
