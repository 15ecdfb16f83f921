/**
 * The blended search: audio closeness plus what the catalogue knows (genre and artist affinity).
 *
 *   score(t) = audio x closeness(t) + genre x max over t's genres of preference[g]
 *              + artist x max over t's artists of preference[a]
 *
 * closeness = exp(-d^2 / 2), d the root-mean-square weighted z-distance over the query's features (the
 * `match` shown for distance queries), or the cosine with the cosine metric. Genre preferences come
 * from the seeds' genres, a classifier's "sounds like" probabilities or the genres a phrase names,
 * spread over related genres by the fitted genre affinity (see affinity.ts). The search is exact at
 * any catalogue size: with the fitted groups (blendGroups.ts) a distance query scans groups from the
 * highest possible score down and stops where no group can beat the k-th best, returning the same
 * results as scoring every pool track (which it does without groups, and for the cosine metric).
 */
import type { Catalog } from '../data/catalog.js';
import type { FeatureSpace } from '../features/featureSpace.js';
import type { ArtistIndex } from './affinity.js';
import type { BlendGroups } from './blendGroups.js';
import type { Metric, Query, Scored } from './search.js';
import { TopK } from './topK.js';

/** Slack on a group's bound for rounding: a group is skipped only when clearly below the k-th best. */
const BOUND_SLACK = 1e-9;
/** Groups scanned best-first (by a linear pick) to fill the heap before the rest are sorted. */
const FILLING_GROUPS = 8;

/** A group bounded by `ceiling` cannot reach a score of `floor` (with room for rounding). */
function below(ceiling: number, floor: number): boolean {
  return ceiling + BOUND_SLACK * (1 + Math.abs(ceiling)) < floor;
}

/** Every weight of the blend; all adjustable per request. */
export interface BlendWeights {
  /** Audio closeness. */
  audio: number;
  /** Seeds from the catalogue: affinity to the seeds' genres. */
  genre: number;
  /** Seeds from the catalogue: artist affinity (1 = a seed's artist). */
  artist: number;
  /** Artist affinity of an artist credited together with a seed artist on some track. */
  collaborator: number;
  /** Audio-only queries (a new track's 9 features): the classifier's "sounds like these genres". */
  soundsLike: number;
  /** Phrases: the genres their words name (acoustic, chill, piano, k-pop, ...). */
  wordGenre: number;
}

/**
 * Defaults chosen on the tuning half of `recommend evaluate`'s split (seeds whose songs are not the
 * evaluation seeds'); see README for the table they come from.
 */
export const DEFAULT_BLEND: BlendWeights = {
  audio: 1,
  genre: 0.22,
  artist: 0.1,
  collaborator: 0.5,
  soundsLike: 0.5,
  wordGenre: 0.4,
};

export const BLEND_WEIGHT_NAMES = Object.keys(DEFAULT_BLEND) as (keyof BlendWeights)[];

export interface BlendSignals {
  /** Preference per genre code, 0-1 (absent: no genre term). */
  genre?: Float64Array;
  genreWeight: number;
  /** Preference per artist code, 0-1 (absent: no artist term). */
  artist?: Float64Array;
  artistWeight: number;
  audioWeight: number;
}

/** Audio closeness of a weighted distance: exp(-d^2 / 2) with d the RMS over the used features. */
export function matchScore(distance: number, weightSum: number): number {
  const rms2 = weightSum > 0 ? (distance * distance) / weightSum : 0;
  return Math.exp(-rms2 / 2);
}

/** The best preference among the codes of row t of a CSR list (a track's genres, or its artists). */
export function bestPreference(preference: Float64Array, offsets: Int32Array, codes: Int32Array, t: number): number {
  let best = 0;
  for (let k = offsets[t] as number; k < (offsets[t + 1] as number); k++) {
    const v = preference[codes[k] as number] as number;
    if (v > best) best = v;
  }
  return best;
}

/**
 * The `count` best pool tracks by blended score (ties: smaller distance, then lower index).
 * `similarity` of each result holds the blended score, `distance` the weighted audio distance.
 */
