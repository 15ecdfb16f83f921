/**
 * Recommendations from stated audio taste and/or seed tracks: filters, exact search, diversity and
 * an explanation of every result. The CLI and the HTTP API both call `recommend`.
 */
import { type Catalog, genresOf, spotifyUrl } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import type { AudioFeature } from '../data/schema.js';
import { type FeatureSpace, featureIndex, standardize } from '../features/featureSpace.js';
import type { PreferenceTarget } from '../features/preferences.js';
import { type DiversityOptions, diversify } from './diversity.js';
import { type Filters, filterMask } from './filters.js';
import { type Metric, nearest, type Query, type Scored } from './search.js';
import { resolveSeed } from './seeds.js';
import { songKey } from './text.js';

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
}

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

export function recommend(catalog: Catalog, space: FeatureSpace, request: RecommendRequest): RecommendResult {
  const limit = checkLimit(request.limit);
  const metric: Metric = request.metric ?? 'cosine';
  const seedTracks = [...new Set((request.seeds ?? []).map((s) => resolveSeed(catalog, s)))];
  const { query, labels, targets } = buildQuery(catalog, space, request, seedTracks);

  const mask = request.plain ? new Uint8Array(catalog.size).fill(1) : filterMask(catalog, request.filters ?? {});
  for (const t of seedTracks) mask[t] = 0;
  let poolSize = 0;
  for (let t = 0; t < catalog.size; t++) poolSize += mask[t] as number;

  let chosen: Scored[];
  if (request.plain) {
    chosen = nearest(space, query, metric, limit, mask);
  } else {
    const excludedSongs = new Set(seedTracks.map((t) => songKey(catalog.trackName[t] as string, catalog.mainArtist[t] as string)));
    // Diversity rules skip candidates, so rank more than needed; widen until enough survive.
    let depth = Math.min(poolSize, Math.max(50, limit * 10));
    for (;;) {
      const ranked = nearest(space, query, metric, depth, mask);
      chosen = diversify(catalog, space, query, ranked, limit, request.diversity ?? {}, excludedSongs);
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
