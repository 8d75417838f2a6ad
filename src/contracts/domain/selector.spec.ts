import { parseSelector, selectorKey, selectorMetric } from './selector';

const keyOf = (text: string) => {
  const s = parseSelector(text);
  return 'error' in s ? `error: ${s.error}` : selectorKey(s);
};

describe('parseSelector and selectorKey', () => {
  it.each([
    ['a bare name', 'http_requests_total', 'http_requests_total'],
    ['empty braces', 'up{}', 'up'],
    ['one matcher', 'req{service="portal"}', 'req{service="portal"}'],
    ['matchers sorted', 'req{service = "portal", code!~"5.."}', 'req{code!~"5..",service="portal"}'],
    ['a trailing comma', 'req{a="1",}', 'req{a="1"}'],
    ['escapes kept one way', 'req{path="a\\"b\\\\c"}', 'req{path="a\\"b\\\\c"}'],
    ['dots in the metric', 'http.server.requests{x="1"}', 'http.server.requests{x="1"}'],
    ['a regex with classes', 'req{code=~"5\\\\d\\\\d|429"}', 'req{code=~"5\\\\d\\\\d|429"}'],
  ])('%s', (_name, text, key) => {
    expect(keyOf(text)).toBe(key);
  });

  it.each([
    ['a bad metric name', '9req', /metric name/],
    ['no closing brace', 'req{a="1"', /ends with }/],
    ['no operator', 'req{a}', /needs one of/],
    ['an unquoted value', 'req{a=1}', /double quotes/],
    ['an open value', 'req{a="1}', /not closed|ends with/],
    ['a bad label name', 'req{1a="x"}', /label name/],
    ['an unknown escape', 'req{code=~"5\\d"}', /unknown escape/],
    ['a lookahead', 'req{a=~"(?=x)x"}', /lookaround/],
    ['a backreference', 'req{a=~"(x)\\\\1"}', /backreferences/],
    ['a word boundary', 'req{a=~"\\\\bx"}', /means different things/],
    ['a broken regex', 'req{a=~"(x"}', /not a valid regular expression/],
    ['no comma between matchers', 'req{a="1" b="2"}', /expected ,/],
  ])('refuses %s', (_name, text, message) => {
    const s = parseSelector(text);
    expect('error' in s ? s.error : 'parsed').toMatch(message);
  });

  it('reads the metric back from a key', () => {
    expect(selectorMetric('req{code!~"5.."}')).toBe('req');
    expect(selectorMetric('req')).toBe('req');
  });
});
