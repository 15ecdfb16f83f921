/** Small DOM helpers: elements, API calls with loading and error states, charts, sortable tables. */
import embed from 'vega-embed';
import type { TopLevelSpec } from 'vega-lite';
import { AUDIO_FEATURES } from '../../src/data/schema.js';
import { forDashboard } from './chartFit.js';

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

export class ApiError extends Error {}

export async function api<T>(path: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, init);
  } catch {
    throw new ApiError(`cannot reach the server (${path})`);
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError((body as { message?: string } | null)?.message ?? `${response.status} ${response.statusText}`);
  return body as T;
}

/** Runs `load` into `target`, showing a loading line first and an error message on failure. */
export async function withStates(target: HTMLElement, load: () => Promise<void>, what = 'Loading'): Promise<void> {
  target.setAttribute('aria-busy', 'true');
  const hadContent = target.childElementCount > 0;
  if (!hadContent) target.replaceChildren(el('p', { class: 'loading', role: 'status' }, `${what}…`));
  try {
    await load();
  } catch (error) {
    target.replaceChildren(
      el('p', { class: 'error', role: 'alert' }, `Could not load: ${error instanceof Error ? error.message : String(error)}`),
    );
  } finally {
    target.removeAttribute('aria-busy');
  }
}

/**
 * Draws a chart into `target`, fitted to the width it has: `spec` may be a function of that width (in
 * pixels, without the frame's padding) for charts that size their plot themselves.
 */
export async function chart(
  target: HTMLElement,
  spec: TopLevelSpec | ((width: number) => TopLevelSpec),
  options: { narrowLegend?: 'top' | 'bottom' } = {},
): Promise<void> {
  const box = el('div', { class: 'chart' });
  target.replaceChildren(box);
  const width = box.clientWidth;
  await embed(box, forDashboard(typeof spec === 'function' ? spec(width) : spec, width, options.narrowLegend), {
    actions: false,
    renderer: 'svg',
  });
}

/** Fixed decimals, so one column or one kind of number never mixes 0.6 and 0.601. */
export const fmt = (x: number, digits = 2) =>
  Number.isFinite(x) ? x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }) : '-';

/** A share or probability as a percentage with one decimal. */
export const percent = (x: number) => (Number.isFinite(x) ? `${fmt(x * 100, 1)}%` : '-');

export interface Column<T> {
  label: string;
  value: (row: T) => string | number;
  /** Decimals of a number (default 2), or a formatter for the whole column. */
  digits?: number;
  format?: (value: number) => string;
  /** Long text that may break anywhere rather than widen the table. */
  wrap?: boolean;
}

/**
 * A table whose headers sort it (buttons, so the keyboard can sort too), in a labelled frame that
 * scrolls when the table is wider or longer than the screen.
 */
export function sortableTable<T>(
  rows: T[],
  columns: Column<T>[],
  options: { label: string; initial?: number; descending?: boolean },
): HTMLElement {
  let by = options.initial ?? 0;
  let descending = options.descending ?? false;
  const wrapper = scrollFrame(options.label);
  if (rows.length > 20) wrapper.classList.add('tall'); // a long table scrolls in its own frame
  const render = () => {
    const column = columns[by] as Column<T>;
    const sorted = [...rows].sort((a, b) => {
      const x = column.value(a);
      const y = column.value(b);
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
      return descending ? -order : order;
    });
    const head = el(
      'tr',
      {},
      ...columns.map((c, i) => {
        const button = el('button', { type: 'button' }, c.label + (i === by ? (descending ? ' ▼' : ' ▲') : ''));
        button.addEventListener('click', () => {
          descending = i === by ? !descending : typeof c.value(rows[0] as T) === 'number';
          by = i;
          render();
          (wrapper.querySelectorAll('th button')[i] as HTMLButtonElement | undefined)?.focus();
        });
        const numeric = rows.length > 0 && typeof c.value(rows[0] as T) === 'number'; // headed on the side its numbers line up
        return el(
          'th',
          { scope: 'col', 'aria-sort': i === by ? (descending ? 'descending' : 'ascending') : 'none', ...(numeric ? { class: 'n' } : {}) },
          button,
        );
      }),
    );
    const body = sorted.map((row) =>
      el(
        'tr',
        {},
        ...columns.map((c) => {
          const v = c.value(row);
          return typeof v === 'number'
            ? el('td', { class: 'n' }, c.format ? c.format(v) : fmt(v, c.digits ?? 2))
            : el('td', c.wrap ? { class: 'wrap' } : {}, v);
        }),
      ),
    );
    wrapper.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)));
  };
  render();
  return wrapper;
}

/** A frame that scrolls what does not fit, named for screen readers and reachable by keyboard. */
export function scrollFrame(label: string, ...children: Node[]): HTMLElement {
  return el('div', { class: 'scroll', role: 'region', 'aria-label': label, tabindex: '0' }, ...children);
}

export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** The 9 audio features, in the notebook's order (the catalogue schema's list). */
export const FEATURES = AUDIO_FEATURES;
export type Feature = (typeof FEATURES)[number];

