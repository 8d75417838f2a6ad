// Typed builders for the few Grafana 11 dashboard shapes the dashboards use. No SDK: the JSON model is
// small, and owning these types keeps the generated files reviewable and the dependency list short.

export const DATASOURCE = { type: 'prometheus', uid: 'prometheus' } as const;
export type Datasource = typeof DATASOURCE;

export interface Target {
  refId: string;
  datasource: Datasource;
  editorMode: 'code';
  expr: string;
  legendFormat: string;
  range: boolean;
  instant: boolean;
  format: 'time_series' | 'table';
}

export type Color = 'green' | 'orange' | 'red' | 'blue' | 'text' | 'transparent' | '#8e8e8e';
interface ThresholdStep {
  color: Color;
  value: number | null;
}
interface ValueMapping {
  type: 'value';
  options: Record<string, { text: string; color: Color; index: number }>;
}
interface Override {
  matcher: { id: 'byName' | 'byRegexp'; options: string };
  properties: Array<{ id: string; value: unknown }>;
}
interface FieldDefaults {
  unit: string;
  decimals?: number;
  min?: number;
  max?: number;
  color: { mode: 'thresholds' | 'palette-classic' | 'fixed' };
  thresholds: { mode: 'absolute'; steps: ThresholdStep[] };
  mappings: ValueMapping[];
  custom?: Record<string, unknown>;
}
type Transformation = { id: 'merge'; options: Record<string, never> } | { id: 'organize'; options: Organize };
interface Organize {
  excludeByName: Record<string, boolean>;
  renameByName: Record<string, string>;
  indexByName: Record<string, number>;
}

export type PanelType = 'timeseries' | 'table' | 'stat' | 'bargauge' | 'state-timeline';

export interface Panel {
  id: number;
  type: PanelType;
  title: string;
  description: string;
  datasource: Datasource;
  gridPos: GridPos;
  targets: Target[];
  fieldConfig: { defaults: FieldDefaults; overrides: Override[] };
  options: Record<string, unknown>;
  transformations: Transformation[];
}
export interface RowPanel {
  id: number;
  type: 'row';
  title: string;
  collapsed: false;
  gridPos: GridPos;
  panels: [];
}
interface GridPos {
  h: number;
  w: number;
  x: number;
  y: number;
}

/** A panel before layout: its size, not yet its id and position. */
export type PanelSpec = Omit<Panel, 'id' | 'gridPos'> & { size: { w: number; h: number } };
export type RowSpec = { type: 'row'; title: string };

// ---- queries

export interface Query {
  expr: string;
  legend?: string;
  /** Instant table query (for tables): one row per series, labels as columns. */
  table?: boolean;
}

function targets(queries: Query[]): Target[] {
  return queries.map((q, i) => ({
    refId: String.fromCharCode(65 + i),
    datasource: DATASOURCE,
    editorMode: 'code',
    expr: q.expr,
    legendFormat: q.legend ?? '__auto',
    range: !q.table,
    instant: q.table === true,
    format: q.table ? 'table' : 'time_series',
  }));
}

// ---- field config helpers

/** Steps from the lowest: [[colour for everything below the next], [colour, from value], …]. */
export function steps(base: Color, ...rest: Array<[Color, number]>): ThresholdStep[] {
  return [{ color: base, value: null }, ...rest.map(([color, value]) => ({ color, value }))];
}

/** Text values (label values, or numbers as text) to display text and colour. */
export function valueMap(entries: Record<string, readonly [text: string, color: Color]>): ValueMapping {
  const options: ValueMapping['options'] = {};
  Object.entries(entries).forEach(
    ([value, [text, color]], index) => (options[value] = { text, color, index }),
  );
  return { type: 'value', options };
}

export function colourColumn(column: string, mapping: ValueMapping): Override {
  return {
    matcher: { id: 'byName', options: column },
    properties: [
      { id: 'mappings', value: [mapping] },
      { id: 'custom.cellOptions', value: { type: 'color-background', mode: 'basic' } },
    ],
  };
}

export function seriesColour(name: string, color: Color): Override {
  return {
    matcher: { id: 'byName', options: name },
    properties: [{ id: 'color', value: { mode: 'fixed', fixedColor: color } }],
  };
}

