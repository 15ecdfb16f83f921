/**
 * The dashboard's adjustments to the shared chart specs (src/charts/specs.ts): the panel around a chart
 * carries its title, so the spec's own title goes (a long title would be cut at phone width); in a
 * narrow box legends go below the plot (one entry per line on a phone), and long category labels are shortened,
 * so the plot keeps the width; nominal colours come from a palette long enough that no two categories
 * (up to ten) share one.
 */
import type { TopLevelSpec } from 'vega-lite';
import { PALETTE } from '../../src/charts/specs.js';

/** Below this many pixels a chart is laid out for a phone. */
export const NARROW_CHART = 560;

/** Okabe-Ito's eight, then grey and wine: ten categories, all different. */
export const DISTINCT_COLOURS: readonly string[] = [...PALETTE, '#999999', '#882255'];

export function forDashboard(spec: TopLevelSpec, width: number, narrowLegend: 'top' | 'bottom' = 'bottom'): TopLevelSpec {
  const narrow = width < NARROW_CHART;
  const config = spec.config ?? {};
  return {
    ...spec,
    title: '',
    // room on the right for the last slanted axis label, which Vega's fit to the width leaves out
    padding: { left: 5, top: 5, bottom: 5, right: 14 },
    config: {
      ...config,
      range: { ...config.range, category: [...DISTINCT_COLOURS] },
      // Beside the plot a legend of nine entries leaves a half-width panel's plot too narrow: below it, in columns.
      legend: { ...config.legend, ...(width < 700 ? { orient: narrowLegend, columns: narrow ? 1 : 3, labelLimit: 200 } : {}) },
      axisY: { ...config.axisY, labelLimit: narrow ? 130 : 220 },
      // about one number per 80 px, so 3.0 and 3.5 do not run together at phone width
      axisQuantitative: { ...config.axisQuantitative, tickCount: Math.max(2, Math.floor(width / 80)) },
    },
  } as TopLevelSpec;
}
