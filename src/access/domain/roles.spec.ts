import { canSeeVendor, isAllowed, type Principal, type Role } from './roles';

describe('isAllowed', () => {
  it.each<[Role, Role[], boolean]>([
    ['admin', [], true],
    ['admin', ['viewer'], true],
    ['viewer', [], false],
    ['viewer', ['viewer'], true],
    ['vendor', ['viewer'], false],
    ['vendor', ['viewer', 'vendor'], true],
  ])('a %s on a route open to %j: %p', (role, allowed, expected) => {
    expect(isAllowed(role, allowed)).toBe(expected);
  });
});

describe('canSeeVendor', () => {
  const principal = (role: Role, vendorId: string | null): Principal => ({
    keyId: 'k',
    name: 'n',
    role,
    vendorId,
  });
  it.each<[Principal, string, boolean]>([
    [principal('admin', null), 'v1', true],
    [principal('viewer', null), 'v1', true],
    [principal('vendor', 'v1'), 'v1', true],
    [principal('vendor', 'v1'), 'v2', false],
  ])('%j sees vendor %s: %p', (p, vendorId, expected) => {
    expect(canSeeVendor(p, vendorId)).toBe(expected);
  });
});
