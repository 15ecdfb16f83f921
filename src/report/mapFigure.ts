/**
 * The report's static map: the density of tracks on the UMAP map as shaded cells, genre labels placed
 * biggest genre first wherever they overlap no label already placed, as one inline SVG (no script).
 */
import type { Engine } from '../engine/engine.js';
import { faithfulness } from '../map/answer.js';
import type { Bounds, DensityGrid } from '../map/density.js';
import { coreBounds, densityGrid } from '../map/density.js';
import type { GenrePlace } from '../map/genres.js';
import { formatScore } from './format.js';

export interface MapSection {
  status: 'ok' | 'skipped';
  reason?: string;
  method?: string;
  trustworthiness?: number;
  pcaTrustworthiness?: number;
  genreSpearman?: number;
  pcaGenreSpearman?: number;
  k?: number;
  density?: DensityGrid;
  genres?: GenrePlace[];
}

const FIGURE_BINS = 60;

/** The map section's numbers from the engine's map (built or opened from the cache). */
export async function mapSection(engine: Engine): Promise<MapSection> {
  try {
    const map = await engine.map();
    return {
      status: 'ok',
      ...faithfulness(map),
      density: densityGrid(map.coords, FIGURE_BINS, coreBounds(map.coords)),
      genres: map.genres,
    };
  } catch (error) {
    // a catalogue too small for a map still gets the rest of the report
    return { status: 'skipped', reason: error instanceof Error ? error.message : String(error) };
  }
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The figure as SVG: `width` pixels wide, the height following the map's aspect. */
export function mapFigureSvg(density: DensityGrid, genres: readonly GenrePlace[], width = 720): string {
  const b: Bounds = density.bounds;
  const pad = 12;
  const spanX = b.x1 - b.x0 || 1;
  const spanY = b.y1 - b.y0 || 1;
  const scale = (width - 2 * pad) / spanX;
  const height = Math.round(spanY * scale + 2 * pad);
  const sx = (x: number) => pad + (x - b.x0) * scale;
  const sy = (y: number) => height - pad - (y - b.y0) * scale;
  const cellW = spanX / density.bins;
  const cellH = spanY / density.bins;
  const peak = Math.max(1, ...density.counts);
  const cells: string[] = [];
  density.counts.forEach((count, i) => {
    if (count === 0) return;
    const column = i % density.bins;
    const row = Math.floor(i / density.bins);
    const opacity = (0.08 + 0.82 * Math.sqrt(count / peak)).toFixed(2);
    cells.push(
      `<rect x="${sx(b.x0 + column * cellW).toFixed(1)}" y="${sy(b.y0 + (row + 1) * cellH).toFixed(1)}" width="${(cellW * scale + 0.3).toFixed(1)}" height="${(cellH * scale + 0.3).toFixed(1)}" fill-opacity="${opacity}"/>`,
    );
  });
  // labels: 11 px text is about 6.1 px a character wide; the biggest genres claim their place first
  const placed: Box[] = [];
  const labels: string[] = [];
  for (const g of [...genres].sort((a, c) => c.tracks - a.tracks || a.genre.localeCompare(c.genre))) {
    const x = sx(g.x);
    const y = sy(g.y);
    const half = (g.genre.length * 6.1) / 2 + 2;
    const box = { left: x - half, top: y - 8, right: x + half, bottom: y + 6 };
    if (box.left < 0 || box.right > width || box.top < 0 || box.bottom > height) continue;
    if (placed.some((o) => box.left < o.right && o.left < box.right && box.top < o.bottom && o.top < box.bottom)) continue;
    placed.push(box);
    labels.push(`<text x="${x.toFixed(1)}" y="${(y + 3).toFixed(1)}">${escapeXml(g.genre)}</text>`);
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="map of the catalogue: track density with genre labels">` +
    `<rect width="${width}" height="${height}" fill="#fff"/><g fill="#0072b2">${cells.join('')}</g>` +
    `<g font-family="system-ui, sans-serif" font-size="11" text-anchor="middle" fill="#1a1a1a" stroke="#fff" stroke-width="3" paint-order="stroke">${labels.join('')}</g></svg>`
  );
}

/** What distance on the map does and does not mean, with the measured faithfulness. */
export function mapCaption(section: MapSection): string {
  const f = (x: number | undefined) => (x === undefined ? '-' : formatScore(x));
  return (
    `Every track placed by ${String(section.method).toUpperCase()} from its 9 standardized audio features (the outermost 0.5% on each side left out of the frame); darker cells hold more tracks, ` +
    `labels sit at the centre of their genre's tracks (bigger genres win where labels would collide). ` +
    `Near means similar: ${f(section.trustworthiness)} trustworthiness (k = ${section.k}) says a track's map neighbours are nearly all true audio neighbours (PCA: ${f(section.pcaTrustworthiness)}). ` +
    `Far does not measure how different: gaps between clusters and long distances are not to scale, and genre-to-genre distances agree with the audio space only in rank and only partly ` +
    `(Spearman ${f(section.genreSpearman)}; PCA ${f(section.pcaGenreSpearman)}). Axes have no meaning.`
  );
}
