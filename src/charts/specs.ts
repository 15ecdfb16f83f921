/**
 * Vega-Lite specs for every chart, shared by the report (rendered to SVG in Node) and the dashboard
 * (vega-embed in the browser): one function per chart, plain data in, a spec out. No DOM, no Node.
 */
import type { Config, TopLevelSpec } from 'vega-lite';

/** Okabe-Ito: distinguishable with the common colour-vision deficiencies. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#F0E442', '#000000'] as const;
/** Diverging blue-orange scheme for signed values (readable with red-green deficiencies). */
const DIVERGING = 'blueorange';

const CONFIG: Config = {
  font: 'system-ui, -apple-system, Segoe UI, Roboto, sans-serif',
  range: { category: [...PALETTE] },
  // Tick labels closer than 6 px read as one number ("0.000.02"): Vega drops every other one instead.
  axis: { labelFontSize: 11, titleFontSize: 12 },
  // Number ticks closer than 6 px read as one number ("0.000.02"): Vega drops every other one instead.
  axisQuantitative: { labelOverlap: true, labelSeparation: 6 },
  // Vega cuts legend labels at 160 px by default ("significant (BH 5..."): legends say it in full.
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 400 },
  title: { fontSize: 14, anchor: 'start' },
};

const BASE = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  background: 'white',
  config: CONFIG,
};

export interface ChartSize {
  width?: number | 'container';
  height?: number;
}

function size(options: ChartSize, width: number, height: number) {
  return { width: options.width ?? width, height: options.height ?? height };
}

/** Popularity histogram (share of tracks per bin) with the kernel density on the same scale. */
export function popularityChart(
  histogram: readonly number[],
  edges: readonly number[],
  density: { x: readonly number[]; density: readonly number[] },
  options: ChartSize = {},
): TopLevelSpec {
  const total = histogram.reduce((a, b) => a + b, 0);
  const binWidth = (edges[1] ?? 1) - (edges[0] ?? 0);
  const bars = histogram.map((count, i) => ({
    from: edges[i] as number,
    to: edges[i + 1] as number,
    count,
    density: total > 0 ? count / total / binWidth : 0,
  }));
  const curve = density.x.map((x, i) => ({ x, density: density.density[i] as number }));
  return {
    ...BASE,
    title: 'Popularity of tracks (histogram and density)',
    ...size(options, 560, 260),
    layer: [
      {
        data: { values: bars },
        mark: { type: 'rect', color: PALETTE[0], opacity: 0.75, stroke: 'white' },
        encoding: {
          x: { field: 'from', type: 'quantitative', title: 'popularity (0-100)', scale: { domain: [0, 100] } },
          x2: { field: 'to' },
          y: { field: 'density', type: 'quantitative', title: 'density' },
          tooltip: [
            { field: 'from', title: 'from' },
            { field: 'to', title: 'to' },
            { field: 'count', title: 'tracks' },
          ],
        },
      },
      {
        data: { values: curve },
        mark: { type: 'line', color: PALETTE[3], strokeWidth: 2 },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'density', type: 'quantitative' } },
      },
    ],
  };
}

/** About one tick per 70 px, so labels such as 0.005 and 0.010 never run into each other. */
function tickCountFor(width: number | 'container' | undefined, fallback: number): number {
  return Math.max(2, Math.floor((typeof width === 'number' ? width : fallback) / 70));
}

/** Horizontal bars of one value per category, in the given order. */
export function barChart(
  rows: readonly { label: string; value: number }[],
  titles: { title: string; value: string },
  options: ChartSize & { color?: string; format?: string; axisFormat?: string } = {},
): TopLevelSpec {
  return {
    ...BASE,
    title: titles.title,
    data: { values: rows.map((r) => ({ ...r })) },
    width: options.width ?? 480,
    height: options.height ?? Math.max(80, rows.length * 16),
    mark: { type: 'bar', color: options.color ?? PALETTE[0] },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      x: {
        field: 'value',
        type: 'quantitative',
        title: titles.value,
        axis: { tickCount: tickCountFor(options.width, 480), ...(options.axisFormat ? { format: options.axisFormat } : {}) },
      },
      tooltip: [
        { field: 'label', title: 'name' },
        { field: 'value', title: titles.value, format: options.format ?? ',.3~f' },
      ],
    },
  };
}

/**
 * Annotated heatmap of a square matrix in [-1, 1] (correlations). For narrow cells (phone width),
 * `compactCells` sets the numbers smaller and without the leading zero (−.74, as journals print r).
 */
