import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_FILES } from '../../grafana/src/dashboards';
import type { Panel, RowPanel } from '../../grafana/src/builders';
import type { Dashboard, QueryVariable } from '../../grafana/src/dashboard';
import { ROOT } from './sla-service';

// The committed dashboard files as Grafana reads them, and Grafana's variable interpolation for
// Prometheus queries, so each target can be run as Grafana would run it.

export const DASHBOARD_DIR = join(ROOT, 'grafana/dashboards');

export interface CommittedDashboard {
  file: string;
  text: string;
  dashboard: Dashboard;
}

export function committedDashboards(): CommittedDashboard[] {
  return DASHBOARD_FILES.map(({ file }) => {
    const text = readFileSync(join(DASHBOARD_DIR, file), 'utf8');
    return { file, text, dashboard: JSON.parse(text) as Dashboard };
  });
}

/** Data panels, rows' nested panels included (a collapsed row keeps its panels inside). */
export function dataPanels(d: Dashboard): Panel[] {
  return d.panels.flatMap((p: Panel | RowPanel) => (p.type === 'row' ? (p.panels as Panel[]) : [p]));
}

// What Grafana substitutes for its built-in interval variables; the test Prometheus scrapes every
// second, so one minute holds enough points for rate() (Grafana's $__rate_interval is at least four
// scrape intervals).
const BUILT_IN: Record<string, string> = {
  __rate_interval: '1m',
  __interval: '15s',
  __interval_ms: '15000',
  __range: '1h',
  __range_s: '3600',
  __range_ms: '3600000',
};

/** Grafana's regex escaping of variable values in Prometheus queries (prometheusSpecialRegexEscape). */
const regexEscape = (value: string) => value.replace(/[\\^$*+?.()|{}[\]]/g, '\\\\$&');

/**
 * A multi-valued variable becomes `(a|b)`, one value itself, regex-escaped: what Grafana sends for
 * "All" (without a custom all value) or for every value selected.
 */
export function formatValues(values: string[]): string {
  const escaped = values.map(regexEscape);
  return escaped.length === 1 ? escaped[0] : `(${escaped.join('|')})`;
}

export function interpolate(expr: string, values: Record<string, string>): string {
  const all = { ...BUILT_IN, ...values };
  return expr.replace(/\$\{(\w+)\}|\$(\w+)/g, (match, braced?: string, bare?: string) => {
    const name = (braced ?? bare) as string;
    const value = all[name];
    if (value === undefined) throw new Error(`unknown variable ${match} in ${expr}`);
    return value;
  });
}

/** label_values(selector, label) → the label API call Grafana makes for it. */
export function labelValuesQuery(v: QueryVariable): { label: string; match: string } {
  const m = /^label_values\((.+),\s*(\w+)\)$/.exec(v.query);
  if (!m) throw new Error(`variable ${v.name}: not a label_values(selector, label) query: ${v.query}`);
  return { match: m[1], label: m[2] };
}