export function blendedNearest(
  catalog: Catalog,
  space: FeatureSpace,
  artists: ArtistIndex | undefined,
  query: Query,
  metric: Metric,
  signals: BlendSignals,
  count: number,
  mask: Uint8Array,
  groups?: BlendGroups,
): Scored[] {
  const best = new TopK(Math.min(count, space.size));
  const { genre, artist, genreWeight, artistWeight, audioWeight } = signals;
  const genreOf = (t: number) => (genre ? genreWeight * bestPreference(genre, catalog.genreOffsets, catalog.genreCodes, t) : 0);
  const artistOf = (t: number) => (artist && artists ? artistWeight * bestPreference(artist, artists.offsets, artists.codes, t) : 0);
  if (metric === 'cosine') {
    for (let t = 0; t < space.size; t++) {
      if (mask[t] === 0) continue;
      const { closeness, dist2 } = cosineCloseness(space, query, t);
      best.offer(audioWeight * closeness + genreOf(t) + artistOf(t), Math.sqrt(dist2), t);
    }
    return best.results();
  }
  const d = space.features.length;
  const z = space.z;
  const dims = Int32Array.from(query.dims);
  const m = dims.length;
  const q = query.target;
  const w = query.weights;
  let weightSum = 0;
  for (let k = 0; k < m; k++) weightSum += w[k] as number;
  const minusHalfOverWeightSum = weightSum > 0 ? -0.5 / weightSum : 0;
  let maxGenre = 0;
  if (genre) for (const v of genre) maxGenre = Math.max(maxGenre, v);
  const maxBonus = (genre ? genreWeight * maxGenre : 0) + (artist && artists ? artistWeight : 0);
  // Above this squared distance a track cannot enter even with the largest bonus: it is skipped before
  // any genre or artist lookup. Tightened each time the worst kept score rises.
  let limit2 = Number.POSITIVE_INFINITY;
  const nine = m === 9 && d === 9 && dims.every((f, k) => f === k);
  const [q0 = 0, q1 = 0, q2 = 0, q3 = 0, q4 = 0, q5 = 0, q6 = 0, q7 = 0, q8 = 0] = nine ? q : [];
  const [w0 = 0, w1 = 0, w2 = 0, w3 = 0, w4 = 0, w5 = 0, w6 = 0, w7 = 0, w8 = 0] = nine ? w : [];
  // Scores track t and offers it; the one row arithmetic of both the full and the grouped scan.
  const consider = (t: number): void => {
    const base = t * d;
    let dist2 = 0;
    if (nine) {
      const a0 = (z[base] as number) - q0;
      const a1 = (z[base + 1] as number) - q1;
      const a2 = (z[base + 2] as number) - q2;
      const a3 = (z[base + 3] as number) - q3;
      const a4 = (z[base + 4] as number) - q4;
      const a5 = (z[base + 5] as number) - q5;
      const a6 = (z[base + 6] as number) - q6;
      const a7 = (z[base + 7] as number) - q7;
      const a8 = (z[base + 8] as number) - q8;
      dist2 = w0 * a0 * a0 + w1 * a1 * a1 + w2 * a2 * a2 + w3 * a3 * a3 + w4 * a4 * a4;
      dist2 += w5 * a5 * a5 + w6 * a6 * a6 + w7 * a7 * a7 + w8 * a8 * a8;
    } else {
      for (let k = 0; k < m; k++) {
        const diff = (z[base + (dims[k] as number)] as number) - (q[k] as number);
        dist2 += (w[k] as number) * diff * diff;
      }
    }
    if (dist2 > limit2) return;
    const score = audioWeight * Math.exp(dist2 * minusHalfOverWeightSum) + genreOf(t) + artistOf(t);
    best.offer(score, Math.sqrt(dist2), t);
    if (best.full && audioWeight > 0) {
      const need = (best.worstSimilarity - maxBonus) / audioWeight;
      // A small margin keeps ties and rounding on the safe side (such tracks are scored, not skipped).
      limit2 = need > 0 ? -2 * weightSum * Math.log(need) * (1 + 1e-9) + 1e-12 : Number.POSITIVE_INFINITY;
    }
  };
  if (!groups) {
    for (let t = 0; t < space.size; t++) if (mask[t] === 1) consider(t);
    return best.results();
  }
  // Groups from the highest possible score down; once a group's bound is below the k-th best, so is
  // every later group's, and the search stops. The few best groups fill the heap first, so only the
  // groups that can still beat its k-th best need sorting.
  const bound = groupBounds(groups, artists, query, signals, minusHalfOverWeightSum);
  const { start, order } = groups;
  const scanGroup = (g: number): void => {
    for (let i = start[g] as number, end = start[g + 1] as number; i < end; i++) {
      const t = order[i] as number;
      if (mask[t] === 1) consider(t);
    }
  };
  const scanned = new Uint8Array(groups.count);
  for (let pick = 0; pick < FILLING_GROUPS && !best.full; pick++) {
    let top = -1;
    for (let g = 0; g < groups.count; g++) if (scanned[g] === 0 && (top < 0 || (bound[g] as number) > (bound[top] as number))) top = g;
    if (top < 0) break;
    scanned[top] = 1;
    scanGroup(top);
  }
  const floor = best.full ? best.worstSimilarity : Number.NEGATIVE_INFINITY;
  const rest: number[] = [];
  for (let g = 0; g < groups.count; g++) if (scanned[g] === 0 && !below(bound[g] as number, floor)) rest.push(g);
  rest.sort((a, b) => (bound[b] as number) - (bound[a] as number) || a - b);
  for (const g of rest) {
    if (best.full && below(bound[g] as number, best.worstSimilarity)) break;
    scanGroup(g);
  }
  return best.results();
}

