/**
 * Recommendations from stated audio taste and/or seed tracks: filters, exact search, diversity and
 * an explanation of every result. The CLI and the HTTP API both call `recommend`.
 */
import { type Catalog, genresOf, spotifyUrl } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import type { NameIndex } from '../data/names.js';
import type { AudioFeature } from '../data/schema.js';
import { type FeatureSpace, featureIndex, standardize } from '../features/featureSpace.js';
import type { PreferenceTarget } from '../features/preferences.js';
import { ANN_MIN_TRACKS, type ApproximateIndex } from './ann.js';
import type { ClusterIndex } from './clusterSearch.js';
import { type DiversityOptions, diversify } from './diversity.js';
import { type Filters, filterMask } from './filters.js';
import { type Metric, nearest, type Query, type Scored } from './search.js';
import { resolveSeed } from './seeds.js';

export const MAX_LIMIT = 100;

export interface RecommendRequest {
  /** Targets on any subset of the features; only these count (with seeds: they override the seed profile). */
  targets?: PreferenceTarget[];
  weights?: Partial<Record<AudioFeature, number>>;
  /** Track ids or "artist - title". */
  seeds?: string[];
  filters?: Filters;
  metric?: Metric;
  /** 1-100, default 10. */
  limit?: number;
  /** The notebook's plain k nearest neighbours: no filter, no diversity rule. */
  plain?: boolean;
  diversity?: DiversityOptions;
  /**
   * `exact` scans every track; `approximate` asks the index for candidates (re-scored exactly);
   * `auto` (default) uses the index for full-profile queries on catalogues of 500,000 tracks or more.
   */
  search?: SearchMode;
}

export type SearchMode = 'auto' | 'exact' | 'approximate';

/** Gives the approximate index for a metric, or undefined when there is none (yet). */
export type IndexProvider = (metric: Metric) => ApproximateIndex | undefined;

/** What a recommendation reads: the fitted engine supplies it (see `Engine`). */
export interface RecommendContext {
  catalog: Catalog;
  space: FeatureSpace;
  names: NameIndex;
  /** The grouping that lets exact full-profile cosine scans skip most rows (absent: plain scan). */
  pruned?: ClusterIndex;
  /** Approximate indexes (absent or not ready: exact search). */
  indexFor?: IndexProvider;
}

/** Below this share of the catalogue left by the filters, the index would need too many candidates. */
const MIN_POOL_SHARE_FOR_INDEX = 0.02;
/** The most candidates asked of the index before giving up on it for one query. */
const MAX_INDEX_CANDIDATES = 20_000;

export interface FeatureExplanation {
  feature: AudioFeature;
  label: string;
  target: number;
  value: number;
  /** This feature's share of the (weighted, standardized) squared distance, 0-1. */
  shareOfDistance: number;
}

export interface Recommendation {
  rank: number;
  trackId: string;
  trackName: string;
  artists: string;
  mainArtist: string;
  albumName: string;
  genres: string[];
  popularity: number;
  explicit: boolean;
  similarity: number;
  distance: number;
  url: string;
  uri: string;
  explanation: { reason: string; features: FeatureExplanation[] };
}

export interface RecommendResult {
  metric: Metric;
  /** Tracks left after filters and seed exclusion. */
  poolSize: number;
  targets: { feature: AudioFeature; label: string; value: number; weight: number }[];
  seeds: { trackId: string; trackName: string; artists: string }[];
  /** How the candidates were found, and why that way. */
  search: { method: 'exact' | 'approximate'; reason: string };
  results: Recommendation[];
}

function formatValue(feature: AudioFeature, value: number): string {
  if (feature === 'tempo') return value.toFixed(0);
  if (feature === 'loudness') return value.toFixed(1);
  return value.toFixed(2);
}

