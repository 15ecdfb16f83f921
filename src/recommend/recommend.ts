/**
 * Recommendations from stated audio taste and/or seed tracks: filters, exact search, diversity and
 * an explanation of every result. The CLI and the HTTP API both call `recommend`.
 */
import { type Catalog, genresOf, spotifyUrl } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { buildNameIndex, type NameIndex } from '../data/names.js';
import type { AudioFeature } from '../data/schema.js';
import { type FeatureSpace, featureIndex, standardize } from '../features/featureSpace.js';
import type { PreferenceTarget } from '../features/preferences.js';
import {
  type ArtistIndex,
  artistPreference,
  buildArtistIndex,
  fitGenreAffinity,
  type GenreAffinity,
  genrePreference,
  tracksOfArtist,
} from './affinity.js';
import { ANN_MIN_TRACKS, type ApproximateIndex } from './ann.js';
import { artistGenreWeights, resolveSeedArtist } from './artistSeeds.js';
import { type BlendSignals, type BlendWeights, blendedNearest, cosineCloseness, DEFAULT_BLEND, matchScore } from './blend.js';
import { type BlendGroups, buildBlendGroups } from './blendGroups.js';
import type { ClusterIndex } from './clusterSearch.js';
import { type DiversityOptions, diversify } from './diversity.js';
import { type BlendReason, explainResult, type FeatureExplanation } from './explain.js';
import { type Filters, filterMask } from './filters.js';
import { applyHolidayRule, type HolidayRule, holidayTracks } from './holiday.js';
import { type Metric, nearest, type Query, type Scored } from './search.js';
import { resolveSeed } from './seeds.js';
import { buildVocabulary, type PhraseTarget, parseLike, typicalGenres, type Vocabulary } from './vocabulary.js';

export type { FeatureExplanation } from './explain.js';

/**
 * The fitted state recommendations read, built once per catalogue (the engine owns these; an
 * evaluation builds its own on its training side): genre affinity from co-membership (add a
 * classifier's out-of-fold confusions with fitGenreAffinity's `confusion` input when one is fitted),
 * the artist index, the vocabulary, the name index.
 */
export function fitRecommendState(catalog: Catalog, space: FeatureSpace): Omit<RecommendContext, 'indexFor'> {
  return {
    affinity: fitGenreAffinity(catalog),
    artists: buildArtistIndex(catalog),
    vocabulary: buildVocabulary(catalog, space),
    names: buildNameIndex(catalog),
    blendGroups: buildBlendGroups(catalog, space),
    holiday: holidayTracks(catalog),
  };
}

/** Spotify's recommendations endpoint took at most 5 seeds (tracks, artists and genres); genres here are a filter. */
export const MAX_SEEDS = 5;

export const MAX_LIMIT = 100;

