import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { CONFIG_VARIABLES, loadConfig } from '../src/config/config';

// No Docker engine runs here, so the shipped deployment files are checked statically.
const root = resolve(__dirname, '..');
// `merge`: Compose files use YAML merge keys (`<<: *app-env`).
const read = (path: string): unknown => parse(readFileSync(join(root, path), 'utf8'), { merge: true });

interface ComposeService {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
  command?: string[];
}
interface Compose {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

/** `${VAR:-default}` → default, as Compose does when VAR is unset; a required `${VAR:?…}` → a value an operator might set. */
function substitute(value: string): string {
  return value
    .replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1')
    .replace(
      /\$\{([A-Z_]+):\?[^}]*\}/g,
      (_, name: string) => `${name.toLowerCase()}-set-by-the-operator-0123456789`,
    );
}

/** Variables whose values are credentials: they must never ship with a working default. */
const SECRET = /TOKEN|SECRET|PASSWORD|PASS\b|KEY/;

describe('docker-compose.yml', () => {
  const compose = read('docker-compose.yml') as Compose;

  it('runs PostgreSQL, a one-shot migration, the service, Prometheus, Grafana and a mail catcher', () => {
    expect(Object.keys(compose.services).sort()).toEqual(
      ['grafana', 'mailpit', 'migrate', 'postgres', 'prometheus', 'sla-sentinel'].sort(),
    );
    expect(compose.services['sla-sentinel'].depends_on).toMatchObject({
      migrate: { condition: 'service_completed_successfully' },
    });
    expect(compose.services.migrate.command).toEqual(
      expect.arrayContaining(['migration:run', 'dist/src/database/data-source.js']),
    );
  });

  it.each(['sla-sentinel', 'migrate'])(
    'gives %s only configuration variables the service knows, with valid values',
    (name) => {
      const env = compose.services[name].environment ?? {};
      for (const variable of Object.keys(env)) {
        expect(CONFIG_VARIABLES).toContain(variable);
      }
      const resolved = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, substitute(String(v))]));
      expect(() => loadConfig(resolved)).not.toThrow();
    },
  );

  it('gives no secret a default: Compose refuses to start until each is set', () => {
    const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const references = [...text.matchAll(/\$\{([A-Za-z_]+)(?:(:?[-?])([^}]*))?\}/g)].map(
      ([, name, operator]) => ({ name, operator: operator ?? '' }),
    );
    const secrets = references.filter((r) => SECRET.test(r.name));
    expect(new Set(secrets.map((s) => s.name))).toEqual(
      new Set(['POSTGRES_PASSWORD', 'TOKEN_SECRET', 'SLA_ADMIN_TOKEN', 'GRAFANA_ADMIN_PASSWORD']),
    );
    expect(secrets.filter((s) => s.operator !== ':?')).toEqual([]);
    // Nor as a literal: no service sets a secret variable to a fixed value.
    for (const [name, service] of Object.entries(compose.services)) {
      const literal = Object.entries(service.environment ?? {}).filter(
        ([variable, value]) => SECRET.test(variable) && !/^\$\{[A-Z_]+:\?[^}]*\}$/.test(String(value)),
      );
      expect({ service: name, literal }).toEqual({ service: name, literal: [] });
    }
  });

  it('mounts only paths that exist in the repository, and declares its named volumes', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('./')) {
          expect({ service: name, path: source, exists: existsSync(join(root, source)) }).toEqual({
            service: name,
            path: source,
            exists: true,
          });
        } else {
          expect(Object.keys(compose.volumes ?? {})).toContain(source);
        }
      }
    }
  });

  it('builds the service from the Dockerfile, which runs Node 24 as a non-root user', () => {
    expect(compose.services['sla-sentinel'].build).toBe('.');
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile.match(/^FROM node:24/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('dist/src/main.js');
    for (const copied of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const path of copied[1].split(' ')) expect(existsSync(join(root, path))).toBe(true);
    }
  });

  it('has Prometheus scrape the service and Grafana read Prometheus through the provisioned data source', () => {
    const prometheus = read('prometheus/prometheus.yml') as {
      rule_files: string[];
      scrape_configs: Array<{ metrics_path: string; static_configs: Array<{ targets: string[] }> }>;
    };
    // The alerting rules are loaded next to the configuration, where compose mounts them.
    expect(prometheus.rule_files).toEqual(['alerts.yml']);
    expect(compose.services.prometheus.volumes).toContain(
      './prometheus/alerts.yml:/etc/prometheus/alerts.yml:ro',
    );
    expect(prometheus.scrape_configs[0].metrics_path).toBe('/metrics');
    expect(prometheus.scrape_configs[0].static_configs[0].targets).toEqual(['sla-sentinel:3000']);

    const datasources = read('grafana/provisioning/datasources/prometheus.yml') as {
      datasources: Array<{ name: string; uid: string; url: string }>;
    };
    expect(datasources.datasources[0]).toMatchObject({
      name: 'Prometheus',
      uid: 'prometheus',
      url: 'http://prometheus:9090',
    });

    const dashboards = read('grafana/provisioning/dashboards/sla-sentinel.yml') as {
      providers: Array<{ options: { path: string } }>;
    };
    const grafanaMounts = compose.services.grafana.volumes ?? [];
    expect(grafanaMounts).toContain(`./grafana/dashboards:${dashboards.providers[0].options.path}:ro`);
  });
});

describe('the forge workflow', () => {
  interface Workflow {
    jobs: Record<
      string,
      {
        services?: Record<string, { image: string; env?: Record<string, string>; ports?: string[] }>;
        steps: Array<{ run?: string; uses?: string }>;
      }
    >;
  }
  const workflow = read('.github/workflows/ci.yml') as Workflow;

  it('runs .ci/run, with the PostgreSQL 15 server and the Prometheus tools it expects', () => {
    const [job] = Object.values(workflow.jobs);
    expect(job.steps.map((s) => s.run ?? '')).toContain('bash .ci/run');
    expect(job.services?.postgres).toMatchObject({
      image: 'postgres:15',
      env: { POSTGRES_HOST_AUTH_METHOD: 'trust' },
      ports: ['5432:5432'],
    });
    expect(job.steps.some((s) => /apt-get install .*prometheus/.test(s.run ?? ''))).toBe(true);
    expect(existsSync(join(root, '.ci/run'))).toBe(true);
  });
});
