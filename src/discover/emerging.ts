/**
 * Emerging tracks and artists: tracks in a mid-popularity window ("not yet mainstream"), ranked by the
 * notebook's heuristic score (or by hit-likeness), one entry per track and, by default, per song across
 * versions; artists by their tracks' mean score, with a shrunken mean so one lucky track does not top
 * the list.
 */
import { type Catalog, genresOf, spotifyUrl } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import type { AudioFeature } from '../data/schema.js';
import { songKey } from '../recommend/text.js';
import { type HitModel, hitContributions, hitLikeness, trainHitModel } from './hitLikeness.js';

/** The notebook's score: danceability + energy + valence + tempo/200 - loudness/60. */
export const NOTEBOOK_WEIGHTS: Readonly<Partial<Record<AudioFeature, number>>> = {
  danceability: 1,
  energy: 1,
  valence: 1,
  tempo: 1 / 200,
  loudness: -1 / 60,
};

export type EmergingScore = 'heuristic' | 'hit-likeness';
export const EMERGING_SCORES: readonly EmergingScore[] = ['heuristic', 'hit-likeness'];

export interface EmergingRequest {
  /** Inclusive popularity window; default 40-70 (the notebook's). */
  minPopularity?: number;
  maxPopularity?: number;
  /** Merged over the notebook's weights; a weight of 0 drops a feature. */
  weights?: Partial<Record<AudioFeature, number>>;
  by?: EmergingScore;
  /** Only tracks carrying this genre (any of their genres, not just the first). */
  genre?: string;
  limit?: number;
  /** Keep several versions of the same song (default: one per song, its best-scoring version). */
  allowVersions?: boolean;
  /** Artists need at least this many entries in the pool; default 2. */
  minTracks?: number;
  /** Prior strength k of the shrunken mean, in pseudo-tracks at the pool mean; default 3. */
  priorStrength?: number;
  /** Order artists by the shrunken mean (default) or the raw mean (the notebook). */
  rankArtistsBy?: 'shrunk' | 'mean';
}

export interface EmergingTrack {
  rank: number;
  trackId: string;
  trackName: string;
  mainArtist: string;
  artists: string;
  genres: string[];
  popularity: number;
  /** The ranking score: heuristic, or hit probability. */
  score: number;
  /** Parts of the score: weight x value per feature (heuristic), or log-odds per feature (hit-likeness). */
  components: Partial<Record<AudioFeature, number>>;
  heuristicScore: number;
  hitLikeness?: number;
  /** Other versions of the same song in the pool, folded into this entry. */
  otherVersions: number;
  url: string;
}

export interface EmergingArtist {
  rank: number;
  artist: string;
  /** Entries (tracks, or songs when versions are folded) in the pool. */
  tracks: number;
  meanScore: number;
  /** (n x mean + k x poolMean) / (n + k). */
  shrunkScore: number;
  meanPopularity: number;
  /** Genres of the artist's pool tracks, most frequent first. */
  genres: string[];
  topTrack: { trackId: string; trackName: string; score: number; url: string };
}

export interface EmergingResult {
  by: EmergingScore;
  window: { minPopularity: number; maxPopularity: number };
  weights: Partial<Record<AudioFeature, number>>;
  genre: string | null;
  /** Tracks in the window (and genre): one per track_id. */
  poolSize: number;
  /** Entries after folding versions of the same song (= poolSize with allowVersions). */
  entries: number;
  poolMeanScore: number;
  minTracks: number;
  priorStrength: number;
  rankArtistsBy: 'shrunk' | 'mean';
  model: Omit<HitModel, 'mean' | 'scale'> | null;
  tracks: EmergingTrack[];
  artists: EmergingArtist[];
}

export const MAX_EMERGING_LIMIT = 1000;

const songKeys = new WeakMap<Catalog, string[]>();

/** Song keys of every track, computed once per catalogue (string folding is the slow part). */
function songKeysOf(catalog: Catalog): string[] {
  let keys = songKeys.get(catalog);
  if (!keys) {
    keys = catalog.trackName.map((name, t) => songKey(name, catalog.mainArtist[t] as string));
    songKeys.set(catalog, keys);
  }
  return keys;
}

export function mergeWeights(weights: Partial<Record<AudioFeature, number>> = {}): Partial<Record<AudioFeature, number>> {
  const merged: Partial<Record<AudioFeature, number>> = { ...NOTEBOOK_WEIGHTS };
  for (const [feature, w] of Object.entries(weights) as [AudioFeature, number][]) {
    if (w === 0) delete merged[feature];
    else merged[feature] = w;
  }
  return merged;
}