function explain(catalog: Catalog, space: FeatureSpace, query: Query, labels: string[], scored: Scored): Recommendation['explanation'] {
  const d = space.features.length;
  const parts = query.dims.map((f, k) => {
    const z = space.z[scored.track * d + f] as number;
    return (query.weights[k] as number) * ((query.target[k] as number) - z) ** 2;
  });
  const total = parts.reduce((a, b) => a + b, 0);
  const features: FeatureExplanation[] = query.dims.map((f, k) => {
    const feature = space.features[f] as AudioFeature;
    return {
      feature,
      label: labels[k] as string,
      target: (query.target[k] as number) * (space.scale[f] as number) + (space.mean[f] as number),
      value: catalog.numeric[feature][scored.track] as number,
      shareOfDistance: total > 0 ? (parts[k] as number) / total : 0,
    };
  });
  const byFit = [...features].sort((a, b) => a.shareOfDistance - b.shareOfDistance);
  const describe = (e: FeatureExplanation) => `${e.label} ${formatValue(e.feature, e.value)} vs ${formatValue(e.feature, e.target)}`;
  const close = byFit.filter((e) => e.shareOfDistance <= 0.5).slice(0, 3);
  const far = byFit.length > 1 ? byFit[byFit.length - 1] : undefined;
  let reason = `matches ${(close.length ? close : byFit.slice(0, 1)).map(describe).join(', ')}`;
  // Name the worst feature only when it is off by more than half a standard deviation.
  const farGap = far ? Math.abs(far.value - far.target) / (space.scale[space.features.indexOf(far.feature)] as number) : 0;
  if (far && far.shareOfDistance > 0.5 && farGap > 0.5) reason += `; furthest on ${describe(far)}`;
  return { reason, features };
}

function checkLimit(limit: number | undefined): number {
  const value = limit ?? 10;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT)
    throw new InputError(`limit must be a whole number from 1 to ${MAX_LIMIT}, got ${limit}`);
  return value;
}

/** Builds the standardized query from seeds (their mean profile) and explicit targets. */
function buildQuery(catalog: Catalog, space: FeatureSpace, request: RecommendRequest, seedTracks: number[]) {
  const targets = new Map<number, { value: number; label: string }>();
  if (seedTracks.length > 0) {
    space.features.forEach((feature, f) => {
      let sum = 0;
      for (const t of seedTracks) sum += catalog.numeric[feature][t] as number;
      targets.set(f, { value: sum / seedTracks.length, label: seedTracks.length > 1 ? `seeds' ${feature}` : `seed ${feature}` });
    });
  }
  for (const target of request.targets ?? []) {
    const f = featureIndex(space, target.feature);
    if (f < 0) throw new InputError(`feature ${target.feature} is not searchable`);
    targets.set(f, { value: target.value, label: target.label });
  }
  if (targets.size === 0) throw new InputError('give at least one target (--like, --target) or a seed track');
  for (const name of Object.keys(request.weights ?? {})) {
    if (!targets.has(featureIndex(space, name as AudioFeature))) throw new InputError(`a weight is given for ${name}, which has no target`);
  }
  const dims = [...targets.keys()].sort((a, b) => a - b);
  const query: Query = {
    dims,
    target: Float64Array.from(dims, (f) => standardize(space, f, (targets.get(f) as { value: number }).value)),
    weights: Float64Array.from(dims, (f) => (request.plain ? 1 : (request.weights?.[space.features[f] as AudioFeature] ?? 1))),
  };
  const labels = dims.map((f) => (targets.get(f) as { label: string }).label);
  return { query, labels, targets };
}

/** Whether to ask the index, and the reason either way. Throws when `approximate` cannot apply. */
function chooseSearch(space: FeatureSpace, query: Query, mode: SearchMode, poolSize: number): { approximate: boolean; reason: string } {
  if (mode === 'exact') return { approximate: false, reason: 'exact search asked for' };
  const fullProfile = query.dims.length === space.features.length && query.weights.every((w) => w === query.weights[0]);
  if (!fullProfile) {
    if (mode === 'approximate')
      throw new InputError(
        `approximate search needs a query on all ${space.features.length} features with equal weights (seed tracks, or every target); this one uses ${query.dims.length} (use exact search)`,
      );
    return { approximate: false, reason: 'the query uses a subset of the features or unequal weights: exact scan' };
  }
  if (mode === 'auto' && space.size < ANN_MIN_TRACKS)
    return { approximate: false, reason: `catalogue under ${ANN_MIN_TRACKS.toLocaleString('en-US')} tracks: exact scan` };
  if (poolSize < space.size * MIN_POOL_SHARE_FOR_INDEX)
    return { approximate: false, reason: `the filters leave ${poolSize.toLocaleString('en-US')} tracks: exact scan of the pool` };
  return { approximate: true, reason: 'approximate index (HNSW), candidates re-scored exactly' };
}

/**
 * How many candidates to ask the index for: enough that about `depth` pass the filters, with a margin
 * that also lifts recall (the graph's near-misses get re-scored exactly).
 */