export interface RecommendRequest {
  /** Targets on any subset of the features; only these count (with seeds: they override the seed profile). */
  targets?: PreferenceTarget[];
  weights?: Partial<Record<AudioFeature, number>>;
  /** Track ids or "artist - title". */
  seeds?: string[];
  /** Artist names: the artist's profile and genres seed the query. */
  seedArtists?: string[];
  /** What a listener typed ("sad slow piano"), read with the open vocabulary; explicit targets override its features. */
  like?: string;
  /** Rank by audio distance only (no genre or artist blend); filters and diversity stay. */
  audioOnly?: boolean;
  /** Blend weights (defaults: DEFAULT_BLEND). */
  blend?: Partial<BlendWeights>;
  filters?: Filters;
  metric?: Metric;
  /** 1-100, default 10. */
  limit?: number;
  /** The notebook's plain k nearest neighbours: no filter, no diversity rule. */
  plain?: boolean;
  /**
   * Keep holiday songs (christmas, xmas, navidad, ... in the title or album name). By default they are
   * left out, and seeds that are all holiday songs get only holiday songs.
   */
  includeHoliday?: boolean;
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

/**
 * Fitted state a request reads (the engine owns it; each is rebuilt per request when absent, which
 * is correct but slower): the name index, the search structures, the genre affinity, the artist index, the
 * vocabulary, and a genre classifier's probabilities for a full audio profile.
 */
export interface RecommendContext {
  /** Folded names for seed lookup. */
  names?: NameIndex;
  /** The grouping that lets exact full-profile cosine scans skip most rows (absent: plain scan). */
  pruned?: ClusterIndex;
  /** The groups that let exact blended distance queries skip most tracks (absent: every pool track is scored). */
  blendGroups?: BlendGroups;
  indexFor?: IndexProvider;
  affinity?: GenreAffinity;
  artists?: ArtistIndex;
  vocabulary?: Vocabulary;
  /**
   * Genre probabilities (catalogue genre order) of a profile in raw units, in the space's feature
   * order; undefined while no classifier is ready (the query is then not blended).
   */
  soundsLike?: (profile: Float64Array) => Float64Array | undefined;
  /** 1 for holiday tracks (holidayTracks), left out unless asked for or seeded. */
  holiday?: Uint8Array;
  /** Tracks never to recommend (1 = left out), e.g. an evaluation's held-out songs. */
  exclude?: Uint8Array;
}

/** Below this share of the catalogue left by the filters, the index would need too many candidates. */
const MIN_POOL_SHARE_FOR_INDEX = 0.02;
/** The most candidates asked of the index before giving up on it for one query. */
const MAX_INDEX_CANDIDATES = 20_000;

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
  /** Distance queries: exp(-d^2 / 2), d the RMS z-distance over the used features (1 = exact, 0.61 at 1 SD). */
  match?: number;
  /** Cosine queries only: the cosine of the weighted z-vectors. */
  similarity?: number;
  /** Blended queries: the blended score that ranked the result (see blend.ts). */
  score?: number;
  /** Weighted Euclidean distance in z-units over the used features. */
  distance: number;
  url: string;
  uri: string;
  explanation: { reason: string; features: FeatureExplanation[] };
}

export interface RecommendResult {
  metric: Metric;
  /** Tracks left after filters and seed exclusion. */
  poolSize: number;
  /** Holiday songs: left out (the default), only (every seed track is one), or kept (asked for, or mixed seeds). */
  holiday: HolidayRule;
  targets: { feature: AudioFeature; label: string; value: number; weight: number }[];
  seeds: { trackId: string; trackName: string; artists: string }[];
  seedArtists: string[];
  /** The blend that ranked the results, or undefined for a pure audio ranking. */
  blend?: { weights: Partial<BlendWeights>; genres: string[]; genreSource: BlendReason['genreSource'] };
  /** How the candidates were found, and why that way. */
  search: { method: 'exact' | 'approximate'; reason: string };
  results: Recommendation[];
}

function checkLimit(limit: number | undefined): number {
  const value = limit ?? 10;
  if (!Number.isInteger(value) || value < 1 || value > MAX_LIMIT)
    throw new InputError(`limit must be a whole number from 1 to ${MAX_LIMIT}, got ${limit}`);
  return value;
}

/**
 * Builds the standardized query: the seeds' mean profile (each seed track, and each seed artist's mean
 * track, counts once), then the phrase's targets, then explicit targets (later ones override).
 */
function buildQuery(space: FeatureSpace, request: RecommendRequest, seedProfiles: Float64Array[], phraseTargets: PhraseTarget[]) {
  const targets = new Map<number, { value: number; label: string; weight?: number }>();
  if (seedProfiles.length > 0) {
    space.features.forEach((feature, f) => {
      let sum = 0;
      for (const profile of seedProfiles) sum += profile[f] as number;
      targets.set(f, { value: sum / seedProfiles.length, label: seedProfiles.length > 1 ? `seeds' ${feature}` : `seed ${feature}` });
    });
  }
  for (const target of [...phraseTargets, ...(request.targets ?? [])]) {
    const f = featureIndex(space, target.feature);
    if (f < 0) throw new InputError(`feature ${target.feature} is not searchable`);
    targets.set(f, { value: target.value, label: target.label, weight: (target as PhraseTarget).weight });
  }
  if (targets.size === 0) throw new InputError('give at least one target, phrase or seed');
  for (const name of Object.keys(request.weights ?? {})) {
    if (!targets.has(featureIndex(space, name as AudioFeature))) throw new InputError(`a weight is given for ${name}, which has no target`);
  }
  const dims = [...targets.keys()].sort((a, b) => a - b);
  const query: Query = {
    dims,
    target: Float64Array.from(dims, (f) => standardize(space, f, (targets.get(f) as { value: number }).value)),
    weights: Float64Array.from(dims, (f) =>
      request.plain ? 1 : (request.weights?.[space.features[f] as AudioFeature] ?? targets.get(f)?.weight ?? 1),
    ),
  };
  const labels = dims.map((f) => (targets.get(f) as { label: string }).label);
  return { query, labels, targets };
}

