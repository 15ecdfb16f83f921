/**
 * Emerging tracks and artists: tracks in a mid-popularity window ("not yet mainstream"), ranked by the
 * notebook's heuristic score (or by hit-likeness), one entry per track and, by default, per song across
 * versions; artists by their tracks' mean score, with a shrunken mean so one lucky track does not top
 * the list.
 */
import { type Catalog, genresOf, spotifyUrl } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import type { AudioFeature } from '../data/schema.js';
import { type HitModel, hitContributions, hitLikeness, trainHitModel } from './hitLikeness.js';
import { countExclusions, NO_SCOUT_FILTERS, type ScoutExclusions, type ScoutFilters, scoutReasons } from './scoutFilters.js';
import type { SnapshotJoin } from './snapshotJoin.js';
import { trackSummary } from './trackSummary.js';

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
  /** Scout filters (genres, holiday titles, artist ceiling, release age); default none, as the notebook. */
  filters?: ScoutFilters;
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
  /** Tracks in the window (and genre) that pass the filters: one per track_id. */
  poolSize: number;
  /** Tracks in the window (and genre) left out by the filters, per reason. */
  excluded: ScoutExclusions;
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

/** Dense codes for a string per track (song key, main artist), built once per catalogue and cached. */
/**
 * Positions of the `k` best items by score (descending; equal scores keep the lower position, i.e.
 * catalogue order), by insertion into a short sorted buffer: O(n) for k much smaller than n.
 */