export const RANGES: Record<Feature, { min: number; max: number; step: number; initial: number }> = {
  danceability: { min: 0, max: 1, step: 0.01, initial: 0.6 },
  energy: { min: 0, max: 1, step: 0.01, initial: 0.6 },
  loudness: { min: -40, max: 2, step: 0.5, initial: -8 },
  speechiness: { min: 0, max: 1, step: 0.01, initial: 0.05 },
  acousticness: { min: 0, max: 1, step: 0.01, initial: 0.3 },
  instrumentalness: { min: 0, max: 1, step: 0.01, initial: 0 },
  liveness: { min: 0, max: 1, step: 0.01, initial: 0.15 },
  valence: { min: 0, max: 1, step: 0.01, initial: 0.5 },
  tempo: { min: 40, max: 220, step: 1, initial: 120 },
};

/** A feature's value as the sliders and profiles show it: tempo in whole BPM, loudness to 0.1 dB, the rest 2 decimals. */
export const featureValue = (feature: string, v: number) => fmt(v, feature === 'tempo' ? 0 : feature === 'loudness' ? 1 : 2);

/** A labelled slider per feature; `ignorable` adds an "ignore" checkbox (checked = the feature does not count). */
export function featureSliders(
  onChange: () => void,
  options: { ignorable: boolean; ignoredByDefault?: boolean },
): { node: HTMLElement; values: () => Partial<Record<Feature, number>>; set: (values: Partial<Record<Feature, number>>) => void } {
  const inputs = new Map<Feature, { range: HTMLInputElement; ignore?: HTMLInputElement; out: HTMLOutputElement }>();
  const node = el('fieldset', {}, el('legend', {}, 'Audio features'));
  for (const f of FEATURES) {
    const r = RANGES[f];
    const id = `slider-${f}-${Math.random().toString(36).slice(2, 7)}`;
    const range = el('input', {
      type: 'range',
      id,
      min: String(r.min),
      max: String(r.max),
      step: String(r.step),
      value: String(r.initial),
      'data-feature': f,
    });
    const out = el('output', { for: id }, featureValue(f, r.initial));
    const row = el('div', { class: 'slider' }, el('label', { for: id }, f), range, out);
    let ignore: HTMLInputElement | undefined;
    if (options.ignorable) {
      ignore = el('input', { type: 'checkbox', 'data-ignore': f });
      ignore.checked = options.ignoredByDefault ?? true;
      row.classList.toggle('ignored', ignore.checked);
      const box = ignore;
      box.addEventListener('change', () => {
        row.classList.toggle('ignored', box.checked);
        onChange();
      });
      row.append(el('label', {}, ignore, ' ignore'));
    }
    range.addEventListener('input', () => {
      out.textContent = featureValue(f, Number(range.value));
      if (ignore?.checked) {
        ignore.checked = false;
        row.classList.remove('ignored');
      }
      onChange();
    });
    inputs.set(f, { range, out, ...(ignore ? { ignore } : {}) });
    node.append(row);
  }
  return {
    node,
    values: () => {
      const out: Partial<Record<Feature, number>> = {};
      for (const [f, i] of inputs) if (!i.ignore?.checked) out[f] = Number(i.range.value);
      return out;
    },
    set: (values) => {
      for (const [f, v] of Object.entries(values)) {
        const i = inputs.get(f as Feature);
        if (!i || v === undefined) continue;
        i.range.value = String(v);
        i.out.textContent = featureValue(f as Feature, v);
      }
    },
  };
}

export interface TrackMatch {
  trackId: string;
  trackName: string;
  artists: string;
  albumName: string;
  popularity: number;
  features: Record<Feature, number>;
}

/** A search box with a datalist of matching tracks; `onPick` gets the chosen track. */
export function trackSearch(label: string, onPick: (track: TrackMatch | undefined) => void): HTMLElement {
  const id = `tracks-${Math.random().toString(36).slice(2, 7)}`;
  const input = el('input', { type: 'search', list: id, placeholder: 'artist or title', 'aria-label': label, autocomplete: 'off' });
  const list = el('datalist', { id });
  const status = el('span', { class: 'loading', role: 'status' });
  let matches: TrackMatch[] = [];
  // Versions of a song share artist and title; the album tells them apart.
  const labelOf = (m: TrackMatch) => `${m.artists.replaceAll(';', ', ')} - ${m.trackName} (${m.albumName})`;
  const lookup = debounce(async (text: string) => {
    if (text.trim().length < 2) return;
    try {
      matches = (await api<{ tracks: TrackMatch[] }>(`/api/tracks?q=${encodeURIComponent(text)}&limit=10`)).tracks;
      list.replaceChildren(...matches.map((m) => el('option', { value: labelOf(m) })));
      status.textContent = matches.length ? '' : 'no match';
    } catch (error) {
      status.textContent = error instanceof Error ? error.message : String(error);
    }
  }, 200);
  input.addEventListener('input', () => {
    const chosen = matches.find((m) => labelOf(m) === input.value);
    if (chosen) onPick(chosen);
    else {
      if (input.value === '') onPick(undefined);
      lookup(input.value);
    }
  });
  return el('label', {}, `${label} `, input, list, ' ', status);
}
