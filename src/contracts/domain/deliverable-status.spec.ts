import { deliverableStatus, isTrustedDelivery } from './deliverable-status';

const due = new Date('2027-03-31T18:00:00Z');
const t = (iso: string) => new Date(iso);

describe('deliverableStatus', () => {
  it.each([
    ['pending before due', null, '2027-03-31T17:00:00Z', 'pending'],
    ['missed after due', null, '2027-04-01T00:00:00Z', 'missed'],
    ['delivered on the due instant', '2027-03-31T18:00:00Z', '2027-04-01T00:00:00Z', 'delivered'],
    ['delivered late', '2027-03-31T18:00:01Z', '2027-04-01T00:00:00Z', 'delivered_late'],
  ])('%s', (_name, delivered, now, status) => {
    expect(deliverableStatus(due, delivered ? t(delivered) : null, t(now).getTime())).toBe(status);
  });
});

describe('isTrustedDelivery', () => {
  it.each([
    ['a vendor delivering before due', 'vendor', '2027-03-31T10:00:00Z', '2027-03-31T10:00:05Z', true],
    ['a vendor delivering late, as late', 'vendor', '2027-04-01T10:00:00Z', '2027-04-01T10:00:00Z', true],
    [
      'a vendor claiming a second before due, a day after',
      'vendor',
      '2027-03-31T17:59:59Z',
      '2027-04-01T18:00:00Z',
      false,
    ],
    [
      'a vendor claiming on time, recorded within the skew allowance',
      'vendor',
      '2027-03-31T17:59:00Z',
      '2027-03-31T18:04:00Z',
      true,
    ],
    [
      'a vendor claiming on time, recorded past the skew allowance',
      'vendor',
      '2027-03-31T17:59:00Z',
      '2027-03-31T18:05:01Z',
      false,
    ],
    [
      'a vendor back-dating a late delivery to another late time',
      'vendor',
      '2027-04-01T00:00:00Z',
      '2027-04-02T00:00:00Z',
      true,
    ],
    [
      'an admin confirming a back-dated delivery',
      'admin',
      '2027-03-31T17:59:59Z',
      '2027-04-01T18:00:00Z',
      true,
    ],
  ])('trusts %s: %p', (_name, role, claimed, recorded, trusted) => {
    expect(isTrustedDelivery(role, t(claimed), due, t(recorded))).toBe(trusted);
  });
});
