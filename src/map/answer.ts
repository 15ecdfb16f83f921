/**
 * What `map --json` and GET /api/map answer: the method and its faithfulness beside PCA, the genre
 * places and the track positions. Up to MAP_POINTS_LIMIT tracks every point is sent; above it, density
 * bins over the whole map plus the points inside a requested viewport.
 */
import { type Catalog, genresOf } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES, type AudioFeature } from '../data/schema.js';
import type { TrackMap } from './artifact.js';
import type { MapParams } from './build.js';
import { type Bounds, type DensityGrid, densityGrid, mapBounds, pointsInside } from './density.js';
import type { GenrePlace } from './genres.js';

/** Above this many tracks the answer carries density bins and only the viewport's points. */
export const MAP_POINTS_LIMIT = 200_000;
export const DEFAULT_DENSITY_BINS = 64;

export interface MapRequest {
  /** The part of the map whose points are wanted (large catalogues). */
  viewport?: Bounds;
  /** An audio feature whose raw value is sent with each point (to colour by it). */
  feature?: AudioFeature;
  bins?: number;
}

export interface MapPoint {
  trackId: string;
  x: number;
  y: number;
  name: string;
  artists: string;
  /** Every genre the track is listed under, its first row's genre first. */
  genres: string[];
  popularity: number;
  /** The requested feature's value. */
  value?: number;
}

export interface MapAnswer {
  method: 'umap';
  trustworthiness: number;
  pcaTrustworthiness: number;
  genreSpearman: number;
  pcaGenreSpearman: number;
  k: number;
  /** Tracks whose neighbourhoods were scored for trustworthiness. */
  trustQueries: number;
  params: MapParams;
  buildSeconds: number;
  size: number;
  bounds: Bounds;
  genres: GenrePlace[];
  tracks: MapPoint[];
  /** Present above MAP_POINTS_LIMIT tracks. */
  density?: DensityGrid;
  viewport?: Bounds;
  /** Above the limit: true when the viewport held more points than were sent (the first ones by track order). */
  truncated?: boolean;
  feature?: AudioFeature;
}

const round = (value: number) => Math.round(value * 1e4) / 1e4;

/** The method and how faithful it is, beside PCA: the head of every map answer. */
export function faithfulness(map: TrackMap) {
  const q = map.quality;
  return {
    method: map.method,
    trustworthiness: q.trustworthiness,
    pcaTrustworthiness: q.pcaTrustworthiness,
    genreSpearman: q.genreSpearman,
    pcaGenreSpearman: q.pcaGenreSpearman,
    k: q.k,
  };
}

/** Parses `x0,y0,x1,y1`. */
export function parseViewport(text: string): Bounds {
  const parts = text.split(',').map((part) => Number(part.trim()));
  const [x0, y0, x1, y1] = parts as [number, number, number, number];
  if (parts.length !== 4 || !parts.every(Number.isFinite) || !(x0 < x1 && y0 < y1))
    throw new InputError(`viewport must be four numbers x0,y0,x1,y1 with x0 < x1 and y0 < y1; got ${JSON.stringify(text)}`);
  return { x0, y0, x1, y1 };
}

export function parseMapFeature(text: string): AudioFeature {
  if (!(AUDIO_FEATURES as readonly string[]).includes(text))
    throw new InputError(`feature must be one of ${AUDIO_FEATURES.join(', ')}; got ${JSON.stringify(text)}`);
  return text as AudioFeature;
}

export function parseDensityBins(text: string): number {
  const bins = Number(text);
  if (!Number.isInteger(bins) || bins < 4 || bins > 512)
    throw new InputError(`bins must be an integer from 4 to 512; got ${JSON.stringify(text)}`);
  return bins;
}

export type MapFields = Readonly<Record<string, string | readonly string[] | undefined>>;

/** One field's text; undefined when absent or empty. */
export function singleField(fields: MapFields, name: string): string | undefined {
  const value = fields[name];
  if (typeof value !== 'string' && value !== undefined) throw new InputError(`${name} is given more than once`);
  return value === '' ? undefined : value;
}

/** The typed request from query-string style fields `viewport`, `feature`, `bins` (each face translates its inputs into these). */
export function mapRequestFrom(fields: MapFields): MapRequest {
  const request: MapRequest = {};
  const viewport = singleField(fields, 'viewport');
  const feature = singleField(fields, 'feature');
  const bins = singleField(fields, 'bins');
  if (viewport !== undefined) request.viewport = parseViewport(viewport);
  if (feature !== undefined) request.feature = parseMapFeature(feature);
  if (bins !== undefined) request.bins = parseDensityBins(bins);
  return request;
}

export function mapPoint(catalog: Catalog, coords: Float32Array, t: number, feature?: AudioFeature): MapPoint {
  const point: MapPoint = {
    trackId: catalog.trackId[t] as string,
    x: round(coords[2 * t] as number),
    y: round(coords[2 * t + 1] as number),
    name: catalog.trackName[t] as string,
    artists: (catalog.artists[t] as string).replaceAll(';', ', '),
    genres: genresOf(catalog, t),
    popularity: catalog.numeric.popularity[t] as number,
  };
  if (feature) point.value = catalog.numeric[feature][t] as number;
  return point;
}

export function mapAnswer(map: TrackMap, catalog: Catalog, request: MapRequest = {}, pointsLimit = MAP_POINTS_LIMIT): MapAnswer {
  const bounds = mapBounds(map.coords);
  const large = catalog.size > pointsLimit;
  const tracks = large
    ? request.viewport
      ? pointsInside(map.coords, request.viewport)
      : []
    : Array.from({ length: catalog.size }, (_, t) => t);
  const answer: MapAnswer = {
    ...faithfulness(map),
    trustQueries: map.quality.queries,
    params: map.params,
    buildSeconds: map.buildSeconds,
    size: catalog.size,
    bounds,
    genres: map.genres.map((g) => ({ ...g, x: round(g.x), y: round(g.y), spread: round(g.spread) })),
    tracks: tracks.slice(0, pointsLimit).map((t) => mapPoint(catalog, map.coords, t, request.feature)),
  };
  if (large) {
    answer.density = densityGrid(map.coords, request.bins ?? DEFAULT_DENSITY_BINS, bounds);
    if (request.viewport) answer.viewport = request.viewport;
    answer.truncated = tracks.length > pointsLimit;
  }
  if (request.feature) answer.feature = request.feature;
  return answer;
}
