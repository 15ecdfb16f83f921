/**
 * How good the recommendations are, beside baselines, on seeds nothing was tuned on.
 *
 * Split: songs (songGroups: versions, re-releases and identical recordings together) are split
 * 80/20, stratified by genre, with a seed. The genre affinity and the classifier behind it are fitted
 * on the 80% only; evaluation seeds are drawn from the 20% (tuning seeds, for `tuning: true`, from the
 * 80%). Per method and query, on the top 10:
 * - genre agreement: share of results sharing at least one genre with the seed;
 * - audio distance: mean z-space distance (9 features, Euclidean) of the results to the seed, reported
 *   as a ratio to the audio-only method's mean;
 * - artist variety: distinct main artists; leakage: results of the seed's song group.
 * Audio-only queries: the seed's 9 values as a new track, every evaluation song left out of the pool.
 * Target fidelity: 2-3 of the seed's values as targets (some with a filter); the share of results
 * within 0.5 SD of every target, over queries whose filtered pool holds at least 10 such tracks.
 * Phrases: the committed phrase set (phraseSet.ts), the share of checks met.
 */

import { catalogMatrix, selectRows } from '../classify/features.js';
import { fitForest, oobProba } from '../classify/forest.js';
import { fitModel } from '../classify/model.js';
import { songGroups } from '../classify/songGroups.js';
import { groupedStratifiedSplit } from '../classify/split.js';
import type { Catalog } from '../data/catalog.js';
import { buildNameIndex } from '../data/names.js';
import { AUDIO_FEATURES, type AudioFeature } from '../data/schema.js';
import type { FeatureSpace } from '../features/featureSpace.js';
import { parsePhrases } from '../features/preferences.js';
import { quantileSorted } from '../stats/descriptive.js';
import { seededRandom, shuffleInPlace } from '../stats/random.js';
import { buildArtistIndex, fitGenreAffinity } from './affinity.js';
import type { BlendWeights } from './blend.js';
import { buildBlendGroups } from './blendGroups.js';
import { type Filters, filterMask } from './filters.js';
import { holidayTracks } from './holiday.js';
import { PHRASE_SET, type PhraseCheck } from './phraseSet.js';
import { type RecommendContext, type RecommendRequest, type RecommendResult, recommend } from './recommend.js';
import { soundsLikeFromModel } from './soundsLike.js';
import { buildVocabulary, parseLike } from './vocabulary.js';

export interface RecommendEvaluationOptions {
  seed?: number;
  /** Seeds per query family (default 300). */
  queries?: number;
  /** Draw the seeds from the fitted 80% (for choosing weights) instead of the held-out 20%. */
  tuning?: boolean;
  /** Blend weights to evaluate (default: DEFAULT_BLEND). */
  blend?: Partial<BlendWeights>;
  /** Forest trees for the confusions behind the genre affinity (default 100). */
  trees?: number;
  /** The "sounds like" classifier of audio-only queries: gradient boosting (default) or the forest. */
  classifier?: 'gbdt' | 'rf';
  onStage?: (stage: string) => void;
}

export interface MethodRow {
  method: string;
  queries: number;
  genreAgreement: number;
  meanDistance: number;
  distanceRatio: number;
  artistVariety: number;
  leakage: number;
}

export interface PhraseOutcome {
  phrase: string;
  met: number;
  checks: number;
  failed: string[];
  error?: string;
}

export interface RecommendEvaluation {
  split: { fitTracks: number; heldOutTracks: number; seed: number; seedsFrom: 'held-out' | 'tuning' };
  catalogueSeeds: MethodRow[];
  audioOnly: MethodRow[];
  targets: { method: string; queries: number; eligibleQueries: number; withinShare: number }[];
  phrases: { method: string; phrases: number; checks: number; met: number; share: number; outcomes: PhraseOutcome[] }[];
  genreWordsAccepted: { accepted: number; total: number; rejected: string[] };
  speed: { blendedSeedP50Ms: number; queries: number };
  goals: { goal: string; value: string; met: boolean }[];
}

interface QueryOutcome {
  agreement: number;
  distance: number;
  artists: number;
  leakage: number;
}

function sharesGenre(catalog: Catalog, a: number, b: number): boolean {
  for (let i = catalog.genreOffsets[a] as number; i < (catalog.genreOffsets[a + 1] as number); i++) {
    for (let j = catalog.genreOffsets[b] as number; j < (catalog.genreOffsets[b + 1] as number); j++) {
      if (catalog.genreCodes[i] === catalog.genreCodes[j]) return true;
    }
  }
  return false;
}