export function correlationHeatmap(
  columns: readonly string[],
  matrix: readonly (readonly number[])[],
  options: ChartSize & { compactCells?: boolean } = {},
): TopLevelSpec {
  const short = (r: number) => `${r <= -0.005 ? '−' : ''}${Math.abs(r).toFixed(2).replace(/^0\./, '.')}`;
  const cells = matrix.flatMap((row, i) =>
    row.map((r, j) => ({ a: columns[i] as string, b: columns[j] as string, r, ...(options.compactCells ? { short: short(r) } : {}) })),
  );
  const order = [...columns];
  return {
    ...BASE,
    title: 'Pearson correlation (9 audio features and popularity)',
    data: { values: cells },
    ...size(options, 420, 420),
    encoding: {
      x: { field: 'b', type: 'nominal', sort: order, title: null, axis: { labelAngle: -45 } },
      y: { field: 'a', type: 'nominal', sort: order, title: null },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: { field: 'r', type: 'quantitative', title: 'r', scale: { scheme: DIVERGING, domain: [-1, 1] } },
          tooltip: [{ field: 'a' }, { field: 'b' }, { field: 'r', format: '.3f' }],
        },
      },
      {
        mark: { type: 'text', fontSize: options.compactCells ? 8 : 10 },
        encoding: {
          text: options.compactCells ? { field: 'short', type: 'nominal' } : { field: 'r', type: 'quantitative', format: '.2f' },
          color: { condition: { test: 'abs(datum.r) > 0.6', value: 'white' }, value: 'black' },
        },
      },
    ],
  };
}

/** Stacked horizontal bars: one row per item, one segment per component (emerging scores). */
export function componentBars(
  rows: readonly { label: string; components: Partial<Record<string, number>> }[],
  titles: { title: string; value: string },
  options: ChartSize = {},
): TopLevelSpec {
  const values = rows.flatMap((r) =>
    Object.entries(r.components).map(([component, value]) => ({ label: r.label, component, value: value as number })),
  );
  return {
    ...BASE,
    title: titles.title,
    data: { values },
    width: options.width ?? 480,
    height: options.height ?? Math.max(80, rows.length * 20),
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', sort: rows.map((r) => r.label), title: null },
      x: { field: 'value', type: 'quantitative', stack: 'zero', title: titles.value },
      color: { field: 'component', type: 'nominal', title: 'component' },
      tooltip: [{ field: 'label' }, { field: 'component' }, { field: 'value', format: '.3f' }],
    },
  };
}

export interface IntervalRow {
  label: string;
  estimate: number;
  low: number;
  high: number;
  significant: boolean;
}

const SIGNIFICANCE = ['significant (Benjamini-Hochberg, FDR 5%)', 'not significant'];

