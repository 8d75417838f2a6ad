import { putVendor, vendorToken } from './support/fixtures';
import { ADMIN_TOKEN, type TestApp, useReplicas } from './support/test-app';

// Token lookups are cached per replica; revocation must still reach every replica at once.
describe('revoking a token seen by two replicas', () => {
  const [a, b] = useReplicas({}, {});

  it('stops the token on the other replica within a moment, though that replica had it cached', async () => {
    await putVendor(a, 'acme');
    const token = await vendorToken(a, 'acme');
    const read = (app: TestApp) => app.request({ method: 'GET', url: '/api/v1/vendors/acme', token });
    expect((await read(b)).statusCode).toBe(200); // now cached on b
    expect((await read(b)).statusCode).toBe(200);

    const keys = await a.request({ method: 'GET', url: '/api/v1/vendors/acme/api-keys', token: ADMIN_TOKEN });
    const { id } = keys.json<{ items: Array<{ id: string }> }>().items[0];
    const revokedAt = Date.now();
    expect(
      (await a.request({ method: 'DELETE', url: `/api/v1/vendors/acme/api-keys/${id}`, token: ADMIN_TOKEN }))
        .statusCode,
    ).toBe(204);
    expect((await read(a)).statusCode).toBe(401);

    let status = 200;
    while (status !== 401 && Date.now() - revokedAt < 2000) {
      status = (await read(b)).statusCode;
      if (status !== 401) await new Promise((r) => setTimeout(r, 20));
    }
    expect(status).toBe(401);
    process.stdout.write(`revocation reached the other replica in ${Date.now() - revokedAt} ms\n`);
  });
});
