import { afterFailure, classifyFailure, MAX_ATTEMPTS, retryDelayMs } from './retry';
import { isSafeAddress, recipientsFor, type Audience } from './recipients';
import { NOTIFICATION_EVENTS, type NotificationEvent } from './events';

describe('classifyFailure', () => {
  it.each([
    ['451 greylisted', { code: 'EMESSAGE', responseCode: 451 }, 'temporary'],
    ['421 shutting down', { code: 'EPROTOCOL', responseCode: 421 }, 'temporary'],
    ['452 mailbox full', { code: 'EENVELOPE', responseCode: 452 }, 'temporary'],
    ['550 no such user', { code: 'EENVELOPE', responseCode: 550 }, 'permanent'],
    ['554 rejected', { code: 'EMESSAGE', responseCode: 554 }, 'permanent'],
    ['connection refused', { code: 'ECONNECTION' }, 'temporary'],
    ['raw ECONNREFUSED', { code: 'ECONNREFUSED' }, 'temporary'],
    ['timeout', { code: 'ETIMEDOUT' }, 'temporary'],
    ['socket closed', { code: 'ESOCKET' }, 'temporary'],
    ['bad credentials are configuration', { code: 'EAUTH', responseCode: 535 }, 'temporary'],
    ['a message that cannot be built', { code: 'EMESSAGE' }, 'permanent'],
    ['anything unknown', {}, 'permanent'],
  ])('%s', (_, error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });
});

describe('retry timing', () => {
  it.each([
    [1, 0.5, 30_000],
    [2, 0.5, 60_000],
    [3, 0.5, 120_000],
    [8, 0.5, 3_600_000],
    [9, 0.5, 3_600_000],
    [1, 0, 22_500],
    [1, 0.999_999, 37_500],
  ])('try %d failed, random %d: %d ms', (attempts, random, ms) => {
    expect(retryDelayMs(attempts, random)).toBe(ms);
  });

  it('retries temporary failures until the last try, then gives up', () => {
    expect(afterFailure('temporary', 1, 1_000, 0.5)).toEqual({ status: 'pending', nextAttemptAt: 31_000 });
    expect(afterFailure('temporary', MAX_ATTEMPTS - 1, 0, 0.5).status).toBe('pending');
    expect(afterFailure('temporary', MAX_ATTEMPTS, 0, 0.5)).toEqual({ status: 'failed' });
    expect(afterFailure('permanent', 1, 0, 0.5)).toEqual({ status: 'failed' });
  });
});

describe('recipientsFor', () => {
  const audience: Audience = {
    owners: ['cio@customer.example', 'vm@customer.example'],
    vendorContacts: ['desk@vendor.example', 'CIO@customer.example'],
    notifyVendor: true,
  };

  // The "to" column of docs/notifications.md, "Events".
  type To = 'owners' | 'owners; vendor contacts unless notifyVendor: false';
  const toColumn: Record<NotificationEvent, To> = {
    'breach.opened': 'owners; vendor contacts unless notifyVendor: false',
    'breach.resolved': 'owners; vendor contacts unless notifyVendor: false',
    'breach.reminder': 'owners',
    'objective.at_risk': 'owners',
    'deliverable.due_soon': 'owners; vendor contacts unless notifyVendor: false',
    'period.statement': 'owners; vendor contacts unless notifyVendor: false',
    'contract.chronic_breach': 'owners',
  };

  it.each(NOTIFICATION_EVENTS.map((e) => [e, toColumn[e] !== 'owners'] as const))(
    '%s: owners always, vendor contacts %s',
    (event, vendor) => {
      const to = recipientsFor(event, audience);
      expect(to).toEqual(
        vendor ? ['cio@customer.example', 'vm@customer.example', 'desk@vendor.example'] : audience.owners,
      );
      // notifyVendor: false keeps every vendor mail to the owners.
      expect(recipientsFor(event, { ...audience, notifyVendor: false })).toEqual(audience.owners);
    },
  );

  it.each([
    ['plain', 'a.b+tag@mail.example.com', true],
    ['CR LF header', 'a@b.example\r\nBcc: x@evil.example', false],
    ['display name', 'Eve <eve@evil.example>', false],
    ['two addresses', 'a@b.example, c@d.example', false],
    ['no domain dot', 'a@localhost', false],
    ['space', 'a b@c.example', false],
    ['unicode local part', 'jöran@c.example', false],
  ])('address %s', (_, address, ok) => {
    expect(isSafeAddress(address)).toBe(ok);
    expect(
      recipientsFor('breach.opened', { owners: [address], vendorContacts: [], notifyVendor: true }),
    ).toEqual(ok ? [address] : []);
  });
});