export function topPositions(items: Int32Array, score: Float64Array, k: number): Int32Array {
  const best: number[] = [];
  const better = (a: number, b: number) => (score[a] as number) > (score[b] as number) || (score[a] === score[b] && a < b);
  for (const item of items) {
    if (best.length === k && !better(item, best[k - 1] as number)) continue;
    let at = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(item);
    while (at > 0 && better(item, best[at - 1] as number)) {
      best[at] = best[at - 1] as number;
      at--;
    }
    best[at] = item;
  }
  return Int32Array.from(best);
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
export function emerging(
  catalog: Catalog,
  request: EmergingRequest = {},
  model?: HitModel,
  dates?: Pick<SnapshotJoin, 'releaseDateOfTrack' | 'asOf'>,
): EmergingResult {
  checkRequest(request);
  const minPopularity = request.minPopularity ?? 40;
  const maxPopularity = request.maxPopularity ?? 70;
  const by = request.by ?? 'heuristic';
  const limit = request.limit ?? 10;
  const minTracks = request.minTracks ?? 2;
  const priorStrength = request.priorStrength ?? 3;
  const rankArtistsBy = request.rankArtistsBy ?? 'shrunk';
  const weights = mergeWeights(request.weights);
  const reasons = scoutReasons(catalog, request.filters ?? NO_SCOUT_FILTERS, dates?.releaseDateOfTrack, dates?.asOf.year);
  const window = emergingPool(catalog, minPopularity, maxPopularity, request.genre);
  const excluded = countExclusions(reasons, window);
  const pool = window.filter((t) => reasons[t] === 0);
  const heuristic = heuristicScores(catalog, pool, weights);
  const hitModel = by === 'hit-likeness' ? (model ?? trainHitModel(catalog)) : undefined;
  const hit = hitModel ? hitLikeness(hitModel, catalog, pool) : undefined;
  const score = hit ?? heuristic;

  // One entry per song: its best-scoring version (the first in catalogue order among equals); the
  // other versions are counted on it.
  let entries: Int32Array;
  const otherVersions = new Int32Array(pool.length);
  if (request.allowVersions) {
    entries = Int32Array.from({ length: pool.length }, (_, i) => i);
  } else {
    const songs = catalog.songCode;
    const bestOfSong = new Int32Array(catalog.songCount).fill(-1);
    const versionsOfSong = new Int32Array(catalog.songCount);
    let distinct = 0;
    for (let i = 0; i < pool.length; i++) {
      const song = songs[pool[i] as number] as number;
      const current = bestOfSong[song] as number;
      if (current < 0) distinct++;
      if (current < 0 || (score[i] as number) > (score[current] as number)) bestOfSong[song] = i;
      versionsOfSong[song] = (versionsOfSong[song] as number) + 1;
    }
    entries = new Int32Array(distinct);
    let e = 0;
    for (let i = 0; i < pool.length; i++) {
      const song = songs[pool[i] as number] as number;
      if (bestOfSong[song] === i) {
        entries[e++] = i;
        otherVersions[i] = (versionsOfSong[song] as number) - 1;
      }
    }
  }

  let scoreSum = 0;
  for (const i of entries) scoreSum += score[i] as number;
  const poolMeanScore = entries.length ? scoreSum / entries.length : Number.NaN;

  const tracks: EmergingTrack[] = Array.from(topPositions(entries, score, limit), (i, r) => {
    const t = pool[i] as number;
    const components: Partial<Record<AudioFeature, number>> = {};
    if (hitModel) Object.assign(components, hitContributions(hitModel, catalog, t));
    else
      for (const [feature, w] of Object.entries(weights) as [AudioFeature, number][])
        components[feature] = w * (catalog.numeric[feature][t] as number);
    return {
      rank: r + 1,
      ...trackSummary(catalog, t),
      popularity: catalog.numeric.popularity[t] as number,
      score: score[i] as number,
      components,
      heuristicScore: heuristic[i] as number,
      ...(hit ? { hitLikeness: hit[i] as number } : {}),
      otherVersions: otherVersions[i] as number,
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
    excluded,
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

function rankArtists(
  catalog: Catalog,
  pool: Int32Array,
  entries: Int32Array,
  score: Float64Array,
  options: { minTracks: number; priorStrength: number; poolMeanScore: number; rankArtistsBy: 'shrunk' | 'mean'; limit: number },
): EmergingArtist[] {
  const artists = catalog.mainArtistCode;
  const size = catalog.mainArtistNames.length;
  const count = new Int32Array(size);
  const scoreSum = new Float64Array(size);
  const popularitySum = new Float64Array(size);
  const best = new Int32Array(size).fill(-1);
  const popularity = catalog.numeric.popularity;
  for (const i of entries) {
    const t = pool[i] as number;
    const a = artists[t] as number;
    count[a] = (count[a] as number) + 1;
    scoreSum[a] = (scoreSum[a] as number) + (score[i] as number);
    popularitySum[a] = (popularitySum[a] as number) + (popularity[t] as number);
    const b = best[a] as number;
    if (b < 0 || (score[i] as number) > (score[b] as number) || (score[i] === score[b] && i < b)) best[a] = i;
  }
  const k = options.priorStrength;
  const qualifying: number[] = [];
  for (let a = 0; a < size; a++) if ((count[a] as number) >= options.minTracks) qualifying.push(a);
  const mean = new Float64Array(size);
  const shrunk = new Float64Array(size);
  for (const a of qualifying) {
    mean[a] = (scoreSum[a] as number) / (count[a] as number);
    shrunk[a] = ((scoreSum[a] as number) + k * options.poolMeanScore) / ((count[a] as number) + k);
  }
  const [primary, secondary] = options.rankArtistsBy === 'mean' ? [mean, shrunk] : [shrunk, mean];
  const top = qualifying
    .sort((x, y) => (primary[y] as number) - (primary[x] as number) || (secondary[y] as number) - (secondary[x] as number) || x - y)
    .slice(0, options.limit);

  // Genres only for the artists shown.
  const shown = new Map<number, Map<string, number>>(top.map((a) => [a, new Map()]));
  for (const i of entries) {
    const t = pool[i] as number;
    const genres = shown.get(artists[t] as number);
    if (genres) for (const g of genresOf(catalog, t)) genres.set(g, (genres.get(g) ?? 0) + 1);
  }
  return top.map((a, r) => {
    const t = pool[best[a] as number] as number;
    const trackId = catalog.trackId[t] as string;
    return {
      rank: r + 1,
      artist: catalog.mainArtistNames[a] as string,
      tracks: count[a] as number,
      meanScore: mean[a] as number,
      shrunkScore: shrunk[a] as number,
      meanPopularity: (popularitySum[a] as number) / (count[a] as number),
      genres: [...(shown.get(a) as Map<string, number>).entries()].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([g]) => g),
      topTrack: { trackId, trackName: catalog.trackName[t] as string, score: score[best[a] as number] as number, url: spotifyUrl(trackId) },
    };
  });
}