/** The heuristic score of every listed track. */
export function heuristicScores(catalog: Catalog, tracks: Int32Array, weights: Partial<Record<AudioFeature, number>>): Float64Array {
  const scores = new Float64Array(tracks.length);
  for (const [feature, w] of Object.entries(weights) as [AudioFeature, number][]) {
    const column = catalog.numeric[feature];
    for (let i = 0; i < tracks.length; i++) scores[i] = (scores[i] as number) + w * (column[tracks[i] as number] as number);
  }
  return scores;
}

/** Tracks with popularity in [min, max] (inclusive), optionally carrying a genre. */
export function emergingPool(catalog: Catalog, minPopularity: number, maxPopularity: number, genre?: string): Int32Array {
  let genreCode = -1;
  if (genre !== undefined) {
    genreCode = catalog.genreNames.indexOf(genre);
    if (genreCode < 0) throw new InputError(`unknown genre "${genre}"; genres: ${catalog.genreNames.join(', ')}`);
  }
  const popularity = catalog.numeric.popularity;
  const out: number[] = [];
  for (let t = 0; t < catalog.size; t++) {
    const p = popularity[t] as number;
    if (p < minPopularity || p > maxPopularity) continue;
    if (genreCode >= 0 && !carriesGenre(catalog, t, genreCode)) continue;
    out.push(t);
  }
  return Int32Array.from(out);
}

function carriesGenre(catalog: Catalog, track: number, code: number): boolean {
  for (let k = catalog.genreOffsets[track] as number; k < (catalog.genreOffsets[track + 1] as number); k++) {
    if (catalog.genreCodes[k] === code) return true;
  }
  return false;
}

function checkRequest(request: EmergingRequest): void {
  const { minPopularity = 40, maxPopularity = 70 } = request;
  if (!(minPopularity >= 0 && maxPopularity <= 100 && minPopularity <= maxPopularity)) {
    throw new InputError(`popularity window must satisfy 0 <= min <= max <= 100, got ${minPopularity}-${maxPopularity}`);
  }
  if (request.limit !== undefined && !(Number.isInteger(request.limit) && request.limit >= 1 && request.limit <= MAX_EMERGING_LIMIT)) {
    throw new InputError(`limit must be a whole number from 1 to ${MAX_EMERGING_LIMIT}, got ${request.limit}`);
  }
  if (request.minTracks !== undefined && !(Number.isInteger(request.minTracks) && request.minTracks >= 1)) {
    throw new InputError(`min tracks must be a whole number >= 1, got ${request.minTracks}`);
  }
  if (request.priorStrength !== undefined && !(request.priorStrength >= 0 && Number.isFinite(request.priorStrength))) {
    throw new InputError(`prior strength must be a number >= 0, got ${request.priorStrength}`);
  }
}

/**
 * Ranks the pool. `model` is used for `by: 'hit-likeness'` (trained with defaults when omitted; pass
 * one to reuse it across requests).
 */