/** Weighted cosine of the query and track t over the used features, and the squared distance. */
export function cosineCloseness(space: FeatureSpace, query: Query, t: number): { closeness: number; dist2: number } {
  const d = space.features.length;
  let dot = 0;
  let qq = 0;
  let xx = 0;
  let dist2 = 0;
  query.dims.forEach((f, k) => {
    const w = query.weights[k] as number;
    const x = space.z[t * d + f] as number;
    const q = query.target[k] as number;
    dot += w * x * q;
    qq += w * q * q;
    xx += w * x * x;
    dist2 += w * (x - q) ** 2;
  });
  return { closeness: qq > 0 && xx > 0 ? dot / Math.sqrt(qq * xx) : 0, dist2 };
}

/**
 * The highest blended score any member of each group can reach for a distance query: audio closeness
 * at the closest point of the group's box, plus the best genre and artist bonus among its members.
 */
export function groupBounds(
  groups: BlendGroups,
  artists: ArtistIndex | undefined,
  query: Query,
  signals: BlendSignals,
  minusHalfOverWeightSum: number,
): Float64Array {
  const { genre, artist, genreWeight, artistWeight, audioWeight } = signals;
  const d = groups.dimensions;
  const m = query.dims.length;
  const bound = new Float64Array(groups.count);
  // The artist bonus is nonzero for few tracks (the seed artists' and their collaborators'): mark their groups.
  const artistBound = new Float64Array(groups.count);
  if (artist && artists) {
    for (let a = 0; a < artist.length; a++) {
      const preference = artist[a] as number;
      if (preference === 0) continue;
      for (let k = artists.trackStart[a] as number; k < (artists.trackStart[a + 1] as number); k++) {
        const g = groups.groupOf[artists.trackList[k] as number] as number;
        if (preference > (artistBound[g] as number)) artistBound[g] = preference;
      }
    }
  }
  for (let g = 0; g < groups.count; g++) {
    let gap2 = 0;
    for (let k = 0; k < m; k++) {
      const f = query.dims[k] as number;
      const q = query.target[k] as number;
      const low = groups.low[g * d + f] as number;
      const high = groups.high[g * d + f] as number;
      const gap = q < low ? low - q : q > high ? q - high : 0;
      gap2 += (query.weights[k] as number) * gap * gap;
    }
    let bestGenre = 0;
    if (genre)
      for (let k = groups.genreStart[g] as number; k < (groups.genreStart[g + 1] as number); k++) {
        const v = genre[groups.genres[k] as number] as number;
        if (v > bestGenre) bestGenre = v;
      }
    bound[g] =
      audioWeight * Math.exp(gap2 * minusHalfOverWeightSum) +
      (genre ? genreWeight * bestGenre : 0) +
      (artist && artists ? artistWeight * (artistBound[g] as number) : 0);
  }
  return bound;
}
