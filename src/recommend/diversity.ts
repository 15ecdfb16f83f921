/**
 * Diversity rules over a ranked candidate list: one version of a song, at most N tracks per main
 * artist (and optionally per primary genre), and optional maximal-marginal-relevance (MMR) re-ranking.
 */
import type { Catalog } from '../data/catalog.js';
import type { FeatureSpace } from '../features/featureSpace.js';
import type { Query, Scored } from './search.js';

export interface DiversityOptions {
  /** Keep one version of each song (same normalized title and main artist). Default true. */
  dedupeSongs?: boolean;
  /** At most this many tracks per main artist. Default 2; 0 = no limit. */
  maxPerArtist?: number;
  /** MMR trade-off in [0, 1]: 1 = pure relevance, lower = more varied. Off when undefined. */
  mmrLambda?: number;
  /** At most this many tracks per primary genre; 0 or undefined = no limit. */
  maxPerGenre?: number;
}

/** Weighted cosine similarity of two tracks over the query's dims. */
function trackSimilarity(space: FeatureSpace, query: Query, a: number, b: number): number {
  const d = space.features.length;
  let dot = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < query.dims.length; k++) {
    const w = query.weights[k] as number;
    const x = space.z[a * d + (query.dims[k] as number)] as number;
    const y = space.z[b * d + (query.dims[k] as number)] as number;
    dot += w * x * y;
    aa += w * x * x;
    bb += w * y * y;
  }
  const norm = Math.sqrt(aa * bb);
  return norm > 0 ? dot / norm : 0;
}

/**
 * Picks up to `limit` results from ranked candidates under the rules. `excludedSongs` holds the song
 * keys of the seeds, so other versions of a seed are not recommended back.
 */
export function diversify(
  catalog: Catalog,
  space: FeatureSpace,
  query: Query,
  ranked: Scored[],
  limit: number,
  options: DiversityOptions,
  excludedSongs: ReadonlySet<number>,
): Scored[] {
  const dedupe = options.dedupeSongs ?? true;
  const maxPerArtist = options.maxPerArtist ?? 2;
  const maxPerGenre = options.maxPerGenre ?? 0;
  const songs = new Set(excludedSongs);
  const perArtist = new Map<string, number>();
  const perGenre = new Int32Array(catalog.genreNames.length);
  const allowed = (s: Scored): boolean => {
    if (dedupe && songs.has(catalog.songCode[s.track] as number)) return false;
    if (maxPerGenre > 0 && (perGenre[catalog.primaryGenre[s.track] as number] as number) >= maxPerGenre) return false;
    return maxPerArtist <= 0 || (perArtist.get(catalog.mainArtist[s.track] as string) ?? 0) < maxPerArtist;
  };
  const take = (s: Scored, out: Scored[]) => {
    out.push(s);
    songs.add(catalog.songCode[s.track] as number);
    const artist = catalog.mainArtist[s.track] as string;
    perArtist.set(artist, (perArtist.get(artist) ?? 0) + 1);
    const genre = catalog.primaryGenre[s.track] as number;
    perGenre[genre] = (perGenre[genre] as number) + 1;
  };
  const out: Scored[] = [];
  if (options.mmrLambda === undefined) {
    for (const s of ranked) {
      if (out.length >= limit) break;
      if (allowed(s)) take(s, out);
    }
    return out;
  }
  const lambda = options.mmrLambda;
  const pool = [...ranked];
  while (out.length < limit && pool.length > 0) {
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < pool.length; i++) {
      const candidate = pool[i] as Scored;
      if (!allowed(candidate)) continue;
      let redundancy = 0;
      for (const chosen of out) redundancy = Math.max(redundancy, trackSimilarity(space, query, candidate.track, chosen.track));
      const value = lambda * candidate.similarity - (1 - lambda) * redundancy;
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    }
    if (best < 0) break;
    take(pool[best] as Scored, out);
    pool.splice(best, 1);
  }
  return out;
}