export function indexCandidateCount(depth: number, catalogSize: number, poolSize: number): number {
  return Math.min(catalogSize, Math.ceil((depth * catalogSize * 1.2) / Math.max(1, poolSize)) + 32);
}

/**
 * The `depth` best pool tracks among the index's candidates, or undefined when the index cannot supply
 * enough of them (a selective filter): the caller then scans exactly.
 */
function nearestByIndex(
  index: ApproximateIndex,
  space: FeatureSpace,
  query: Query,
  metric: Metric,
  depth: number,
  mask: Uint8Array,
  poolSize: number,
): Scored[] | undefined {
  const target = Float32Array.from(query.target);
  let asked = indexCandidateCount(depth, space.size, poolSize);
  for (;;) {
    const among = index.candidates(target, asked);
    const found = nearest(space, query, metric, depth, mask, { among });
    if (found.length >= Math.min(depth, poolSize)) return found;
    if (among.length < asked || asked >= Math.min(space.size, MAX_INDEX_CANDIDATES)) return undefined;
    asked = Math.min(space.size, MAX_INDEX_CANDIDATES, asked * 4);
  }
}

export function recommend(context: RecommendContext, request: RecommendRequest): RecommendResult {
  const { catalog, space, indexFor } = context;
  const limit = checkLimit(request.limit);
  const metric: Metric = request.metric ?? 'cosine';
  const seedTracks = [...new Set((request.seeds ?? []).map((s) => resolveSeed(catalog, context.names, s)))];
  const { query, labels, targets } = buildQuery(catalog, space, request, seedTracks);

  const mask = request.plain ? new Uint8Array(catalog.size).fill(1) : filterMask(catalog, request.filters ?? {});
  for (const t of seedTracks) mask[t] = 0;
  let poolSize = 0;
  for (let t = 0; t < catalog.size; t++) poolSize += mask[t] as number;

  let search = chooseSearch(space, query, request.search ?? 'auto', poolSize);
  const index = search.approximate ? indexFor?.(metric) : undefined;
  if (search.approximate && !index) {
    if (request.search === 'approximate' && !indexFor) throw new InputError('approximate search is not available here');
    search = { approximate: false, reason: 'the approximate index is not ready yet: exact scan' };
  }
  const ranked = (depth: number): Scored[] => {
    if (index) {
      const found = nearestByIndex(index, space, query, metric, depth, mask, poolSize);
      if (found) return found;
      search = { approximate: false, reason: 'the index found too few tracks passing the filters: exact scan' };
    }
    return nearest(space, query, metric, depth, mask, { pruned: context.pruned });
  };

  let chosen: Scored[];
  if (request.plain) {
    chosen = ranked(limit);
  } else {
    const excludedSongs = new Set(seedTracks.map((t) => catalog.songCode[t] as number));
    // Diversity rules skip candidates, so rank more than needed; widen until enough survive.
    let depth = Math.min(poolSize, Math.max(50, limit * 10));
    for (;;) {
      chosen = diversify(catalog, space, query, ranked(depth), limit, request.diversity ?? {}, excludedSongs);
      if (chosen.length >= limit || depth >= poolSize) break;
      depth = Math.min(poolSize, depth * 4);
    }
  }

  return {
    metric,
    poolSize,
    targets: query.dims.map((f, k) => ({
      feature: space.features[f] as AudioFeature,
      label: labels[k] as string,
      value: (targets.get(f) as { value: number }).value,
      weight: query.weights[k] as number,
    })),
    seeds: seedTracks.map((t) => ({
      trackId: catalog.trackId[t] as string,
      trackName: catalog.trackName[t] as string,
      artists: catalog.artists[t] as string,
    })),
    search: { method: search.approximate ? 'approximate' : 'exact', reason: search.reason },
    results: chosen.map((s, i) => ({
      rank: i + 1,
      trackId: catalog.trackId[s.track] as string,
      trackName: catalog.trackName[s.track] as string,
      artists: catalog.artists[s.track] as string,
      mainArtist: catalog.mainArtist[s.track] as string,
      albumName: catalog.albumName[s.track] as string,
      genres: genresOf(catalog, s.track),
      popularity: catalog.numeric.popularity[s.track] as number,
      explicit: catalog.explicit[s.track] === 1,
      similarity: s.similarity,
      distance: s.distance,
      url: spotifyUrl(catalog.trackId[s.track] as string),
      uri: `spotify:track:${catalog.trackId[s.track]}`,
      explanation: explain(catalog, space, query, labels, s),
    })),
  };
}
