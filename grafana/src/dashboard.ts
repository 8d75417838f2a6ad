import {
  DATASOURCE,
  type Datasource,
  type Panel,
  type PanelSpec,
  type RowPanel,
  type RowSpec,
} from './builders';

// The dashboard envelope (Grafana 11 JSON model), template variables and the panel layout.

const SCHEMA_VERSION = 39;
const GRID_WIDTH = 24;
export const TAG = 'sla-sentinel';

export interface QueryVariable {
  type: 'query';
  name: string;
  label: string;
  datasource: Datasource;
  definition: string;
  query: string;
  refresh: 2;
  sort: 1;
  multi: boolean;
  includeAll: boolean;
  current: Record<string, never>;
  options: [];
  hide: 0;
  regex: '';
  skipUrlSync: false;
}

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  timezone: 'browser';
  editable: false;
  graphTooltip: 1;
  time: { from: string; to: string };
  refresh: string;
  schemaVersion: number;
  version: 1;
  links: Array<Record<string, unknown>>;
  annotations: { list: [] };
  templating: { list: QueryVariable[] };
  panels: Array<Panel | RowPanel>;
}

/**
 * A label_values() variable, refreshed when the time range changes. Multi-valued variables expand
 * to a regex alternation, so queries match them with `=~`.
 */
export function labelValues(
  name: string,
  label: string,
  query: string,
  options: { multi: boolean } = { multi: true },
): QueryVariable {
  return {
    type: 'query',
    name,
    label,
    datasource: DATASOURCE,
    definition: query,
    query,
    refresh: 2,
    sort: 1,
    multi: options.multi,
    includeAll: options.multi,
    current: {},
    options: [],
    hide: 0,
    regex: '',
    skipUrlSync: false,
  };
}

/** Left to right, wrapping at the grid width; a row always starts a new line. Ids in order. */
function layout(specs: Array<PanelSpec | RowSpec>): Array<Panel | RowPanel> {
  let x = 0;
  let y = 0;
  let lineHeight = 0;
  const newLine = () => {
    y += lineHeight;
    x = 0;
    lineHeight = 0;
  };
  return specs.map((spec, index) => {
    const id = index + 1;
    if (spec.type === 'row') {
      if (x > 0) newLine();
      const rowPanel: RowPanel = {
        id,
        type: 'row',
        title: spec.title,
        collapsed: false,
        gridPos: { h: 1, w: GRID_WIDTH, x: 0, y },
        panels: [],
      };
      lineHeight = 1;
      newLine();
      return rowPanel;
    }
    const { size, ...rest } = spec;
    if (x + size.w > GRID_WIDTH) newLine();
    const placed: Panel = { id, ...rest, gridPos: { h: size.h, w: size.w, x, y } };
    x += size.w;
    lineHeight = Math.max(lineHeight, size.h);
    return placed;
  });
}

export function dashboard(d: {
  uid: string;
  title: string;
  description: string;
  time: string;
  variables: QueryVariable[];
  panels: Array<PanelSpec | RowSpec>;
}): Dashboard {
  return {
    uid: d.uid,
    title: d.title,
    description: d.description,
    tags: [TAG],
    timezone: 'browser',
    editable: false,
    graphTooltip: 1,
    time: { from: d.time, to: 'now' },
    refresh: '1m',
    schemaVersion: SCHEMA_VERSION,
    version: 1,
    // The three dashboards link to each other (by tag), keeping the time range and variables.
    links: [
      {
        type: 'dashboards',
        title: 'SLA Sentinel',
        tags: [TAG],
        asDropdown: false,
        includeVars: true,
        keepTime: true,
        icon: 'external link',
        targetBlank: false,
        tooltip: '',
        url: '',
      },
    ],
    annotations: { list: [] },
    templating: { list: d.variables },
    panels: layout(d.panels),
  };
}

/** The committed file's exact text: two-space JSON and a final newline. */
export function render(d: Dashboard): string {
  return `${JSON.stringify(d, null, 2)}\n`;
}