function trackProfile(catalog: Catalog, space: FeatureSpace, tracks: ArrayLike<number>): Float64Array {
  const profile = new Float64Array(space.features.length);
  space.features.forEach((feature, f) => {
    let sum = 0;
    for (let i = 0; i < tracks.length; i++) sum += catalog.numeric[feature][tracks[i] as number] as number;
    profile[f] = sum / Math.max(1, tracks.length);
  });
  return profile;
}

function checkSeedCount(request: RecommendRequest): void {
  const count = (request.seeds?.length ?? 0) + (request.seedArtists?.length ?? 0);
  if (count > MAX_SEEDS)
    throw new InputError(
      `at most ${MAX_SEEDS} seeds per request (tracks and artists together, as Spotify's recommendations); got ${count}. Genres are a filter and do not count.`,
    );
}

function checkBlend(blend: Partial<BlendWeights> | undefined): BlendWeights {
  const weights = { ...DEFAULT_BLEND };
  for (const [name, value] of Object.entries(blend ?? {})) {
    if (!(name in DEFAULT_BLEND)) throw new InputError(`unknown blend weight ${name}; weights: ${Object.keys(DEFAULT_BLEND).join(', ')}`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw new InputError(`blend weight ${name} must be a number >= 0, got ${value}`);
    weights[name as keyof BlendWeights] = value;
  }
  return weights;
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

export function recommend(
  catalog: Catalog,
  space: FeatureSpace,
  request: RecommendRequest,
  contextOrIndex?: RecommendContext | IndexProvider,
): RecommendResult {
  const context: RecommendContext = typeof contextOrIndex === 'function' ? { indexFor: contextOrIndex } : (contextOrIndex ?? {});
  const indexFor = context.indexFor;
  const limit = checkLimit(request.limit);
  checkSeedCount(request);
  const weights = checkBlend(request.blend);
  // The notebook's plain search is cosine; every other query ranks by distance unless cosine is asked for.
  const metric: Metric = request.metric ?? (request.plain ? 'cosine' : 'euclidean');
  const names = request.seeds?.length ? (context.names ?? buildNameIndex(catalog)) : undefined;
  const seedTracks = [...new Set((request.seeds ?? []).map((s) => resolveSeed(catalog, names as NameIndex, s)))];
  const artists =
    request.seedArtists?.length || (seedTracks.length && !request.plain) ? (context.artists ?? buildArtistIndex(catalog)) : context.artists;
  const seedArtistCodes = [...new Set((request.seedArtists ?? []).map((name) => resolveSeedArtist(artists as ArtistIndex, name)))];
  const vocabulary = request.like !== undefined ? (context.vocabulary ?? buildVocabulary(catalog, space)) : undefined;
  const phrase = request.like !== undefined ? parseLike(request.like, vocabulary as Vocabulary, space) : undefined;
  const seedProfiles = [
    ...seedTracks.map((t) => trackProfile(catalog, space, [t])),
    ...seedArtistCodes.map((a) => trackProfile(catalog, space, tracksOfArtist(artists as ArtistIndex, a))),
  ];
  const { query, labels, targets } = buildQuery(space, request, seedProfiles, phrase?.targets ?? []);

  const mask = request.plain ? new Uint8Array(catalog.size).fill(1) : filterMask(catalog, request.filters ?? {});
  for (const t of seedTracks) mask[t] = 0;
  if (!request.plain) {
    if (context.exclude) for (let t = 0; t < catalog.size; t++) if (context.exclude[t] === 1) mask[t] = 0;
    excludeRecordingsOf(space, seedTracks, mask);
  }
  const holiday: HolidayRule = request.plain
    ? 'kept'
    : applyHolidayRule(context.holiday ?? holidayTracks(catalog), mask, seedTracks, request.includeHoliday === true);
  let poolSize = 0;
  for (let t = 0; t < catalog.size; t++) poolSize += mask[t] as number;

  const typical =
    phrase && phrase.genres.length === 0 && query.dims.length < space.features.length
      ? typicalGenres(vocabulary as Vocabulary, space, query)
      : undefined;
  const blend =
    request.plain || request.audioOnly
      ? undefined
      : blendFor(
          catalog,
          space,
          context,
          weights,
          query,
          targets,
          seedTracks,
          seedArtistCodes,
          artists,
          phrase ? phrase.genres.map((code, i) => ({ code, strength: phrase.genreStrength[i] as number })) : [],
          typical,
        );
  // A phrase without genre words, blended by genre typicality, gets at most a few tracks per genre, so
  // the genres typical of it share the list (one typical genre, forró for "happy mood", filled 4 of 10).
  const diversity: DiversityOptions =
    typical && blend?.summary.genreSource === 'sound'
      ? { maxPerGenre: TYPICAL_MAX_PER_GENRE, ...request.diversity }
      : (request.diversity ?? {});
  let search = blend
    ? // The same answer with or without the fitted groups (they only skip what cannot reach the top).
      { approximate: false, reason: 'blended with genre/artist affinity: exact scan of the pool' }
    : chooseSearch(space, query, request.search ?? 'auto', poolSize);
  if (blend && request.search === 'approximate')
    throw new InputError(
      'approximate search applies to audio-only queries; this one blends genre or artist affinity (use exact search, or audio only)',
    );
  const index = search.approximate ? indexFor?.(metric) : undefined;
  if (search.approximate && !index) {
    if (request.search === 'approximate' && !indexFor) throw new InputError('approximate search is not available here');
    search = { approximate: false, reason: 'the approximate index is not ready yet: exact scan' };
  }
  const ranked = (depth: number): Scored[] => {
    if (blend) return blendedNearest(catalog, space, artists, query, metric, blend.signals, depth, mask, context.blendGroups);
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
    // Diversity rules skip candidates, so rank more than needed; widen until enough survive. The rules
    // walk the ranking in order, so any depth that yields `limit` picks gives the same picks: a shallow
    // first depth (a higher k-th best, so fewer rows scored) changes nothing. MMR weighs every
    // candidate against the others, so it keeps the deep list.
    const firstDepth = diversity.mmrLambda === undefined ? limit * 3 : Math.max(50, limit * 10);
    let depth = Math.min(poolSize, firstDepth);
    for (;;) {
      chosen = diversify(catalog, space, query, ranked(depth), limit, diversity, excludedSongs);
      if (chosen.length >= limit || depth >= poolSize) break;
      depth = Math.min(poolSize, depth * 4);
    }
  }
  let weightSum = 0;
  for (const w of query.weights) weightSum += w;

  return {
    metric,
    poolSize,
    holiday,
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
    seedArtists: seedArtistCodes.map((a) => (artists as ArtistIndex).names[a] as string),
    ...(blend ? { blend: blend.summary } : {}),
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
      ...(metric === 'euclidean' ? { match: matchScore(s.distance, weightSum) } : {}),
      ...(metric === 'cosine' ? { similarity: blend ? cosineCloseness(space, query, s.track).closeness : s.similarity } : {}),
      ...(blend ? { score: s.similarity } : {}),
      distance: s.distance,
      url: spotifyUrl(catalog.trackId[s.track] as string),
      uri: `spotify:track:${catalog.trackId[s.track]}`,
      explanation: explainResult(catalog, space, query, labels, s, blend ? { reason: blend.reason, artists } : undefined),
    })),
  };
}

