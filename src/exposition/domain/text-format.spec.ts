import { escapeLabelValue, Family, formatValue, labelSet } from './text-format';

describe('Prometheus text format', () => {
  it.each([
    ['plain', 'portal', 'portal'],
    ['quote', 'say "hi"', 'say \\"hi\\"'],
    ['backslash', 'C:\\path', 'C:\\\\path'],
    ['line feed', 'a\nb', 'a\\nb'],
    ['unicode kept', 'זמינות ✓', 'זמינות ✓'],
  ])('escapes a label value: %s', (_, input, output) => {
    expect(escapeLabelValue(input)).toBe(output);
  });

  it.each([
    [1, '1'],
    [0.999, '0.999'],
    [-0.25, '-0.25'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
    [Number.NaN, 'NaN'],
  ])('formats %d as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });

  it('writes a family with HELP and TYPE once, then its samples', () => {
    const f = new Family('sla_x', 'An x\nof two lines', 'gauge');
    f.add(
      labelSet([
        ['vendor', 'acme'],
        ['title', 'a "b"'],
      ]),
      1,
    );
    f.add(
      labelSet([
        ['vendor', 'globex'],
        ['title', ''],
      ]),
      0.5,
    );
    expect(f.size).toBe(2);
    expect(f.toString()).toBe(
      '# HELP sla_x An x\\nof two lines\n# TYPE sla_x gauge\n' +
        'sla_x{vendor="acme",title="a \\"b\\""} 1\nsla_x{vendor="globex",title=""} 0.5\n',
    );
  });
});
