/**
 * The Map page: every track on one canvas (UMAP of the 9 audio features), coloured by genre or by a
 * chosen feature, genre labels that never overlap, hover for a track, click a genre for its tracks,
 * search a track to fly to it. `#/map?seed=ID&results=ID,ID` draws a recommendation; `&to=ID` adds a
 * path of real tracks between the seed and that track.
 */
import { GENRE_FAMILIES } from '../../src/classify/genreFamilies.js';
import { coreBounds } from '../../src/map/density.js';
import { api, el, FEATURES, featureValue, fmt, trackSearch } from './ui.js';

interface Point {
  trackId: string;
  x: number;
  y: number;
  name: string;
  artists: string;
  genres: string[];
  popularity: number;
  value?: number;
}

interface GenrePlace {
  genre: string;
  x: number;
  y: number;
  spread: number;
  tracks: number;
}

interface MapData {
  method: string;
  trustworthiness: number;
  pcaTrustworthiness: number;
  genreSpearman: number;
  pcaGenreSpearman: number;
  k: number;
  size: number;
  bounds: { x0: number; y0: number; x1: number; y1: number };
  genres: GenrePlace[];
  tracks: Point[];
  feature?: string;
}

interface View {
  /** Pixels per map unit, and the screen position of map (0, 0). */
  scale: number;
  tx: number;
  ty: number;
}

/** Fetches the map, waiting out the 503 the server answers while the map is still being built. */
async function fetchMap(path: string, status: HTMLElement): Promise<MapData> {
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(path);
    if (response.status !== 503 || attempt > 120) {
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new Error((body as { message?: string } | null)?.message ?? `${response.status} ${response.statusText}`);
      return body as MapData;
    }
    status.textContent = 'The map is being built (once per catalogue); waiting…';
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers.get('Retry-After') ?? 2)));
  }
}

/**
 * Genre colours: hues in the order of the genres' angles around the middle of the map, spread evenly
 * over the colour wheel (neighbouring genres get neighbouring hues, yet every hue is used).
 */
function genreColours(data: MapData): Map<string, [number, number, number]> {
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const cx = median(data.genres.map((g) => g.x));
  const cy = median(data.genres.map((g) => g.y));
  const byAngle = [...data.genres].sort((a, b) => Math.atan2(a.y - cy, a.x - cx) - Math.atan2(b.y - cy, b.x - cx));
  const colours = new Map<string, [number, number, number]>();
  byAngle.forEach((g, rank) => {
    colours.set(g.genre, hsl((rank / byAngle.length) * 360, 0.7, rank % 2 ? 0.42 : 0.52));
  });
  return colours;
}

function hsl(h: number, s: number, l: number): [number, number, number] {
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/** Twelve well-separated colours, one per genre family (src/classify/genreFamilies.ts). */
const FAMILY_COLOURS: readonly [number, number, number][] = [
  [0, 114, 178],
  [230, 159, 0],
  [0, 158, 115],
  [213, 94, 0],
  [86, 180, 233],
  [204, 121, 167],
  [240, 228, 66],
  [0, 0, 0],
  [136, 34, 85],
  [153, 153, 153],
  [68, 170, 153],
  [102, 51, 0],
];
const familyOfGenre: ReadonlyMap<string, number> = new Map(
  GENRE_FAMILIES.flatMap((family, f) => family.genres.map((genre) => [genre, f] as const)),
);
const css = ([r, g, b]: [number, number, number]) => `rgb(${r}, ${g}, ${b})`;

/** A perceptually ordered ramp (viridis stops) for a feature's value in [0, 1]. */
const RAMP: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];
function ramp(u: number): [number, number, number] {
  const p = Math.max(0, Math.min(1, u)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(p));
  const w = p - i;
  const a = RAMP[i] as [number, number, number];
  const b = RAMP[i + 1] as [number, number, number];
  return [0, 1, 2].map((c) => Math.round((a[c] as number) * (1 - w) + (b[c] as number) * w)) as [number, number, number];
}