function zDistance(space: FeatureSpace, a: number, profile: Float64Array): number {
  const d = space.features.length;
  let s = 0;
  for (let f = 0; f < d; f++) s += ((space.z[a * d + f] as number) - (profile[f] as number)) ** 2;
  return Math.sqrt(s);
}

function outcome(
  catalog: Catalog,
  space: FeatureSpace,
  groups: Int32Array,
  seed: number,
  result: RecommendResult,
  index: Map<string, number>,
): QueryOutcome {
  const d = space.features.length;
  const profile = space.z.slice(seed * d, seed * d + d);
  const tracks = result.results.map((r) => index.get(r.trackId) as number);
  const n = Math.max(1, tracks.length);
  return {
    agreement: tracks.filter((t) => sharesGenre(catalog, t, seed)).length / n,
    distance: tracks.reduce((s, t) => s + zDistance(space, t, profile), 0) / n,
    artists: new Set(tracks.map((t) => catalog.mainArtist[t])).size,
    leakage: tracks.filter((t) => groups[t] === groups[seed]).length,
  };
}

function row(method: string, outcomes: QueryOutcome[]): MethodRow {
  const mean = (f: (o: QueryOutcome) => number) => outcomes.reduce((s, o) => s + f(o), 0) / Math.max(1, outcomes.length);
  return {
    method,
    queries: outcomes.length,
    genreAgreement: mean((o) => o.agreement),
    meanDistance: mean((o) => o.distance),
    distanceRatio: 0,
    artistVariety: mean((o) => o.artists),
    leakage: outcomes.reduce((s, o) => s + o.leakage, 0),
  };
}

function withRatios(rows: MethodRow[], reference: string): MethodRow[] {
  const base = rows.find((r) => r.method === reference)?.meanDistance ?? Number.NaN;
  return rows.map((r) => ({ ...r, distanceRatio: r.meanDistance / base }));
}

function checkPhrase(catalog: Catalog, space: FeatureSpace, check: PhraseCheck, result: RecommendResult): { met: boolean; text: string } {
  if ('genres' in check) {
    const have = result.results.filter((r) => r.genres.some((g) => check.genres.anyOf.includes(g))).length;
    return {
      met: have >= check.genres.atLeast,
      text: `${have} of 10 in ${check.genres.anyOf.slice(0, 4).join('/')} (want >= ${check.genres.atLeast})`,
    };
  }
  const values = result.results
    .map((r) => catalog.numeric[check.feature][catalog.trackId.indexOf(r.trackId)] as number)
    .sort((a, b) => a - b);
  const median = values.length ? quantileSorted(values, 0.5) : Number.NaN;
  const sorted = space.sorted[space.features.indexOf(check.feature)] as Float64Array;
  const c = check as { atMost?: number; atLeast?: number; belowPercentile?: number; abovePercentile?: number };
  const atMost = c.atMost ?? (c.belowPercentile !== undefined ? quantileSorted(sorted, c.belowPercentile) : Number.POSITIVE_INFINITY);
  const atLeast = c.atLeast ?? (c.abovePercentile !== undefined ? quantileSorted(sorted, c.abovePercentile) : Number.NEGATIVE_INFINITY);
  const met = median <= atMost && median >= atLeast;
  const want = atMost < Number.POSITIVE_INFINITY ? `<= ${atMost.toFixed(2)}` : `>= ${atLeast.toFixed(2)}`;
  return { met, text: `median ${check.feature} ${median.toFixed(2)} (want ${want})` };
}

function runPhrases(
  catalog: Catalog,
  space: FeatureSpace,
  method: string,
  run: (phrase: string) => RecommendResult,
): RecommendEvaluation['phrases'][number] {
  const outcomes: PhraseOutcome[] = PHRASE_SET.map(({ phrase, checks }) => {
    try {
      const result = run(phrase);
      const judged = checks.map((check) => checkPhrase(catalog, space, check, result));
      return {
        phrase,
        met: judged.filter((j) => j.met).length,
        checks: checks.length,
        failed: judged.filter((j) => !j.met).map((j) => j.text),
      };
    } catch (error) {
      return { phrase, met: 0, checks: checks.length, failed: [], error: (error as Error).message.split('\n')[0] };
    }
  });
  const checks = outcomes.reduce((s, o) => s + o.checks, 0);
  const met = outcomes.reduce((s, o) => s + o.met, 0);
  return { method, phrases: outcomes.length, checks, met, share: met / checks, outcomes };
}