/** Point estimates with confidence intervals: filled circles when significant, hollow squares when not (drivers). */
export function intervalChart(
  rows: readonly IntervalRow[],
  titles: { title: string; value: string },
  options: ChartSize = {},
): TopLevelSpec {
  const order = rows.map((r) => r.label);
  const values = rows.map((r) => ({ ...r, significance: r.significant ? SIGNIFICANCE[0] : SIGNIFICANCE[1] }));
  const y = { field: 'label', type: 'nominal' as const, sort: order, title: null, axis: { labelLimit: 260 } };
  return {
    ...BASE,
    title: titles.title,
    data: { values },
    width: options.width ?? 420,
    height: options.height ?? Math.max(80, rows.length * 18),
    layer: [
      // The zero line spans the whole plot (no y encoding): right of it, higher feature goes with higher value.
      { mark: { type: 'rule', color: '#888', strokeDash: [4, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      {
        mark: { type: 'rule', strokeWidth: 2, color: PALETTE[0] },
        encoding: {
          y,
          x: { field: 'low', type: 'quantitative', title: titles.value, axis: { tickCount: tickCountFor(options.width, 420) } },
          x2: { field: 'high' },
        },
      },
      {
        mark: { type: 'point', size: 60, strokeWidth: 2 },
        encoding: {
          y,
          x: { field: 'estimate', type: 'quantitative' },
          shape: {
            field: 'significance',
            type: 'nominal',
            title: null,
            scale: { domain: SIGNIFICANCE, range: ['circle', 'square'] },
            legend: { orient: 'bottom', direction: 'horizontal' },
          },
          fill: { field: 'significance', type: 'nominal', title: null, scale: { domain: SIGNIFICANCE, range: [PALETTE[3], 'white'] } },
          color: { value: PALETTE[3] },
          tooltip: [
            { field: 'label' },
            { field: 'estimate', format: '.2f' },
            { field: 'low', format: '.2f' },
            { field: 'high', format: '.2f' },
            { field: 'significance' },
          ],
        },
      },
    ],
  };
}

/** Genre x feature heatmap of standardized coefficients; significant cells outlined with a dot. */
export function coefficientHeatmap(
  features: readonly string[],
  genres: readonly string[],
  stdCoef: readonly (readonly number[])[],
  significant: readonly (readonly boolean[])[],
  options: ChartSize = {},
): TopLevelSpec {
  const cells = genres.flatMap((genre, i) =>
    features.map((feature, j) => ({
      genre,
      feature,
      value: stdCoef[i]?.[j] as number,
      significant: significant[i]?.[j] ? 'yes' : 'no',
    })),
  );
  const extent = Math.max(1e-9, ...cells.map((c) => Math.abs(c.value)));
  return {
    ...BASE,
    title: 'Popularity points per SD of each feature, by genre (dot: significant)',
    data: { values: cells },
    width: options.width ?? 300,
    height: options.height ?? Math.max(100, genres.length * 11),
    encoding: {
      x: { field: 'feature', type: 'nominal', sort: [...features], title: null, axis: { labelAngle: -45, orient: 'top' } },
      y: { field: 'genre', type: 'nominal', sort: [...genres], title: null, axis: { labelFontSize: 9 } },
    },
    layer: [
      {
        mark: 'rect',
        encoding: {
          color: { field: 'value', type: 'quantitative', title: 'points/SD', scale: { scheme: DIVERGING, domain: [-extent, extent] } },
          tooltip: [{ field: 'genre' }, { field: 'feature' }, { field: 'value', format: '.2f' }, { field: 'significant' }],
        },
      },
      {
        transform: [{ filter: "datum.significant === 'yes'" }],
        mark: { type: 'circle', size: 10, color: 'black' },
      },
    ],
  };
}

/**
 * Scores as dots on an axis that spans the shown scores only (not from 0), so close scores (3.47-3.60)
 * stay distinguishable; a reference (such as the pool mean) is drawn as a dashed rule when it falls inside.
 */
export function scoreDots(
  rows: readonly { label: string; value: number }[],
  titles: { title: string; value: string },
  options: ChartSize & { reference?: { value: number; label: string }; color?: string; format?: string } = {},
): TopLevelSpec {
  const values = rows.map((r) => r.value);
  const low = Math.min(...values);
  const high = Math.max(...values);
  const pad = Math.max((high - low) * 0.05, 1e-6);
  const domain: [number, number] = [low - pad, high + pad];
  const format = options.format ?? '.2f';
  const x = {
    field: 'value',
    type: 'quantitative' as const,
    title: titles.value,
    scale: { domain, zero: false, nice: false },
    axis: { tickCount: tickCountFor(options.width, 480), format },
  };
  return {
    ...BASE,
    title: titles.title,
    width: options.width ?? 480,
    height: options.height ?? Math.max(80, rows.length * 20),
    layer: [
      ...(options.reference && options.reference.value >= domain[0] && options.reference.value <= domain[1]
        ? [
            {
              data: { values: [{ value: options.reference.value, label: options.reference.label }] },
              mark: { type: 'rule' as const, color: '#888', strokeDash: [4, 3] },
              encoding: { x },
            },
            {
              data: { values: [{ value: options.reference.value, label: options.reference.label }] },
              mark: { type: 'text' as const, align: 'left' as const, dx: 4, dy: -4, color: '#555', fontSize: 11, y: 0 },
              encoding: { x, text: { field: 'label', type: 'nominal' as const } },
            },
          ]
        : []),
      {
        data: { values: rows.map((r) => ({ ...r, start: domain[0] })) },
        mark: { type: 'rule' as const, color: '#ccc' },
        encoding: {
          y: { field: 'label', type: 'nominal' as const, sort: null, title: null, axis: { labelLimit: 0 } },
          x: { ...x, field: 'start' },
          x2: { field: 'value' },
        },
      },
      {
        data: { values: rows.map((r) => ({ ...r })) },
        mark: { type: 'circle' as const, size: 80, color: options.color ?? PALETTE[0], opacity: 1 },
        encoding: {
          y: { field: 'label', type: 'nominal' as const, sort: null, title: null, axis: { labelLimit: 0 } },
          x,
          tooltip: [
            { field: 'label', title: 'name' },
            { field: 'value', title: titles.value, format },
          ],
        },
      },
    ],
  } as TopLevelSpec;
}