/** The share of the "sounds like" weight that genre typicality gets for a phrase without genre words. */
const TYPICAL_SHARE = 0.1;
/** Tracks per primary genre for such a phrase (as the emerging lists cap genres). */
const TYPICAL_MAX_PER_GENRE = 3;

/**
 * The blend for a query, or undefined when nothing beyond audio applies: catalogue seeds blend the
 * seeds' genres and artists; a phrase blends the genres its words name; a full 9-feature audio query
 * blends the classifier's "sounds like" genres when a classifier is given.
 */
function blendFor(
  catalog: Catalog,
  space: FeatureSpace,
  context: RecommendContext,
  weights: BlendWeights,
  query: Query,
  targets: Map<number, { value: number }>,
  seedTracks: number[],
  seedArtistCodes: number[],
  artists: ArtistIndex | undefined,
  phraseGenres: { code: number; strength: number }[],
  typical: Float64Array | undefined,
): { signals: BlendSignals; reason: BlendReason; summary: NonNullable<RecommendResult['blend']> } | undefined {
  const g = catalog.genreNames.length;
  const genreWeights = new Float64Array(g);
  let source: BlendReason['genreSource'];
  let genreWeight: number;
  const seeded = seedTracks.length > 0 || seedArtistCodes.length > 0;
  if (seeded) {
    source = 'seed';
    genreWeight = weights.genre;
    for (const t of seedTracks) {
      for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++)
        genreWeights[catalog.genreCodes[k] as number] = 1;
    }
    for (const a of seedArtistCodes) {
      const own = artistGenreWeights(catalog, artists as ArtistIndex, a);
      for (let c = 0; c < g; c++) genreWeights[c] = Math.max(genreWeights[c] as number, own[c] as number);
    }
  } else if (phraseGenres.length > 0) {
    source = 'words';
    genreWeight = weights.wordGenre;
    for (const { code, strength } of phraseGenres) genreWeights[code] = strength;
  } else if (soundsLikeOf(context, space, targets, query)) {
    source = 'sound';
    genreWeight = weights.soundsLike;
    genreWeights.set(soundsLikeOf(context, space, targets, query) as Float64Array);
  } else if (typical) {
    // A phrase without genre words: genres typical of its targets only break near-ties of audio fit.
    source = 'sound';
    genreWeight = weights.soundsLike * TYPICAL_SHARE;
    genreWeights.set(typical);
  } else {
    return undefined;
  }
  const affinity = context.affinity ?? fitGenreAffinity(catalog);
  const queryGenres = [...genreWeights.keys()]
    .filter((c) => (genreWeights[c] as number) > 0)
    .sort((a, b) => (genreWeights[b] as number) - (genreWeights[a] as number) || a - b);
  const seedArtistsAll = new Set(seedArtistCodes);
  if (artists)
    for (const t of seedTracks)
      for (let k = artists.offsets[t] as number; k < (artists.offsets[t + 1] as number); k++)
        seedArtistsAll.add(artists.codes[k] as number);
  const artist = seeded && artists && weights.artist > 0 ? artistPreference(artists, seedArtistsAll, weights.collaborator) : undefined;
  // The classifier's probabilities already spread over the genres it confuses: they are not spread again
  // (spreading them lowered genre agreement on the tuning seeds, 0.26 against 0.29).
  const genre = genreWeight <= 0 ? undefined : source === 'sound' ? scaledToMax(genreWeights) : genrePreference(affinity, genreWeights);
  const shownGenres = source === 'sound' ? queryGenres.slice(0, 3) : queryGenres;
  return {
    signals: { genre, genreWeight, artist, artistWeight: weights.artist, audioWeight: weights.audio },
    reason: { genre, queryGenres: shownGenres, genreSource: source, artist, seedArtists: [...seedArtistsAll] },
    summary: {
      weights: {
        audio: weights.audio,
        ...(source === 'seed'
          ? { genre: weights.genre, artist: weights.artist, collaborator: weights.collaborator }
          : source === 'words'
            ? { wordGenre: weights.wordGenre }
            : { soundsLike: weights.soundsLike }),
      },
      genres: shownGenres.map((c) => catalog.genreNames[c] as string),
      genreSource: source,
    },
  };
}

/** Clears tracks whose 9 audio values equal a seed's: the same recording released under another id or title. */
function excludeRecordingsOf(space: FeatureSpace, seedTracks: number[], mask: Uint8Array): void {
  const d = space.features.length;
  for (const seed of seedTracks) {
    for (let t = 0; t < space.size; t++) {
      if (mask[t] === 0) continue;
      let same = true;
      for (let f = 0; f < d && same; f++) same = space.z[t * d + f] === space.z[seed * d + f];
      if (same) mask[t] = 0;
    }
  }
}

function scaledToMax(values: Float64Array): Float64Array {
  let best = 0;
  for (const v of values) best = Math.max(best, v);
  return best > 0 ? values.map((v) => v / best) : values;
}

/** The classifier's genre probabilities for a query on all 9 features, when a classifier is ready. */
function soundsLikeOf(
  context: RecommendContext,
  space: FeatureSpace,
  targets: Map<number, { value: number }>,
  query: Query,
): Float64Array | undefined {
  if (!context.soundsLike || query.dims.length !== space.features.length) return undefined;
  return context.soundsLike(Float64Array.from(space.features, (_, f) => (targets.get(f) as { value: number }).value));
}
