/**
 * The blended search: audio closeness plus what the catalogue knows (genre and artist affinity).
 *
 *   score(t) = audio x closeness(t) + genre x max over t's genres of preference[g]
 *              + artist x max over t's artists of preference[a]
 *
 * closeness = exp(-d^2 / 2), d the root-mean-square weighted z-distance over the query's features (the
 * `match` shown for distance queries), or the cosine with the cosine metric. Genre preferences come
 * from the seeds' genres, a classifier's "sounds like" probabilities or the genres a phrase names,
 * spread over related genres by the fitted genre affinity (see affinity.ts). The scan is exact and
 * linear (every pool track is scored), so it takes the same path at any catalogue size.
 */
import type { Catalog } from '../data/catalog.js';
import type { FeatureSpace } from '../features/featureSpace.js';
import type { ArtistIndex } from './affinity.js';
import type { Metric, Query, Scored } from './search.js';
import { TopK } from './topK.js';

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
): Scored[] {
  const d = space.features.length;
  const z = space.z;
  const dims = Int32Array.from(query.dims);
  const m = dims.length;
  const q = query.target;
  const w = query.weights;
  let weightSum = 0;
  let qq = 0;
  for (let k = 0; k < m; k++) {
    weightSum += w[k] as number;
    qq += (w[k] as number) * (q[k] as number) ** 2;
  }
  const best = new TopK(Math.min(count, space.size));
  const { genre, artist, genreWeight, artistWeight, audioWeight } = signals;
  const cosine = metric === 'cosine';
  const minusHalfOverWeightSum = weightSum > 0 ? -0.5 / weightSum : 0;
  for (let t = 0; t < space.size; t++) {
    if (mask[t] === 0) continue;
    const base = t * d;
    let bonus = 0;
    if (genre) bonus += genreWeight * bestPreference(genre, catalog.genreOffsets, catalog.genreCodes, t);
    if (artist && artists) bonus += artistWeight * bestPreference(artist, artists.offsets, artists.codes, t);
    // Once the heap is full, a track needs closeness >= (worst score - bonus) / audio to enter: for the
    // distance metric that is a bound on the squared distance, so most rows stop early (no exp, no offer).
    let limit2 = Number.POSITIVE_INFINITY;
    if (best.full && !cosine && audioWeight > 0) {
      const need = (best.worstSimilarity - bonus) / audioWeight;
      if (need > 1 + 1e-12) continue;
      if (need > 0) limit2 = -2 * weightSum * Math.log(need) * (1 + 1e-9) + 1e-12;
    }
    let dist2 = 0;
    let closeness: number;
    if (cosine) {
      let dot = 0;
      let xx = 0;
      for (let k = 0; k < m; k++) {
        const x = z[base + (dims[k] as number)] as number;
        const diff = x - (q[k] as number);
        dist2 += (w[k] as number) * diff * diff;
        dot += (w[k] as number) * x * (q[k] as number);
        xx += (w[k] as number) * x * x;
      }
      const norm = Math.sqrt(qq * xx);
      closeness = norm > 0 ? dot / norm : 0;
    } else {
      for (let k = 0; k < m && dist2 <= limit2; k++) {
        const diff = (z[base + (dims[k] as number)] as number) - (q[k] as number);
        dist2 += (w[k] as number) * diff * diff;
      }
      if (dist2 > limit2) continue;
      closeness = Math.exp(dist2 * minusHalfOverWeightSum);
    }
    best.offer(audioWeight * closeness + bonus, Math.sqrt(dist2), t);
  }
  return best.results();
}
