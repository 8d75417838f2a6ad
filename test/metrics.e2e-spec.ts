import { useTestApp } from './support/test-app';

describe('/metrics', () => {
  describe('without METRICS_TOKEN', () => {
    const t = useTestApp();

    it('serves the Prometheus text format with the process metrics', async () => {
      const res = await t.request({ method: 'GET', url: '/metrics' });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/plain');
      expect(res.body).toContain('# TYPE process_resident_memory_bytes gauge');
      expect(res.body).toContain('nodejs_eventloop_lag_seconds');
    });
  });

  describe('with METRICS_TOKEN', () => {
    const t = useTestApp({ METRICS_TOKEN: 'scrape-secret-123' });

    it.each([
      [undefined, 401],
      ['wrong-token', 401],
      ['scrape-secret-123', 200],
    ])('answers a scrape with token %p with %i', async (token, status) => {
      const res = await t.request({ method: 'GET', url: '/metrics', token });
      expect(res.statusCode).toBe(status);
    });
  });
});