export function emerging(catalog: Catalog, request: EmergingRequest = {}, model?: HitModel): EmergingResult {
  checkRequest(request);
  const minPopularity = request.minPopularity ?? 40;
  const maxPopularity = request.maxPopularity ?? 70;
  const by = request.by ?? 'heuristic';
  const limit = request.limit ?? 10;
  const minTracks = request.minTracks ?? 2;
  const priorStrength = request.priorStrength ?? 3;
  const rankArtistsBy = request.rankArtistsBy ?? 'shrunk';
  const weights = mergeWeights(request.weights);
  const pool = emergingPool(catalog, minPopularity, maxPopularity, request.genre);
  const heuristic = heuristicScores(catalog, pool, weights);
  const hitModel = by === 'hit-likeness' ? (model ?? trainHitModel(catalog)) : undefined;
  const hit = hitModel ? hitLikeness(hitModel, catalog, pool) : undefined;
  const score = hit ?? heuristic;

  // Best first; equal scores keep catalogue order (the sort is stable).
  const order = Array.from({ length: pool.length }, (_, i) => i).sort((a, b) => (score[b] as number) - (score[a] as number));

  // One entry per song: the first (best) version seen, counting the others.
  const entries: number[] = [];
  const versions = new Map<string, number>();
  const keys = request.allowVersions ? undefined : songKeysOf(catalog);
  const otherVersions = new Int32Array(pool.length);
  for (const i of order) {
    if (keys) {
      const key = keys[pool[i] as number] as string;
      const first = versions.get(key);
      if (first !== undefined) {
        otherVersions[first] = (otherVersions[first] as number) + 1;
        continue;
      }
      versions.set(key, i);
    }
    entries.push(i);
  }

  let scoreSum = 0;
  for (const i of entries) scoreSum += score[i] as number;
  const poolMeanScore = entries.length ? scoreSum / entries.length : Number.NaN;

  const tracks: EmergingTrack[] = entries.slice(0, limit).map((i, r) => {
    const t = pool[i] as number;
    const components: Partial<Record<AudioFeature, number>> = {};
    if (hitModel) Object.assign(components, hitContributions(hitModel, catalog, t));
    else
      for (const [feature, w] of Object.entries(weights) as [AudioFeature, number][])
        components[feature] = w * (catalog.numeric[feature][t] as number);
    const trackId = catalog.trackId[t] as string;
    return {
      rank: r + 1,
      trackId,
      trackName: catalog.trackName[t] as string,
      mainArtist: catalog.mainArtist[t] as string,
      artists: catalog.artists[t] as string,
      genres: genresOf(catalog, t),
      popularity: catalog.numeric.popularity[t] as number,
      score: score[i] as number,
      components,
      heuristicScore: heuristic[i] as number,
      ...(hit ? { hitLikeness: hit[i] as number } : {}),
      otherVersions: otherVersions[i] as number,
      url: spotifyUrl(trackId),
    };
  });

  const artists = rankArtists(catalog, pool, entries, score, { minTracks, priorStrength, poolMeanScore, rankArtistsBy, limit });
  const modelSummary = hitModel ? (({ mean: _mean, scale: _scale, ...rest }) => rest)(hitModel) : null;
  return {
    by,
    window: { minPopularity, maxPopularity },
    weights,
    genre: request.genre ?? null,
    poolSize: pool.length,
    entries: entries.length,
    poolMeanScore,
    minTracks,
    priorStrength,
    rankArtistsBy,
    model: modelSummary,
    tracks,
    artists,
  };
}

interface ArtistAccumulator {
  artist: string;
  count: number;
  scoreSum: number;
  popularitySum: number;
  /** Pool position of the best entry (entries arrive best first). */
  best: number;
  genreCounts: Map<string, number>;
}

function rankArtists(
  catalog: Catalog,
  pool: Int32Array,
  entries: number[],
  score: Float64Array,
  options: { minTracks: number; priorStrength: number; poolMeanScore: number; rankArtistsBy: 'shrunk' | 'mean'; limit: number },
): EmergingArtist[] {
  const byArtist = new Map<string, ArtistAccumulator>();
  for (const i of entries) {
    const t = pool[i] as number;
    const artist = catalog.mainArtist[t] as string;
    let a = byArtist.get(artist);
    if (!a) {
      a = { artist, count: 0, scoreSum: 0, popularitySum: 0, best: i, genreCounts: new Map() };
      byArtist.set(artist, a);
    }
    a.count++;
    a.scoreSum += score[i] as number;
    a.popularitySum += catalog.numeric.popularity[t] as number;
    for (const g of genresOf(catalog, t)) a.genreCounts.set(g, (a.genreCounts.get(g) ?? 0) + 1);
  }
  const k = options.priorStrength;
  const ranked = [...byArtist.values()]
    .filter((a) => a.count >= options.minTracks)
    .map((a) => ({
      a,
      mean: a.scoreSum / a.count,
      shrunk: (a.scoreSum + k * options.poolMeanScore) / (a.count + k),
    }))
    .sort((x, y) => (options.rankArtistsBy === 'mean' ? y.mean - x.mean || y.shrunk - x.shrunk : y.shrunk - x.shrunk || y.mean - x.mean));
  return ranked.slice(0, options.limit).map(({ a, mean, shrunk }, r) => {
    const t = pool[a.best] as number;
    const trackId = catalog.trackId[t] as string;
    return {
      rank: r + 1,
      artist: a.artist,
      tracks: a.count,
      meanScore: mean,
      shrunkScore: shrunk,
      meanPopularity: a.popularitySum / a.count,
      genres: [...a.genreCounts.entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([g]) => g),
      topTrack: { trackId, trackName: catalog.trackName[t] as string, score: score[a.best] as number, url: spotifyUrl(trackId) },
    };
  });
}
