import { gunzipSync } from 'node:zlib';
import {
  asAdmin,
  createContract,
  EXAMPLE_CONTRACT_YAML,
  putContractYaml,
  runPass,
  vendorToken,
} from './support/fixtures';
import { useTestApp } from './support/test-app';

// The SLA series of docs/metrics.md from the last pass held in memory (the dashboards and the
// real-Prometheus checks are in test/prometheus/).
describe('SLA series on /metrics', () => {
  const t = useTestApp();
  beforeAll(async () => {
    await createContract(t, 'acme-it-2027', EXAMPLE_CONTRACT_YAML, { at: '2027-03-02T12:00:00Z' });
    const token = await vendorToken(t, 'acme');
    const samples = Array.from({ length: 120 }, (_, m) => {
      const timestamp = new Date(Date.parse('2027-03-02T10:00:00Z') + m * 60_000).toISOString();
      return [
        { metric: 'portal_requests', value: 100, timestamp },
        { metric: 'portal_requests_ok', value: m < 5 ? 0 : 100, timestamp },
        { metric: 'portal_up', value: 1, timestamp },
        { metric: 'api_latency_ms', value: 120 + (m % 10), timestamp },
      ];
    }).flat();
    await t.request({ method: 'POST', url: '/api/v1/samples', token, payload: { samples } });
    await runPass(t);
  });

  const scrape = async () => (await t.request({ method: 'GET', url: '/metrics' })).body;

  it('serves the same series gzip-encoded when asked (what Prometheus asks for)', async () => {
    const plain = await t.request({ method: 'GET', url: '/metrics' });
    const packed = await t.request({
      method: 'GET',
      url: '/metrics',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(packed.headers['content-encoding']).toBe('gzip');
    expect(Number(packed.headers['content-length'])).toBe(packed.rawPayload.length);
    expect(Number(plain.headers['content-length'])).toBe(plain.rawPayload.length);
    // Several gzip members, read as one stream; the SLA part is byte for byte the plain one.
    const unpacked = gunzipSync(packed.rawPayload).toString();
    const sla = (text: string) => text.slice(text.indexOf('# HELP sla_objective_info'));
    expect(sla(plain.body).length).toBeGreaterThan(1000);
    expect(sla(unpacked)).toBe(sla(plain.body));
    expect(unpacked).toContain('# TYPE process_resident_memory_bytes gauge');
  });
  const value = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('exposes every objective with info, attainment, target, status and period end', async () => {
    const text = await scrape();
    const id = 'vendor="acme",contract="acme-it-2027",objective="portal-availability"';
    expect(text).toMatch(
      /sla_objective_info\{[^}]*objective="portal-availability"[^}]*kind="ratio"[^}]*period="month"[^}]*severity="critical"[^}]*\} 1/,
    );
    // 11 500 of 12 000 requests good: 95.8 %, breached against 99.9 %.
    expect(value(text, `sla_objective_attainment{${id}}`)).toBeCloseTo(11_500 / 12_000, 9);
    expect(value(text, `sla_objective_target{${id}}`)).toBe(0.999);
    expect(value(text, `sla_objective_status{${id},status="breached"}`)).toBe(1);
    expect(value(text, `sla_objective_status{${id},status="met"}`)).toBe(0);
    expect(value(text, `sla_objective_compliant{${id}}`)).toBe(0);
    expect(value(text, `sla_objective_period_end_timestamp_seconds{${id}}`)).toBe(
      Date.parse('2027-03-31T21:00:00Z') / 1000,
    );
    // Seven objectives, one info line each.
    expect(text.split('\n').filter((l) => l.startsWith('sla_objective_info{'))).toHaveLength(8);
  });

  it('counts open and opened breaches, deliverables and the month credit', async () => {
    const text = await scrape();
    expect(value(text, 'sla_breaches_open{vendor="acme",contract="acme-it-2027",severity="critical"}')).toBe(
      1,
    );
    expect(
      value(text, 'sla_breaches_opened_total{vendor="acme",contract="acme-it-2027",severity="critical"}'),
    ).toBe(1);
    expect(
      value(
        text,
        'sla_deliverable_status{vendor="acme",contract="acme-it-2027",deliverable="dr-site",status="pending"}',
      ),
    ).toBe(1);
    // 95.8 % is under 99.0: 20 % of 120 000 ILS, capped at creditCap 20 %.
    expect(
      value(text, 'sla_service_credit_amount{vendor="acme",contract="acme-it-2027",currency="ILS"}'),
    ).toBe(24_000);
  });

  it('drops the series of an objective removed from the contract with the next pass', async () => {
    const yaml = EXAMPLE_CONTRACT_YAML.replace(/\n {4}- key: kpi-feed[\s\S]*?period: month\n/, '\n');
    expect(yaml).not.toContain('kpi-feed');
    expect((await putContractYaml(t, 'acme-it-2027', yaml)).statusCode).toBe(200);
    await asAdmin(t, 'POST', '/api/v1/evaluations');
    const text = await scrape();
    expect(text).not.toContain('objective="kpi-feed"');
    expect(text.split('\n').filter((l) => l.startsWith('sla_objective_info{'))).toHaveLength(7);
  });
});
