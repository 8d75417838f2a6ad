import { comparisonText, figureText, localTime, money, plain, targetText } from './format';
import { headerText, messageIdDomain, threadOf } from './headers';
import { render, splitSubject } from './render';

describe('comparisonText', () => {
  it.each([
    ['breached ratio', 0.998234, '>=', 0.999, true, '99.82% < 99.9%'],
    ['met ratio', 0.99912, '>=', 0.999, true, '99.91% >= 99.9%'],
    ['rounding would read as equal', 0.998999, '>=', 0.999, true, '99.8999% < 99.9%'],
    ['rounding would read as above', 0.9989996, '>=', 0.999, true, '99.89996% < 99.9%'],
    ['threshold breached', 412.4, '<=', 300, false, '412.4 > 300'],
    ['threshold met', 280, '<=', 300, false, '280 <= 300'],
    ['strictly greater, equal value', 0.95, '>', 0.95, true, '95% <= 95%'],
    ['strictly less met', 10, '<', 20, false, '10 < 20'],
    ['stored operator names', 0.98, 'gte', 0.99, true, '98% < 99%'],
    ['stored lte', 250, 'lte', 200, false, '250 > 200'],
  ])('%s', (_, attainment, op, target, pct, text) => {
    expect(comparisonText(attainment, op, target, pct)).toBe(text);
  });

  it('formats figures, targets, times and money', () => {
    expect(plain(1.5, 4)).toBe('1.5');
    expect(figureText(0.99823, true)).toBe('99.823%');
    expect(figureText(412.44444, false)).toBe('412.444');
    expect(targetText('>=', 0.999, true)).toBe('>= 99.9%');
    expect(targetText('<=', 300, false)).toBe('<= 300');
    expect(targetText('gt', 0.5, true)).toBe('> 50%');
    expect(localTime('2027-03-31T15:00:00.000Z', 'Asia/Jerusalem')).toBe('2027-03-31 18:00 (+03:00)');
    expect(money(6000, 'ILS')).toBe('6,000.00 ILS');
  });
});

describe('headerText', () => {
  it.each([
    ['CR LF injection', 'Breach\r\nBcc: eve@evil.example', 'Breach Bcc: eve@evil.example'],
    ['bare LF and tabs', 'a\n\tb', 'a b'],
    ['NUL and DEL', 'a\u0000b\u007fc', 'a b c'],
    ['unicode line separators', 'a\u2028b\u2029c\u0085d', 'a b c d'],
    ['unicode kept', 'זמינות ✓ 99.9%', 'זמינות ✓ 99.9%'],
  ])('%s', (_, input, output) => {
    expect(headerText(input)).toBe(output);
  });

  it('cuts long text without splitting a character', () => {
    const long = '😀'.repeat(300);
    const cut = headerText(long);
    expect(Array.from(cut)).toHaveLength(200);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.includes('\uFFFD')).toBe(false);
  });
});

describe('thread headers', () => {
  const breachId = '5f0c7a3e-1111-4222-8333-944445555666';
  it('puts every mail about a breach in the thread of its opening mail', () => {
    const root = `<breach.${breachId}@customer.example>`;
    expect(
      threadOf('breach.opened', `breach.opened:${breachId}`, 'customer.example', {
        breachId,
        contractId: 'c',
      }),
    ).toEqual({
      messageId: root,
    });
    for (const [event, key] of [
      ['breach.reminder', `breach.reminder:${breachId}:2`],
      ['breach.resolved', `breach.resolved:${breachId}`],
    ] as const) {
      const t = threadOf(event, key, 'customer.example', { breachId, contractId: 'c' });
      expect(t.inReplyTo).toBe(root);
      expect(t.references).toEqual([root]);
      expect(t.messageId).not.toBe(root);
      expect(t.messageId).toMatch(/^<[A-Za-z0-9.-]+@customer\.example>$/);
    }
  });

  it('threads restatements under the first statement, and keeps other ids safe', () => {
    const v1 = threadOf('period.statement', 'period.statement:c1:2027-03:v1', 'x.example', {
      contractId: 'c1',
      period: '2027-03',
      version: 1,
    });
    const v2 = threadOf('period.statement', 'period.statement:c1:2027-03:v2', 'x.example', {
      contractId: 'c1',
      period: '2027-03',
      version: 2,
    });
    expect(v2.inReplyTo).toBe(v1.messageId);
    const odd = threadOf('objective.at_risk', 'objective.at_risk:o:2027-03@2027-03-05\r\nX: y', 'x.example', {
      contractId: 'c1',
    });
    expect(odd.messageId).toMatch(/^<[A-Za-z0-9.-]+@x\.example>$/);
  });

  it.each([
    ['SLA Sentinel <sla@customer.example>', 'customer.example'],
    ['sla@Mail.Customer.Example', 'mail.customer.example'],
    ['weird <x@>', 'sla-sentinel.invalid'],
  ])('Message-ID domain of %s', (from, domain) => {
    expect(messageIdDomain(from)).toBe(domain);
  });
});

describe('render', () => {
  it('fills placeholders, drops lines whose facts are all empty, escapes where asked', () => {
    const template = 'A: {{a}}\nB: {{b}}\nBoth: {{a}} {{b}}\nplain line';
    expect(render(template, { a: '<x>', b: '' })).toBe('A: <x>\nBoth: <x> \nplain line');
    expect(render('{{a}}', { a: '<x>&"' }, (s) => s.replace(/</g, '&lt;'))).toBe('&lt;x>&"');
  });

  it('refuses unknown placeholders and templates without a subject', () => {
    expect(() => render('{{nope}}', {})).toThrow('{{nope}}');
    expect(() => splitSubject('no subject')).toThrow('Subject');
    expect(splitSubject('Subject: [x] {{a}}\n\nbody\n')).toEqual({ subject: '[x] {{a}}', body: 'body\n' });
  });
});
