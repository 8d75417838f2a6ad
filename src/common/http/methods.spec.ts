import { allowedMethods, compileRoutes } from './methods';

describe('allowedMethods', () => {
  const routes = compileRoutes([
    { method: 'GET', url: '/api/v1/vendors' },
    { method: 'GET', url: '/api/v1/vendors/:key' },
    { method: 'PUT', url: '/api/v1/vendors/:key' },
    { method: 'HEAD', url: '/api/v1/vendors/:key' },
    { method: 'GET', url: '/api/v1/contracts/:key/statements/chain' },
    { method: 'GET', url: '/api/v1/contracts/:key/statements/:period' },
    { method: 'POST', url: '/api/v1/contracts/:key/statements/:period/restatements' },
  ]);

  it.each([
    ['/api/v1/vendors', ['GET']],
    ['/api/v1/vendors/acme', ['GET', 'HEAD', 'PUT']],
    ['/api/v1/vendors/acme/', ['GET', 'HEAD', 'PUT']],
    ['/api/v1/contracts/c/statements/chain', ['GET']],
    ['/api/v1/contracts/c/statements/2027-02/restatements', ['POST']],
    ['/api/v1/vendors/acme/nothing', []],
    ['/api/v1/vendors//', []],
    ['/api/v1/vendor', []],
  ])('%s → %j', (path, methods) => {
    expect(allowedMethods(routes, path)).toEqual(methods);
  });

  it('treats route text literally, not as a pattern', () => {
    expect(allowedMethods(compileRoutes([{ method: 'GET', url: '/a.b' }]), '/aXb')).toEqual([]);
  });
});
