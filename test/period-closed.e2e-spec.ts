import {
  contractDoc,
  createContract,
  latencyObjective,
  objectiveDoc,
  runPass,
  vendorToken,
} from './support/fixtures';
import { useTestApp } from './support/test-app';

// `period_closed` refuses only data that every objective which could read it has closed: a quarter
// objective still reads late January data after the month objectives closed January.

const contract = contractDoc(
  'mixed-2027',
  {
    vendor: 'acme',
    effective: { from: '2027-01-01', to: '2027-12-31' },
    closeAfter: '24h',
    objectives: [
      latencyObjective('lat-month', 'lat'),
      latencyObjective('lat-quarter', 'lat', 'quarter'),
      latencyObjective('cpu-month', 'cpu'),
      objectiveDoc('p1', { kind: 'deadline', item: 'ticket', within: '4h' }, '>= 90%'),
      objectiveDoc('changes', { kind: 'deadline', item: 'change', within: '20h' }, '>= 90%', {
        responsible: 'customer',
        period: 'quarter',
      }),
    ],
  },
  'Months and a quarter',
);

describe('period_closed per input', () => {
  const t = useTestApp();
  let token: string;
  beforeAll(async () => {
    await createContract(t, 'mixed-2027', contract, { at: '2027-01-01T00:00:00Z' });
    token = await vendorToken(t, 'acme');
  });

  const push = async (samples: object[]) =>
    (await t.request({ method: 'POST', url: '/api/v1/samples', token, payload: { samples } })).json<{
      rejected: Array<{ index: number; reason: string }>;
    }>().rejected;
  const pushEvents = async (events: object[]) =>
    (await t.request({ method: 'POST', url: '/api/v1/events', token, payload: { events } })).json<{
      rejected: Array<{ index: number; reason: string }>;
    }>().rejected;
  const late = { timestamp: '2027-01-31T12:00:00Z' };

  it('refuses January data at once on the replica that closed January, for inputs only month objectives (or none) read', async () => {
    t.setNow(new Date('2027-02-02T00:01:00Z'));
    // Read the vendor's closed time now, so only the close itself can make it change.
    expect(await push([{ metric: 'cpu', value: 1, ...late }])).toEqual([]);
    await runPass(t);
    expect(
      await push([
        { metric: 'cpu', value: 1, ...late },
        { metric: 'lat', value: 1, ...late },
        { metric: 'unread', value: 1, ...late },
      ]),
    ).toEqual([
      { index: 0, reason: 'period_closed', message: expect.any(String) },
      // No objective reads it: every objective that could has (vacuously) closed January.
      { index: 2, reason: 'period_closed', message: expect.any(String) },
    ]);
  });

  it('accepts late January events a quarter objective reads, and refuses those only a month objective reads', async () => {
    expect(
      await pushEvents([
        { item: 'ticket', id: 'T1', action: 'opened', ...late },
        { item: 'change', id: 'C1', action: 'opened', ...late },
      ]),
    ).toEqual([{ index: 0, reason: 'period_closed', message: expect.any(String) }]);
  });
});