/** Points bucketed on a grid in map units, for nearest-point lookups under the pointer. */
function spatialGrid(points: Point[], bounds: MapData['bounds'], cells: number) {
  const width = (bounds.x1 - bounds.x0) / cells || 1;
  const height = (bounds.y1 - bounds.y0) / cells || 1;
  const buckets: number[][] = Array.from({ length: cells * cells }, () => []);
  const cellOf = (x: number, y: number) => [
    Math.max(0, Math.min(cells - 1, Math.floor((x - bounds.x0) / width))),
    Math.max(0, Math.min(cells - 1, Math.floor((y - bounds.y0) / height))),
  ];
  points.forEach((p, i) => {
    const [cx, cy] = cellOf(p.x, p.y) as [number, number];
    (buckets[cy * cells + cx] as number[]).push(i);
  });
  return {
    /** The nearest point within `radius` map units of (x, y), or -1. */
    nearest(x: number, y: number, radius: number): number {
      const [cx, cy] = cellOf(x, y) as [number, number];
      const rx = Math.ceil(radius / width);
      const ry = Math.ceil(radius / height);
      let best = -1;
      let bestDistance = radius * radius;
      for (let gy = Math.max(0, cy - ry); gy <= Math.min(cells - 1, cy + ry); gy++) {
        for (let gx = Math.max(0, cx - rx); gx <= Math.min(cells - 1, cx + rx); gx++) {
          for (const i of buckets[gy * cells + gx] as number[]) {
            const p = points[i] as Point;
            const d = (p.x - x) ** 2 + (p.y - y) ** 2;
            if (d < bestDistance) {
              bestDistance = d;
              best = i;
            }
          }
        }
      }
      return best;
    },
  };
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}
const overlaps = (a: Box, b: Box) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

