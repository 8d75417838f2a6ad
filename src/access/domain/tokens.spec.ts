import { bearerToken, formatToken, hashesEqual, hashToken, tokenPrefix } from './tokens';

const bytes = Buffer.alloc(32, 7);

describe('tokens', () => {
  it.each(['admin', 'viewer', 'vendor'] as const)(
    'formats a %s token with a readable role and 256 random bits',
    (role) => {
      const token = formatToken(role, bytes);
      expect(token).toMatch(new RegExp(`^sla_${role}_[A-Za-z0-9_-]{43}$`));
      expect(Buffer.from(token.split('_').slice(2).join('_'), 'base64url')).toEqual(bytes);
    },
  );

  it('refuses fewer than 32 random bytes', () => {
    expect(() => formatToken('admin', Buffer.alloc(16))).toThrow();
  });

  it.each([
    ['one of our tokens', formatToken('vendor', bytes), 'sla_vendor_BwcHBwcH'],
    ['a custom admin token', 'my-own-long-admin-token', 'my-o…'],
  ])('shows only the start of %s as its prefix', (_, token, prefix) => {
    expect(tokenPrefix(token)).toBe(prefix);
  });

  it('hashes with the server secret: another secret gives another hash', () => {
    const token = formatToken('admin', bytes);
    const a = hashToken(Buffer.from('secret-a'), token);
    expect(a).toHaveLength(32);
    expect(hashesEqual(a, hashToken(Buffer.from('secret-a'), token))).toBe(true);
    expect(hashesEqual(a, hashToken(Buffer.from('secret-b'), token))).toBe(false);
    expect(hashesEqual(a, a.subarray(0, 16))).toBe(false);
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer abc', 'abc'],
    ['Bearer   abc  ', 'abc'],
    ['Basic abc', undefined],
    ['Bearer', undefined],
    ['Bearer a b', undefined],
    [undefined, undefined],
  ])('reads the bearer token of %p as %p', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });
});