export function dashedSeries(regex: string): Override {
  return {
    matcher: { id: 'byRegexp', options: regex },
    properties: [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }],
  };
}

// ---- panels

interface Common {
  title: string;
  description: string;
  w: number;
  h: number;
  queries: Query[];
  unit?: string;
  decimals?: number;
  min?: number;
  max?: number;
  thresholds?: ThresholdStep[];
  mappings?: ValueMapping[];
  overrides?: Override[];
}

function panel(
  type: PanelType,
  c: Common,
  colorMode: FieldDefaults['color']['mode'],
  custom: Record<string, unknown> | undefined,
  options: Record<string, unknown>,
  transformations: Transformation[] = [],
): PanelSpec {
  const defaults: FieldDefaults = {
    unit: c.unit ?? 'none',
    ...(c.decimals === undefined ? {} : { decimals: c.decimals }),
    ...(c.min === undefined ? {} : { min: c.min }),
    ...(c.max === undefined ? {} : { max: c.max }),
    color: { mode: colorMode },
    thresholds: { mode: 'absolute', steps: c.thresholds ?? steps('green') },
    mappings: c.mappings ?? [],
    ...(custom ? { custom } : {}),
  };
  return {
    type,
    title: c.title,
    description: c.description,
    datasource: DATASOURCE,
    size: { w: c.w, h: c.h },
    targets: targets(c.queries),
    fieldConfig: { defaults, overrides: c.overrides ?? [] },
    options,
    transformations,
  };
}

const legend = { showLegend: true, displayMode: 'table', placement: 'right', calcs: ['lastNotNull'] };
const tooltip = { mode: 'multi', sort: 'desc' };

export function timeseries(c: Common & { bars?: boolean; thresholdLines?: boolean }): PanelSpec {
  const custom = {
    drawStyle: c.bars ? 'bars' : 'line',
    lineWidth: 1,
    fillOpacity: c.bars ? 80 : 10,
    showPoints: 'never',
    spanNulls: false,
    thresholdsStyle: { mode: c.thresholdLines ? 'dashed' : 'off' },
  };
  return panel('timeseries', c, 'palette-classic', custom, { legend, tooltip });
}

export function stat(c: Common & { colorMode?: 'value' | 'background' }): PanelSpec {
  return panel('stat', c, 'thresholds', undefined, {
    reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    colorMode: c.colorMode ?? 'value',
    graphMode: 'none',
    justifyMode: 'auto',
    textMode: 'value_and_name',
    orientation: 'auto',
  });
}

export function barGauge(c: Common): PanelSpec {
  return panel('bargauge', c, 'thresholds', undefined, {
    reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false },
    displayMode: 'gradient',
    orientation: 'horizontal',
    showUnfilled: true,
    valueMode: 'color',
  });
}

export function stateTimeline(c: Common): PanelSpec {
  return panel(
    'state-timeline',
    c,
    'thresholds',
    { fillOpacity: 80, lineWidth: 0 },
    { showValue: 'never', mergeValues: true, rowHeight: 0.9, alignValue: 'left', legend, tooltip },
  );
}

/**
 * A table of instant queries: several queries are merged on their common labels (one row per
 * series), then columns are hidden, renamed and ordered as `columns` lists them.
 */
export function table(c: Common & { columns: Record<string, string>; hide?: string[] }): PanelSpec {
  const names = Object.keys(c.columns);
  const organize: Organize = {
    excludeByName: Object.fromEntries(
      ['Time', '__name__', 'instance', 'job', ...(c.hide ?? [])].map((n) => [n, true]),
    ),
    renameByName: c.columns,
    indexByName: Object.fromEntries(names.map((n, i) => [n, i])),
  };
  const transformations: Transformation[] = [
    ...(c.queries.length > 1 ? [{ id: 'merge' as const, options: {} }] : []),
    { id: 'organize', options: organize },
  ];
  return panel(
    'table',
    { ...c, queries: c.queries.map((q) => ({ ...q, table: true })) },
    'thresholds',
    { align: 'auto', cellOptions: { type: 'auto' }, inspect: false },
    { showHeader: true, cellHeight: 'sm', footer: { show: false, reducer: ['sum'], fields: '' } },
    transformations,
  );
}

export function row(title: string): RowSpec {
  return { type: 'row', title };
}
