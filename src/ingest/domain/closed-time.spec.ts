import { closedTime } from './closed-time';

const d = (s: string) => Date.parse(`${s}T00:00:00Z`);

describe('closed time of a vendor', () => {
  it.each([
    ['nothing without contracts', [], []],
    [
      'one contract: its closed periods',
      [{ from: d('2027-01-01'), to: undefined, closed: [[d('2027-01-01'), d('2027-03-01')]] }],
      [[d('2027-01-01'), d('2027-03-01')]],
    ],
    [
      'two overlapping contracts: only what both closed',
      [
        { from: d('2027-01-01'), to: undefined, closed: [[d('2027-01-01'), d('2027-03-01')]] },
        { from: d('2027-02-01'), to: undefined, closed: [[d('2027-02-01'), d('2027-02-15')]] },
      ],
      [[d('2027-01-01'), d('2027-02-15')]],
    ],
    [
      'a contract that ended has no say after its end',
      [
        { from: d('2026-01-01'), to: d('2027-01-01'), closed: [[d('2026-01-01'), d('2027-01-01')]] },
        { from: d('2027-01-01'), to: undefined, closed: [] },
      ],
      [[d('2026-01-01'), d('2027-01-01')]],
    ],
  ] as const)('%s', (_name, contracts, expected) => {
    expect(closedTime(contracts as never)).toEqual(expected);
  });
});
