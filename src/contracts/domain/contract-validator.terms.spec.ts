import { DROP, itRejects, NOT_KNOWN, REQUIRED, to } from './contract-fixtures.spec-helpers';

// The contract's terms in spec: vendor, time zone, effective range, fees, durations, contacts, chronic.

describe('spec fields', () => {
  itRejects([
    ['rejects an unknown spec field', 'spec.colour', to('red'), NOT_KNOWN],
    ['rejects a spec without vendor', 'spec.vendor', DROP, REQUIRED],
    ['rejects a vendor that is not a slug', 'spec.vendor', to('Acme Ltd'), /slug/],
    ['rejects a spec without timezone', 'spec.timezone', DROP, REQUIRED],
    ['rejects a time zone that is not IANA', 'spec.timezone', to('Mars/Olympus'), /IANA/],
    ['rejects a fixed UTC offset as time zone', 'spec.timezone', to('UTC+3'), /IANA/],
    ['rejects a bare offset as time zone', 'spec.timezone', to('+03:00'), /IANA/],
    ['rejects a GMT offset as time zone', 'spec.timezone', to('GMT-5'), /IANA/],
    ['rejects a time zone that is not a string', 'spec.timezone', to(3), /string/],
    ['rejects a weekStart other than sun or mon', 'spec.weekStart', to('tue'), /sun, mon/],
    ['rejects a spec without effective', 'spec.effective', DROP, REQUIRED],
    ['rejects effective without from', 'spec.effective.from', DROP, REQUIRED],
    ['rejects an impossible effective.from date', 'spec.effective.from', to('2027-02-30'), /date/],
    ['rejects a slash-separated effective.from', 'spec.effective.from', to('2027/01/01'), /date/],
    ['rejects a timestamp as effective.from', 'spec.effective.from', to('2027-01-01T00:00:00Z'), /date/],
    ['rejects a month 13 in effective.to', 'spec.effective.to', to('2027-13-01'), /date/],
    ['rejects an effective.to before effective.from', 'spec.effective.to', to('2026-12-31'), /before/],
    ['rejects an unknown field in effective', 'spec.effective.until', to('2028-01-01'), NOT_KNOWN],
    ['rejects a lower-case currency', 'spec.fees.currency', to('ils'), /ISO 4217/],
    ['rejects a currency symbol instead of an ISO 4217 code', 'spec.fees.currency', to('US$'), /ISO 4217/],
    ['rejects a four-letter currency', 'spec.fees.currency', to('EURO'), /ISO 4217/],
    ['rejects fees without a currency', 'spec.fees.currency', DROP, REQUIRED],
    ['rejects a negative monthly fee', 'spec.fees.monthly', to(-1), /at least 0/],
    ['rejects a monthly fee written as text', 'spec.fees.monthly', to('120000'), /number/],
    ['rejects a creditCap above 100', 'spec.creditCap', to(101), /at most 100/],
    ['rejects a negative creditCap', 'spec.creditCap', to(-1), /at least 0/],
    ['rejects a creditCap written with a percent sign', 'spec.creditCap', to('20%'), /number/],
    ['rejects a closeAfter that is not a duration', 'spec.closeAfter', to('soon'), /duration/],
    ['rejects a zero closeAfter', 'spec.closeAfter', to('0h'), /duration/],
    ['rejects a negative closeAfter', 'spec.closeAfter', to('-1h'), /duration/],
    ['rejects a closeAfter longer than 90 days', 'spec.closeAfter', to('91d'), /at most/],
    ['rejects a closeAfter written as a bare number', 'spec.closeAfter', to(72), /string/],
    ['rejects a notifyVendor that is not a boolean', 'spec.notifyVendor', to('yes'), /true or false/],
    [
      'rejects a repeat interval shorter than an hour',
      'spec.notifications.repeatInterval',
      (d) => (d.spec.notifications = { repeatInterval: '30m' }),
      /at least 3600/,
    ],
    [
      'rejects an unknown field in notifications',
      'spec.notifications.channel',
      (d) => (d.spec.notifications = { channel: 'mail' }),
      NOT_KNOWN,
    ],
  ]);
});

describe('contact e-mails', () => {
  itRejects([
    [
      'rejects an owner that is not an email',
      'spec.owners[0]',
      (d) => (d.spec.owners = ['not-an-email']),
      /email/,
    ],
    [
      'rejects an owner whose domain has no dot',
      'spec.owners[1]',
      (d) => (d.spec.owners = ['cio@customer.example', 'a@b']),
      /email/,
    ],
    [
      'rejects an owner with a display name',
      'spec.owners[0]',
      (d) => (d.spec.owners = ['CIO <cio@customer.example>']),
      /email/,
    ],
    [
      'rejects an owner with two @ signs',
      'spec.owners[0]',
      (d) => (d.spec.owners = ['cio@@customer.example']),
      /email/,
    ],
    ['rejects owners given as a single string', 'spec.owners', to('cio@customer.example'), /list/],
    ['rejects an owner that is a number', 'spec.owners[0]', (d) => (d.spec.owners = [42]), /string/],
    [
      'rejects a vendor contact that is not an email',
      'spec.vendorContacts[0]',
      (d) => (d.spec.vendorContacts = ['sla-desk@']),
      /email/,
    ],
  ]);
});

describe('chronic breaches', () => {
  itRejects([
    [
      'rejects chronic breaches that exceed the number of periods',
      'spec.chronic.breaches',
      (d) => (d.spec.chronic = { breaches: 7, periods: 6 }),
      /cannot exceed periods/,
    ],
    ['rejects zero chronic periods', 'spec.chronic.periods', to(0), /at least 1/],
    ['rejects fractional chronic breaches', 'spec.chronic.breaches', to(1.5), /whole/],
    ['rejects chronic without periods', 'spec.chronic.periods', DROP, REQUIRED],
  ]);
});