export async function mapPage(main: HTMLElement): Promise<void> {
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  main.replaceChildren(el('h2', {}, 'Map'));
  const status = el('p', { class: 'loading', role: 'status' }, 'Loading the map…');
  main.append(status);
  let data: MapData;
  try {
    data = await fetchMap('/api/map', status);
  } catch (error) {
    status.replaceWith(
      el('p', { class: 'error', role: 'alert' }, `Could not load the map: ${error instanceof Error ? error.message : String(error)}`),
    );
    return;
  }
  status.remove();
  const points = data.tracks;
  const byId = new Map(points.map((p, i) => [p.trackId, i]));
  const colours = genreColours(data);
  const grid = spatialGrid(points, data.bounds, 96);
  const core = coreBounds(Float64Array.from(points.flatMap((p) => [p.x, p.y])));

  const colourBy = el(
    'select',
    { id: 'map-colour', 'aria-label': 'colour by' },
    el('option', { value: '' }, 'genre'),
    el('option', { value: 'family' }, 'genre family'),
    ...FEATURES.map((f) => el('option', { value: f }, f)),
  );
  const legend = el('span', { class: 'map-legend' });
  const canvas = el('canvas', { class: 'map-canvas', 'aria-label': `map of ${data.size} tracks`, role: 'img' });
  const labels = el('div', { class: 'map-labels' });
  const tooltip = el('div', { class: 'map-tooltip', role: 'status', hidden: '' });
  const zoomIn = el('button', { type: 'button', class: 'secondary', 'aria-label': 'zoom in' }, '+');
  const zoomOut = el('button', { type: 'button', class: 'secondary', 'aria-label': 'zoom out' }, '−');
  const reset = el('button', { type: 'button', class: 'secondary' }, 'Reset view');
  const stage = el('div', { class: 'map-stage' }, canvas, labels, tooltip, el('div', { class: 'map-zoom' }, zoomIn, zoomOut, reset));
  const side = el('section', { class: 'panel map-side', id: 'map-side', 'aria-live': 'polite' });
  const pathFrom = { id: query.get('seed') ?? undefined };
  const pathTo = { id: query.get('to') ?? undefined };
  const pathButton = el('button', { type: 'button', id: 'map-path' }, 'Draw the path');

  const faithfulness = el(
    'p',
    { class: 'map-note' },
    `${data.method.toUpperCase()} of the 9 standardized audio features. Trustworthiness (k = ${data.k}) ${fmt(data.trustworthiness)} ` +
      `(PCA ${fmt(data.pcaTrustworthiness)}); genre-distance Spearman ${fmt(data.genreSpearman)} (PCA ${fmt(data.pcaGenreSpearman)}). ` +
      'Near on the map means similar audio; long distances and empty space between clusters mean little.',
  );
  main.append(
    faithfulness,
    el(
      'div',
      { class: 'row map-controls' },
      el('label', {}, 'Colour by ', colourBy),
      legend,
      trackSearch('Find a track', (track) => {
        if (track) flyTo(track.trackId);
      }),
    ),
    el('div', { class: 'map-layout' }, stage, side),
    el(
      'section',
      { class: 'panel' },
      el('h3', {}, 'Path between two tracks'),
      el(
        'p',
        { class: 'map-note' },
        'Real tracks nearest to evenly spaced points on the straight line between the two in the 9-D audio space.',
      ),
      el(
        'div',
        { class: 'row' },
        trackSearch('From', (track) => {
          pathFrom.id = track?.trackId;
        }),
        trackSearch('To', (track) => {
          pathTo.id = track?.trackId;
        }),
        pathButton,
      ),
    ),
  );

  // --- state ---
  const context = canvas.getContext('2d') as CanvasRenderingContext2D;
  let width = 0;
  let height = 0;
  let ratio = 1;
  let view: View = { scale: 1, tx: 0, ty: 0 };
  let home: View = view;
  let selectedGenre: string | undefined;
  let focus: number | undefined;
  let hover: number | undefined;
  let overlay: { seed?: number; results: number[]; path: number[] } = { results: [], path: [] };
  let valueRange: [number, number] = [0, 1];
  let frame = 0;
  const pixel = new Uint32Array(points.length);

  const toScreen = (x: number, y: number): [number, number] => [view.tx + x * view.scale, view.ty - y * view.scale];
  const toMap = (sx: number, sy: number): [number, number] => [(sx - view.tx) / view.scale, (view.ty - sy) / view.scale];

  function recolour(): void {
    const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
    const pack = ([r, g, b]: [number, number, number]) =>
      (little ? (255 << 24) | (b << 16) | (g << 8) | r : (r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
    const byFamily = colourBy.value === 'family';
    const grey: [number, number, number] = [120, 120, 120];
    points.forEach((p, i) => {
      const family = familyOfGenre.get(p.genres[0] as string);
      const rgb = byFamily
        ? family === undefined
          ? grey
          : (FAMILY_COLOURS[family] ?? grey)
        : colourBy.value
          ? ramp(((p.value ?? 0) - valueRange[0]) / (valueRange[1] - valueRange[0] || 1))
          : (colours.get(p.genres[0] as string) ?? grey);
      pixel[i] = pack(rgb);
    });
    legend.replaceChildren(
      byFamily
        ? el(
            'span',
            { class: 'map-families' },
            ...GENRE_FAMILIES.map((family, f) =>
              el('span', {}, el('span', { class: 'swatch', style: `background: ${css(FAMILY_COLOURS[f] ?? grey)}` }), family.name),
            ),
          )
        : colourBy.value
          ? el(
              'span',
              {},
              `${featureValue(colourBy.value, valueRange[0])} `,
              el('span', { class: 'map-ramp' }),
              ` ${featureValue(colourBy.value, valueRange[1])}`,
            )
          : 'colour = genre (neighbouring genres get neighbouring hues)',
    );
  }

  function fit(): void {
    const rect = stage.getBoundingClientRect();
    ratio = window.devicePixelRatio || 1;
    width = Math.max(1, Math.round(rect.width));
    height = Math.max(1, Math.round(rect.height));
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    const b = core;
    const scale = 0.92 * Math.min(width / (b.x1 - b.x0 || 1), height / (b.y1 - b.y0 || 1));
    home = { scale, tx: width / 2 - ((b.x0 + b.x1) / 2) * scale, ty: height / 2 + ((b.y0 + b.y1) / 2) * scale };
  }

  function draw(): void {
    frame = 0;
    performance.mark('map-draw-start');
    const w = canvas.width;
    const h = canvas.height;
    const image = context.createImageData(w, h);
    const buffer = new Uint32Array(image.data.buffer);
    buffer.fill(0xffffffff);
    const size = Math.max(2, Math.min(5, Math.round((view.scale / home.scale) * 2 * ratio)));
    const dim = selectedGenre !== undefined;
    const grey = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 0xffdddddd : 0xddddddff;
    const drawPoint = (i: number, colour: number) => {
      const p = points[i] as Point;
      const sx = Math.round((view.tx + p.x * view.scale) * ratio);
      const sy = Math.round((view.ty - p.y * view.scale) * ratio);
      if (sx < 0 || sy < 0 || sx >= w - size || sy >= h - size) return;
      for (let dy = 0; dy < size; dy++) buffer.fill(colour, (sy + dy) * w + sx, (sy + dy) * w + sx + size);
    };
    for (let i = 0; i < points.length; i++) {
      if (dim && (points[i] as Point).genres.includes(selectedGenre as string)) continue;
      drawPoint(i, dim ? grey : (pixel[i] as number));
    }
    if (dim)
      for (let i = 0; i < points.length; i++)
        if ((points[i] as Point).genres.includes(selectedGenre as string)) drawPoint(i, pixel[i] as number);
    context.putImageData(image, 0, 0);
    context.save();
    context.scale(ratio, ratio);
    drawOverlay();
    context.restore();
    placeLabels();
    performance.mark('map-draw-end');
    performance.measure('map-draw', 'map-draw-start', 'map-draw-end');
  }

  function ring(i: number, radius: number, colour: string, fill?: string): void {
    const p = points[i] as Point;
    const [sx, sy] = toScreen(p.x, p.y);
    context.beginPath();
    context.arc(sx, sy, radius, 0, 2 * Math.PI);
    if (fill) {
      context.fillStyle = fill;
      context.fill();
    }
    context.lineWidth = 2;
    context.strokeStyle = colour;
    context.stroke();
  }

  function drawOverlay(): void {
    if (overlay.seed !== undefined) {
      const [sx, sy] = toScreen((points[overlay.seed] as Point).x, (points[overlay.seed] as Point).y);
      context.strokeStyle = 'rgba(0,0,0,0.35)';
      context.lineWidth = 1;
      for (const r of overlay.results) {
        const [rx, ry] = toScreen((points[r] as Point).x, (points[r] as Point).y);
        context.beginPath();
        context.moveTo(sx, sy);
        context.lineTo(rx, ry);
        context.stroke();
      }
      for (const r of overlay.results) ring(r, 5, '#0072b2', 'rgba(255,255,255,0.8)');
      ring(overlay.seed, 8, '#d55e00', '#d55e00');
    }
    if (overlay.path.length > 1) {
      context.beginPath();
      overlay.path.forEach((i, k) => {
        const [px, py] = toScreen((points[i] as Point).x, (points[i] as Point).y);
        if (k === 0) context.moveTo(px, py);
        else context.lineTo(px, py);
      });
      context.strokeStyle = '#1a1a1a';
      context.lineWidth = 2;
      context.stroke();
      overlay.path.forEach((i, k) => {
        ring(i, k === 0 || k === overlay.path.length - 1 ? 7 : 4, '#1a1a1a', '#fff');
      });
    }
    if (focus !== undefined) ring(focus, 10, '#b00020');
    if (hover !== undefined) ring(hover, 6, '#1a1a1a');
  }

  // Genre labels as buttons over the canvas, biggest genres first, each only where it overlaps no placed label.
  const labelButtons = new Map(
    [...data.genres]
      .sort((a, b) => b.tracks - a.tracks)
      .map((g) => {
        const button = el('button', { type: 'button', class: 'map-label', 'data-genre': g.genre }, g.genre);
        button.addEventListener('click', () => selectGenre(g.genre));
        labels.append(button);
        return [g, button] as const;
      }),
  );
  const labelSizes = new Map<string, [number, number]>();
  function placeLabels(): void {
    const placed: Box[] = [];
    for (const [g, button] of labelButtons) {
      let size = labelSizes.get(g.genre);
      if (!size) {
        button.hidden = false;
        size = [button.offsetWidth, button.offsetHeight];
        if (size[0] > 0) labelSizes.set(g.genre, size);
      }
      const [sx, sy] = toScreen(g.x, g.y);
      const box = { left: sx - size[0] / 2, top: sy - size[1] / 2, right: sx + size[0] / 2, bottom: sy + size[1] / 2 };
      const visible =
        box.left >= 0 && box.top >= 0 && box.right <= width && box.bottom <= height && !placed.some((other) => overlaps(box, other));
      button.hidden = !visible;
      if (visible) {
        placed.push({ left: box.left - 2, top: box.top - 1, right: box.right + 2, bottom: box.bottom + 1 });
        button.style.transform = `translate(${Math.round(box.left)}px, ${Math.round(box.top)}px)`;
        button.classList.toggle('selected', g.genre === selectedGenre);
      }
    }
  }

  const redraw = () => {
    if (!frame) frame = requestAnimationFrame(draw);
  };

  function zoomAt(sx: number, sy: number, factor: number): void {
    const scale = Math.max(home.scale * 0.5, Math.min(home.scale * 200, view.scale * factor));
    const f = scale / view.scale;
    view = { scale, tx: sx - (sx - view.tx) * f, ty: sy - (sy - view.ty) * f };
    redraw();
  }

  function animateTo(target: View, ms = 600): void {
    const start = view;
    const began = performance.now();
    const step = (now: number) => {
      const u = Math.min(1, (now - began) / ms);
      const e = u < 0.5 ? 2 * u * u : 1 - (-2 * u + 2) ** 2 / 2;
      const scale = start.scale * (target.scale / start.scale) ** e;
      // interpolate the map point at the screen centre, so the flight does not swing sideways
      const cx0 = (width / 2 - start.tx) / start.scale;
      const cy0 = (start.ty - height / 2) / start.scale;
      const cx1 = (width / 2 - target.tx) / target.scale;
      const cy1 = (target.ty - height / 2) / target.scale;
      const cx = cx0 + (cx1 - cx0) * e;
      const cy = cy0 + (cy1 - cy0) * e;
      view = { scale, tx: width / 2 - cx * scale, ty: height / 2 + cy * scale };
      draw();
      if (u < 1) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  function showTrack(i: number): HTMLElement {
    const p = points[i] as Point;
    return el(
      'div',
      {},
      el('b', {}, p.name),
      ` — ${p.artists}`,
      el(
        'div',
        { class: 'map-note' },
        `${p.genres.join(', ')}; popularity ${p.popularity}${p.value !== undefined ? `; ${colourBy.value} ${featureValue(colourBy.value, p.value)}` : ''}`,
      ),
    );
  }

  /** Tracks as a numbered list; a click flies to one. */
  function trackList(tracks: number[]): HTMLElement {
    return el(
      'ol',
      { class: 'map-tracks' },
      ...tracks.map((i) => {
        const p = points[i] as Point;
        const link = el('button', { type: 'button', class: 'link' }, `${p.name} — ${p.artists}`);
        link.addEventListener('click', () => flyTo(p.trackId));
        return el('li', {}, link, el('span', { class: 'map-note' }, ` · ${p.genres[0]}`));
      }),
    );
  }

  function flyTo(trackId: string): void {
    const i = byId.get(trackId);
    if (i === undefined) return;
    focus = i;
    const p = points[i] as Point;
    const scale = Math.max(view.scale, home.scale * 8);
    animateTo({ scale, tx: width / 2 - p.x * scale, ty: height / 2 + p.y * scale });
    side.replaceChildren(el('h3', {}, 'Track'), showTrack(i));
  }

  function selectGenre(genre: string | undefined): void {
    selectedGenre = genre === selectedGenre ? undefined : genre;
    redraw();
    if (!selectedGenre) {
      side.replaceChildren(el('p', { class: 'map-note' }, 'Click a genre label to list its tracks; hover a point to see it.'));
      return;
    }
    const members = points.map((p, i) => [p, i] as const).filter(([p]) => p.genres.includes(selectedGenre as string));
    members.sort((a, b) => b[0].popularity - a[0].popularity);
    const place = data.genres.find((g) => g.genre === selectedGenre);
    const close = el('button', { type: 'button', class: 'secondary' }, 'Clear');
    close.addEventListener('click', () => selectGenre(undefined));
    const list = el(
      'ol',
      { class: 'map-tracks' },
      ...members.slice(0, 100).map(([p]) => {
        const link = el('button', { type: 'button', class: 'link' }, `${p.name} — ${p.artists}`);
        link.addEventListener('click', () => flyTo(p.trackId));
        return el('li', {}, link, el('span', { class: 'map-note' }, ` ${p.popularity}`));
      }),
    );
    side.replaceChildren(
      el('h3', {}, `${selectedGenre}`, ' ', close),
      el(
        'p',
        { class: 'map-note' },
        `${fmt(members.length, 0)} tracks, most popular first${members.length > 100 ? ' (first 100)' : ''}; spread ${fmt(place?.spread ?? 0, 2)} map units.`,
      ),
      list,
    );
  }

  // --- interaction ---
  const pointers = new Map<number, { x: number; y: number }>();
  let dragged = false;
  canvas.addEventListener('pointerdown', (event) => {
    canvas.setPointerCapture(event.pointerId);
    pointers.set(event.pointerId, { x: event.offsetX, y: event.offsetY });
    dragged = false;
  });
  canvas.addEventListener('pointermove', (event) => {
    const previous = pointers.get(event.pointerId);
    if (previous) {
      if (pointers.size === 1) {
        view = { ...view, tx: view.tx + event.offsetX - previous.x, ty: view.ty + event.offsetY - previous.y };
      } else if (pointers.size === 2) {
        const other = [...pointers.entries()].find(([id]) => id !== event.pointerId)?.[1] as { x: number; y: number };
        const before = Math.hypot(previous.x - other.x, previous.y - other.y);
        const after = Math.hypot(event.offsetX - other.x, event.offsetY - other.y);
        if (before > 0) zoomAt((event.offsetX + other.x) / 2, (event.offsetY + other.y) / 2, after / before);
      }
      if (Math.abs(event.offsetX - previous.x) + Math.abs(event.offsetY - previous.y) > 0) dragged = true;
      pointers.set(event.pointerId, { x: event.offsetX, y: event.offsetY });
      tooltip.hidden = true;
      redraw();
      return;
    }
    const [mx, my] = toMap(event.offsetX, event.offsetY);
    const found = grid.nearest(mx, my, 8 / view.scale);
    const next = found >= 0 ? found : undefined;
    if (next !== hover) {
      hover = next;
      redraw();
    }
    if (hover === undefined) {
      tooltip.hidden = true;
      return;
    }
    tooltip.replaceChildren(showTrack(hover));
    tooltip.hidden = false;
    const left = Math.min(event.offsetX + 12, width - tooltip.offsetWidth - 4);
    const top = event.offsetY + 12 + tooltip.offsetHeight > height ? event.offsetY - tooltip.offsetHeight - 8 : event.offsetY + 12;
    tooltip.style.transform = `translate(${Math.max(0, left)}px, ${Math.max(0, top)}px)`;
  });
  const release = (event: PointerEvent) => {
    pointers.delete(event.pointerId);
  };
  canvas.addEventListener('pointerup', (event) => {
    release(event);
    if (!dragged && hover !== undefined) {
      focus = hover;
      side.replaceChildren(el('h3', {}, 'Track'), showTrack(hover));
      redraw();
    }
  });
  canvas.addEventListener('pointercancel', release);
  canvas.addEventListener('pointerleave', () => {
    tooltip.hidden = true;
    if (hover !== undefined) {
      hover = undefined;
      redraw();
    }
  });
  canvas.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      zoomAt(event.offsetX, event.offsetY, Math.exp(-event.deltaY * 0.0015));
    },
    { passive: false },
  );
  zoomIn.addEventListener('click', () => zoomAt(width / 2, height / 2, 1.6));
  zoomOut.addEventListener('click', () => zoomAt(width / 2, height / 2, 1 / 1.6));
  reset.addEventListener('click', () => animateTo(home, 400));
  colourBy.addEventListener('change', async () => {
    if (colourBy.value && colourBy.value !== 'family') {
      const withValues = await fetchMap(`/api/map?feature=${encodeURIComponent(colourBy.value)}`, legend);
      withValues.tracks.forEach((p, i) => {
        (points[i] as Point).value = p.value;
      });
      const values = points.map((p) => p.value ?? 0).sort((a, b) => a - b);
      // 2nd to 98th percentile, so a few extreme values (tempo, loudness) do not wash out the ramp
      valueRange = [values[Math.floor(values.length * 0.02)] as number, values[Math.floor(values.length * 0.98)] as number];
    } else for (const p of points) p.value = undefined;
    recolour();
    redraw();
  });

  async function drawPath(from: string, to: string): Promise<void> {
    try {
      const answer = await api<{ tracks: Point[] }>(`/api/map/path?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}&steps=8`);
      overlay = { ...overlay, path: answer.tracks.map((p) => byId.get(p.trackId) as number).filter((i) => i !== undefined) };
      side.replaceChildren(el('h3', {}, 'Path'), trackList(overlay.path));
      redraw();
    } catch (error) {
      side.replaceChildren(
        el('p', { class: 'error', role: 'alert' }, `Could not draw the path: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
  }
  pathButton.addEventListener('click', () => {
    if (pathFrom.id && pathTo.id) void drawPath(pathFrom.id, pathTo.id);
    else side.replaceChildren(el('p', { class: 'error', role: 'alert' }, 'Pick two tracks first.'));
  });

  new ResizeObserver(() => {
    const atHome = view === home;
    fit();
    if (atHome) view = home;
    redraw();
  }).observe(stage);
  fit();
  view = home;
  recolour();
  selectGenre(undefined);

  // A recommendation handed over from the Recommend page.
  const seed = query.get('seed');
  if (seed && byId.has(seed)) {
    overlay = {
      seed: byId.get(seed),
      results: (query.get('results') ?? '')
        .split(',')
        .map((id) => byId.get(id))
        .filter((i): i is number => i !== undefined),
      path: [],
    };
    side.replaceChildren(
      el('h3', {}, 'Recommendation'),
      el('p', { class: 'map-note' }, 'The seed (orange) and its results (blue rings), joined by lines.'),
      showTrack(overlay.seed as number),
      trackList(overlay.results),
    );
    const to = query.get('to');
    if (to) void drawPath(seed, to);
  }
  draw();
}