/** Random subsets of 2-3 features for target queries, and a filter on every third query. */
function targetQuery(
  catalog: Catalog,
  seed: number,
  i: number,
  random: () => number,
): { targets: Partial<Record<AudioFeature, number>>; filters: Filters } {
  const order = AUDIO_FEATURES.map((_, k) => k);
  shuffleInPlace(order, random);
  const features = order.slice(0, 2 + (i % 2)).map((k) => AUDIO_FEATURES[k] as AudioFeature);
  const targets: Partial<Record<AudioFeature, number>> = {};
  for (const f of features) targets[f] = catalog.numeric[f][seed] as number;
  const filters: Filters = i % 3 === 0 ? { min: { popularity: 30 } } : i % 3 === 1 ? { max: { duration_ms: 300_000 } } : {};
  return { targets, filters };
}

export async function evaluateRecommendations(
  catalog: Catalog,
  space: FeatureSpace,
  options: RecommendEvaluationOptions = {},
): Promise<RecommendEvaluation> {
  const seed = options.seed ?? 42;
  const queries = options.queries ?? 300;
  const stage = options.onStage ?? (() => {});
  const groups = songGroups(catalog);
  const split = groupedStratifiedSplit(catalog.primaryGenre, groups, 0.2, seed);
  // Tuning: a second split by song inside the fitted side; models fit on its 80%, seeds come from its 20%.
  const inner = options.tuning
    ? groupedStratifiedSplit(
        Int32Array.from(split.train, (t) => catalog.primaryGenre[t] as number),
        Int32Array.from(split.train, (t) => groups[t] as number),
        0.2,
        seed + 3,
      )
    : undefined;
  const fitSide = inner ? Int32Array.from(inner.train, (i) => split.train[i] as number) : split.train;
  const seedSide = inner ? Int32Array.from(inner.test, (i) => split.train[i] as number) : split.test;
  const heldOut = new Uint8Array(catalog.size).fill(1);
  for (const t of fitSide) heldOut[t] = 0;
  const include = Uint8Array.from(heldOut, (h) => 1 - h);

  stage(`genre classifiers on the fitted songs (forest for confusions, ${options.classifier ?? 'gbdt'} for "sounds like")`);
  const matrix = catalogMatrix(catalog, AUDIO_FEATURES);
  const fitted = selectRows(matrix, fitSide);
  const labels = Int32Array.from(fitSide, (t) => catalog.primaryGenre[t] as number);
  const forest = await fitForest(fitted, labels, catalog.genreNames, { seed, nEstimators: options.trees ?? 100 }, {});
  const oob = oobProba(forest, fitted);
  const votedTracks = fitSide.filter((_, i) => oob.voted[i] === 1);
  const g = catalog.genreNames.length;
  const votedProba = new Float64Array(votedTracks.length * g);
  let v = 0;
  fitSide.forEach((_, i) => {
    if (oob.voted[i] === 1) votedProba.set(oob.proba.subarray(i * g, i * g + g), v++ * g);
  });
  const affinity = fitGenreAffinity(catalog, { include, confusion: { tracks: votedTracks, proba: votedProba } });
  const soundsModel =
    (options.classifier ?? 'gbdt') === 'rf'
      ? forest
      : await fitModel(
          fitted,
          labels,
          catalog.genreNames,
          { kind: 'gbdt', seed },
          { groups: Int32Array.from(fitSide, (t) => groups[t] as number) },
        );
  const soundsLike = soundsLikeFromModel(soundsModel, catalog.genreNames) as (profile: Float64Array) => Float64Array;
  const context: RecommendContext = {
    affinity,
    artists: buildArtistIndex(catalog),
    vocabulary: buildVocabulary(catalog, space),
    // Fitted once, as the engine holds it (without it every seed query would fold every title).
    names: buildNameIndex(catalog),
    blendGroups: buildBlendGroups(catalog, space),
    holiday: holidayTracks(catalog),
  };
  const index = new Map(catalog.trackId.map((id, t) => [id, t]));

  const random = seededRandom(seed + 1);
  const drawn = Array.from(seedSide);
  shuffleInPlace(drawn, random);
  const seeds = drawn.slice(0, queries);
  const blend = options.blend;
  const id = (t: number) => catalog.trackId[t] as string;
  const noDiversity = { maxPerArtist: 0, dedupeSongs: false };

  stage('catalogue seeds');
  const families: Record<string, QueryOutcome[]> = { plain: [], audio: [], filter: [], ours: [] };
  const timings: number[] = [];
  for (const t of seeds) {
    const genres: string[] = [];
    for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++)
      genres.push(catalog.genreNames[catalog.genreCodes[k] as number] as string);
    const base: RecommendRequest = { seeds: [id(t)], limit: 10 };
    families.plain?.push(outcome(catalog, space, groups, t, recommend(catalog, space, { ...base, plain: true }, context), index));
    families.audio?.push(outcome(catalog, space, groups, t, recommend(catalog, space, { ...base, audioOnly: true }, context), index));
    families.filter?.push(
      outcome(catalog, space, groups, t, recommend(catalog, space, { ...base, audioOnly: true, filters: { genres } }, context), index),
    );
    const started = performance.now();
    const ours = recommend(catalog, space, { ...base, blend }, context);
    timings.push(performance.now() - started);
    families.ours?.push(outcome(catalog, space, groups, t, ours, index));
  }
  const catalogueSeeds = withRatios(
    [
      row('plain 9-feature KNN (notebook)', families.plain ?? []),
      row('audio distance only (--audio-only)', families.audio ?? []),
      row('same-genre filter + audio distance', families.filter ?? []),
      row('ours (audio + genre + artist blend)', families.ours ?? []),
    ],
    'audio distance only (--audio-only)',
  );

  stage('audio-only queries (held-out songs as new tracks)');
  const heldOutContext: RecommendContext = { ...context, exclude: heldOut };
  const audioFamilies: Record<string, QueryOutcome[]> = { plain: [], audio: [], predicted: [], ours: [] };
  for (const t of seeds) {
    const targets = AUDIO_FEATURES.map((feature) => ({ feature, value: catalog.numeric[feature][t] as number, label: feature }));
    const base: RecommendRequest = { targets, limit: 10 };
    const proba = soundsLike(Float64Array.from(targets, (x) => x.value));
    let top = 0;
    for (let c = 1; c < g; c++) if ((proba[c] as number) > (proba[top] as number)) top = c;
    // Only fitted songs are in the pool, so the seed's song never is.
    const run = (request: RecommendRequest, extra: RecommendContext = {}) =>
      outcome(catalog, space, groups, t, recommend(catalog, space, request, { ...heldOutContext, ...extra }), index);
    audioFamilies.plain?.push(run({ ...base, metric: 'cosine', diversity: noDiversity }));
    audioFamilies.audio?.push(run(base));
    audioFamilies.predicted?.push(run({ ...base, filters: { genres: [catalog.genreNames[top] as string] } }));
    audioFamilies.ours?.push(run({ ...base, blend }, { soundsLike: () => proba }));
  }
  const audioOnly = withRatios(
    [
      row('plain 9-feature KNN (notebook)', audioFamilies.plain ?? []),
      row('audio distance only', audioFamilies.audio ?? []),
      row("classifier's top genre as filter", audioFamilies.predicted ?? []),
      row('ours (audio + "sounds like" genres)', audioFamilies.ours ?? []),
    ],
    'audio distance only',
  );

  stage('target queries');
  const targetRandom = seededRandom(seed + 2);
  const fidelity = { ours: { within: 0, total: 0, eligible: 0 }, cosine: { within: 0, total: 0, eligible: 0 } };
  seeds.forEach((t, i) => {
    const { targets, filters } = targetQuery(catalog, t, i, targetRandom);
    const used = Object.keys(targets) as AudioFeature[];
    const close = (track: number) =>
      used.every(
        (f) =>
          Math.abs((catalog.numeric[f][track] as number) - (targets[f] as number)) <=
          0.5 * (space.scale[space.features.indexOf(f)] as number),
      );
    const pool = filterMask(catalog, filters);
    let closeInPool = 0;
    for (let x = 0; x < catalog.size; x++) if (pool[x] === 1 && close(x)) closeInPool++;
    if (closeInPool < 10) return;
    const request: RecommendRequest = {
      targets: used.map((f) => ({ feature: f, value: targets[f] as number, label: f })),
      filters,
      limit: 10,
    };
    for (const [key, metric] of [
      ['ours', 'euclidean'],
      ['cosine', 'cosine'],
    ] as const) {
      const result = recommend(catalog, space, { ...request, metric }, context);
      const stats = fidelity[key];
      stats.eligible++;
      for (const r of result.results) {
        stats.total++;
        if (close(index.get(r.trackId) as number)) stats.within++;
      }
    }
  });
  const targetRows = [
    { method: 'cosine on the named features (before)', stats: fidelity.cosine },
    { method: 'ours (RMS z-distance)', stats: fidelity.ours },
  ].map(({ method, stats }) => ({
    method,
    queries: seeds.length,
    eligibleQueries: stats.eligible,
    withinShare: stats.within / Math.max(1, stats.total),
  }));

  stage('phrases');
  const phrases = [
    runPhrases(catalog, space, 'closed vocabulary, cosine (before)', (phrase) =>
      recommend(catalog, space, { targets: parsePhrases(phrase, space), metric: 'cosine', audioOnly: true }, context),
    ),
    runPhrases(catalog, space, 'ours (open vocabulary, distance, genre words)', (phrase) =>
      recommend(catalog, space, { like: phrase, blend }, context),
    ),
  ];
  const rejected: string[] = [];
  for (const name of catalog.genreNames) {
    for (const written of [name, name.replace(/-/g, ' ')]) {
      try {
        parseLike(written, context.vocabulary as NonNullable<RecommendContext['vocabulary']>, space);
      } catch {
        rejected.push(written);
      }
    }
  }

  timings.sort((a, b) => a - b);
  const blendedSeedP50Ms = quantileSorted(timings, 0.5);
  const ours = catalogueSeeds[3] as MethodRow;
  const filter = catalogueSeeds[2] as MethodRow;
  const plain = catalogueSeeds[0] as MethodRow;
  const oursAudio = audioOnly[3] as MethodRow;
  const ourTargets = targetRows[1] as (typeof targetRows)[number];
  const ourPhrases = phrases[1] as (typeof phrases)[number];
  const f2 = (x: number) => x.toFixed(2);
  const goals = [
    {
      goal: 'catalogue seeds: genre agreement@10 >= 0.80',
      value: `${f2(ours.genreAgreement)} (plain ${f2(plain.genreAgreement)})`,
      met: ours.genreAgreement >= 0.8,
    },
    {
      goal: "catalogue seeds: distance ratio <= 1.6 and below the same-genre filter's",
      value: `${f2(ours.distanceRatio)} (filter ${f2(filter.distanceRatio)})`,
      met: ours.distanceRatio <= 1.6 && ours.distanceRatio < filter.distanceRatio,
    },
    { goal: 'catalogue seeds: artist variety >= 6 of 10', value: ours.artistVariety.toFixed(1), met: ours.artistVariety >= 6 },
    { goal: 'catalogue seeds: leakage 0', value: String(ours.leakage), met: ours.leakage === 0 },
    {
      goal: 'audio-only queries: genre agreement@10 >= 0.18',
      value: `${f2(oursAudio.genreAgreement)} (plain ${f2((audioOnly[0] as MethodRow).genreAgreement)})`,
      met: oursAudio.genreAgreement >= 0.18,
    },
    {
      goal: 'target queries: >= 95% within 0.5 SD where the pool allows',
      value: `${(100 * ourTargets.withinShare).toFixed(1)}%`,
      met: ourTargets.withinShare >= 0.95,
    },
    { goal: 'phrase set: >= 90% of expectations met', value: `${(100 * ourPhrases.share).toFixed(1)}%`, met: ourPhrases.share >= 0.9 },
    {
      goal: 'every genre name accepted as a word',
      value: `${2 * catalog.genreNames.length - rejected.length}/${2 * catalog.genreNames.length}`,
      met: rejected.length === 0,
    },
    { goal: 'blended seed query < 5 ms p50 in-process', value: `${blendedSeedP50Ms.toFixed(2)} ms`, met: blendedSeedP50Ms < 5 },
  ];
  return {
    split: {
      fitTracks: fitSide.length,
      heldOutTracks: catalog.size - fitSide.length,
      seed,
      seedsFrom: options.tuning ? 'tuning' : 'held-out',
    },
    catalogueSeeds,
    audioOnly,
    targets: targetRows,
    phrases,
    genreWordsAccepted: { accepted: 2 * catalog.genreNames.length - rejected.length, total: 2 * catalog.genreNames.length, rejected },
    speed: { blendedSeedP50Ms, queries: timings.length },
    goals,
  };
}
