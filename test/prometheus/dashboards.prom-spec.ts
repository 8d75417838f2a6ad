import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DATASOURCE } from '../../grafana/src/builders';
import { generatedFiles } from '../../grafana/src/dashboards';
import { METRIC } from '../../src/exposition/metric-names';
import { createTestDatabase, type TestDatabase } from '../support/test-database';
import { committedDashboards, dataPanels, formatValues, interpolate, labelValuesQuery } from './panels';
import { type Prometheus, startPrometheus, waitForScrapes } from './prometheus-server';
import { CONTRACT, keepBusy, loadExample, ROOT, type Service, startService, VENDOR } from './sla-service';

// Every panel of the committed Grafana dashboards returns data from a real
// Prometheus scraping a real SLA Sentinel that holds the example contract. Run by
// `npm run test:prometheus` (needs the `prometheus` and `promtool` binaries), not by `npm test`.

const dashboards = committedDashboards();

describe('the committed dashboards', () => {
  it('are exactly what the generator writes (npm run dashboards)', () => {
    const generated = generatedFiles();
    expect([...generated.keys()]).toEqual(dashboards.map((d) => d.file));
    for (const d of dashboards)
      expect({ file: d.file, text: d.text }).toEqual({ file: d.file, text: generated.get(d.file) });
  });

  it('have stable uids, and every panel, target and variable uses the provisioned Prometheus data source', () => {
    const provisioned = parse(
      readFileSync(join(ROOT, 'grafana/provisioning/datasources/prometheus.yml'), 'utf8'),
    );
    expect(provisioned.datasources[0]).toMatchObject(DATASOURCE);
    expect(dashboards.map((d) => d.dashboard.uid)).toEqual([
      'sla-overview',
      'sla-contract-detail',
      'sla-operations',
    ]);
    const isProvisioned = (ds: unknown) => JSON.stringify(ds) === JSON.stringify(DATASOURCE);
    const wrong = dashboards.flatMap(({ dashboard }) => [
      ...dashboard.templating.list.filter((v) => !isProvisioned(v.datasource)).map((v) => `$${v.name}`),
      ...dataPanels(dashboard).flatMap((p) => [
        ...(isProvisioned(p.datasource) && p.targets.length > 0 ? [] : [p.title]),
        ...p.targets.filter((t) => !isProvisioned(t.datasource)).map((t) => `${p.title} ${t.refId}`),
      ]),
    ]);
    expect(wrong).toEqual([]);
  });

  it('filter every SLA query on the vendor and contract variables', () => {
    const sla = dashboards.filter((d) => d.dashboard.uid !== 'sla-operations');
    expect(sla).toHaveLength(2);
    const unfiltered: string[] = [];
    for (const { dashboard } of sla) {
      expect(dashboard.templating.list.map((v) => v.name)).toEqual(['vendor', 'contract']);
      for (const panel of dataPanels(dashboard)) {
        for (const t of panel.targets) {
          const selectors = t.expr.match(/sla_\w+\{[^}]*\}/g) ?? [];
          if (selectors.length === 0) unfiltered.push(`${panel.title} ${t.refId}: no SLA series`);
          for (const selector of selectors) {
            // The freshness gauge is per vendor: it has no contract label.
            const contract = selector.startsWith('sla_vendor_') || selector.includes('contract=~"$contract"');
            if (!selector.includes('vendor=~"$vendor"') || !contract)
              unfiltered.push(`${panel.title} ${t.refId}: ${selector}`);
          }
        }
      }
    }
    expect(unfiltered).toEqual([]);
  });
});

describe('the dashboards on a real Prometheus scraping SLA Sentinel with the example contract', () => {
  let db: TestDatabase;
  let service: Service;
  let prometheus: Prometheus;
  let stopTraffic: (() => Promise<void>) | undefined;
  /** Variable name → its formatted value per dashboard uid, resolved through the label API. */
  const variables = new Map<string, Record<string, string>>();

  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService(db.url);
    // Prometheus watches from the start, so the first breaches and mails are increases it saw.
    prometheus = await startPrometheus(service.target);
    await waitForScrapes(prometheus, 2, 30_000);
    const loaded = await loadExample(service.base);
    stopTraffic = keepBusy(service.base, loaded);
    // Enough scrapes during the traffic that every rate() over the last minute sees an increase.
    await waitForScrapes(prometheus, 10, 60_000);
  }, 120_000);

  afterAll(async () => {
    await stopTraffic?.();
    await prometheus?.stop();
    await service?.stop();
    await db?.drop();
  }, 60_000);

  it('promtool check metrics finds no problem in a real scrape of /metrics', async () => {
    const scrape = await fetch(`${service.base}/metrics`);
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(text).toContain('sla_objective_status{');
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      const child = execFile('promtool', ['check', 'metrics'], (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
      );
      child.stdin?.end(text);
    });
    // No finding at all: the service's series and prom-client's defaults (minus the three misnamed
    // gauges the registry drops) lint clean.
    expect({ code, output }).toEqual({ code: 0, output: '' });
    const families = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1]));
    expect(Object.values(METRIC).filter((name) => !families.has(name))).toEqual([]);
  });

  it('loads the alerting rules and evaluates them without errors on the real series', async () => {
    const { groups } = await prometheus.get('/api/v1/rules');
    const rules = groups.flatMap((g: any) => g.rules);
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.filter((r: any) => r.health !== 'ok').map((r: any) => `${r.name}: ${r.lastError}`)).toEqual(
      [],
    );
  });

  const variableCases = dashboards.flatMap(({ dashboard }) =>
    dashboard.templating.list.map((v) => ({
      name: `${dashboard.title} › $${v.name}`,
      uid: dashboard.uid,
      v,
    })),
  );
  it.each(variableCases)('variable $name lists the example’s values', async ({ uid, v }) => {
    const values = variables.get(uid) ?? {};
    const { label, match } = labelValuesQuery(v);
    const found = await prometheus.labelValues(label, interpolate(match, values));
    const expected = { vendor: VENDOR, contract: CONTRACT, instance: service.target }[v.name];
    expect(found).toContain(expected);
    // Variables resolve in order (contract depends on vendor), as Grafana refreshes them.
    values[v.name] = formatValues(v.multi ? found : [found[0]]);
    variables.set(uid, values);
  });

  const panelCases = dashboards.flatMap(({ dashboard }) =>
    dataPanels(dashboard).map((panel) => ({
      name: `${dashboard.title} › ${panel.title}`,
      uid: dashboard.uid,
      panel,
    })),
  );
  it.each(panelCases)('panel $name returns data', async ({ uid, panel }) => {
    const values = variables.get(uid) ?? {};
    const problems: string[] = [];
    for (const target of panel.targets) {
      const expr = interpolate(target.expr, values);
      const result = await prometheus.query(expr);
      // NaN is what Grafana draws as nothing (e.g. a quantile of a histogram that did not move).
      const numbers = result.filter((s) => !Number.isNaN(Number(s.value[1])));
      if (numbers.length === 0)
        problems.push(`${target.refId}: ${result.length} series, none with a number: ${expr}`);
    }
    expect(problems).toEqual([]);
  });
});
