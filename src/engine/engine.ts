/**
 * The fitted engine, in the spirit of scikit-learn's `fit` then `kneighbors`: built once from a loaded
 * catalogue, it owns the feature space, the name index, the search structures and the fitted models,
 * each computed once on first use (or ahead of time by `warmUp`). Every face (CLI, HTTP API, report,
 * dashboard) asks the engine; nothing is cached at module level.
 */

import { type ArtifactStore, cachedEvaluation, cachedGenreModel } from '../cache/artifacts.js';
import type { OpenedCatalog } from '../cache/openCatalog.js';
import { type EvaluateOptions, type Evaluation, evaluateGenres } from '../classify/evaluate.js';
import { catalogMatrix, featureSetNames, genreLabels } from '../classify/features.js';
import { describeModel, fitModel, type GenreModel, type ModelSettings } from '../classify/model.js';
import { inBagRows } from '../classify/outOfBag.js';
import { hasColumn, requireColumns } from '../data/capabilities.js';
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import type { LoadedCatalog } from '../data/index.js';
import { buildNameIndex, type NameIndex, searchTracks } from '../data/names.js';
import { type EmergingAnswer, emergingAnswer, type GrowthRequest } from '../discover/answer.js';
import { type BacktestOptions, type BacktestResult, runBacktest } from '../discover/backtest.js';
import { type EmergingRequest, type EmergingResult, emerging } from '../discover/emerging.js';
import type { GrowthEvidence } from '../discover/growth.js';
import { type HitModel, trainHitModel } from '../discover/hitLikeness.js';
import { type DriversResult, fitDrivers, MEMBERSHIPS, type Membership } from '../drivers/drivers.js';
import { type Exploration, explore } from '../explore/explore.js';
import { buildFeatureSpace, type FeatureSpace } from '../features/featureSpace.js';
import { openOrBuildMap, type TrackMap } from '../map/artifact.js';
import { type ArtistIndex, buildArtistIndex, fitGenreAffinity, type GenreAffinity } from '../recommend/affinity.js';
import { ANN_MIN_TRACKS, approximateIndex, backgroundIndexes, type IndexOptions } from '../recommend/ann.js';
import { type BlendGroups, buildBlendGroups } from '../recommend/blendGroups.js';
import { buildClusterIndex, type ClusterIndex } from '../recommend/clusterSearch.js';
import { holidayTracks } from '../recommend/holiday.js';
import {
  type IndexProvider,
  type RecommendContext,
  type RecommendRequest,
  type RecommendResult,
  recommend,
} from '../recommend/recommend.js';
import { METRICS, type Metric } from '../recommend/search.js';
import { soundsLikeFromModel } from '../recommend/soundsLike.js';
import { buildVocabulary, type Vocabulary } from '../recommend/vocabulary.js';

export interface EngineOptions {
  /** Where approximate indexes are cached (default: $SPOTIFY_INTEL_CACHE or ~/.cache/spotify-intel). */
  indexCache?: string;
  /**
   * `foreground` builds a missing approximate index when a query first needs it (a CLI run);
   * `background` builds it on a worker thread and searches exactly meanwhile (a server).
   */
  indexBuild?: 'foreground' | 'background';
  /** Worker threads for model training (default: all cores). */
  threads?: number;
  /** Progress lines (index builds, model training). */
  log?: (line: string) => void;
  /**
   * Where the genre model and its evaluation are saved once and loaded by every later process (a
   * server's workers, the next command); default: none (fitted in memory).
   */
  artifacts?: ArtifactStore;
}

/** The evaluation the dashboard shows: `classify evaluate`'s defaults (forest, audio9, 100 trees, seed 42). */
export const DASHBOARD_EVALUATION: EvaluateOptions = { model: 'rf', features: 'audio9', seed: 42, trees: 100 };

interface GenreModelState {
  fit: Promise<GenreModel>;
  model?: GenreModel;
  /** Fitted on this catalogue's tracks in their order (not loaded from a model file): out-of-bag guesses apply. */
  fittedOnCatalog: boolean;
  /** The forest's bootstrap samples as masks (out-of-bag guesses), built on first use. */
  inBag?: Uint8Array[];
  failure?: string;
  origin: string;
  started: number;
}

export class Engine implements RecommendContext {
  readonly catalog: Catalog;
  readonly indexFor: IndexProvider;
  /** The file the catalogue came from, as the user named it. */
  readonly source: string;
  pruned: ClusterIndex | undefined;

  private readonly explorer: (() => Exploration) | undefined;
  private readonly artifacts: ArtifactStore | undefined;
  private featureSpace: FeatureSpace | undefined;
  private nameIndex: NameIndex | undefined;
  private genreAffinity: GenreAffinity | undefined;
  private artistIndex: ArtistIndex | undefined;
  private groupsForBlend: BlendGroups | undefined;
  private holidaySongs: Uint8Array | undefined;
  private words: Vocabulary | undefined;
  private soundsLikeOf: { model: GenreModel; predict: ((profile: Float64Array) => Float64Array) | undefined } | undefined;
  private readonly threads: number | undefined;
  private hit: HitModel | undefined;
  private growthEvidence: GrowthEvidence | null = null;
  private defaultBacktest: BacktestResult | undefined;
  private readonly drivers = new Map<Membership, DriversResult>();
  private exploration: Exploration | undefined;
  private genre: GenreModelState | undefined;
  private evaluation: Promise<Evaluation> | undefined;
  private trackMap: { build: Promise<TrackMap>; ready?: TrackMap; failure?: string } | undefined;
  private readonly cacheDir: string | undefined;
  private readonly log: (line: string) => void;

  private constructor(catalog: Catalog, explorer: (() => Exploration) | undefined, source: string, options: EngineOptions) {
    this.catalog = catalog;
    this.explorer = explorer;
    this.artifacts = options.artifacts;
    this.source = source;
    this.threads = options.threads;
    this.cacheDir = options.indexCache;
    const log = options.log ?? (() => {});
    this.log = log;
    const size = catalog.size.toLocaleString('en-US');
    const indexOptions: IndexOptions = { cacheDir: options.indexCache };
    if (options.indexBuild === 'background') {
      this.indexFor = backgroundIndexes(this.space, {
        ...indexOptions,
        onBuild: (file) => log(`building the approximate index in the background (exact search meanwhile); cached at ${file}`),
        onReady: (index) => log(`approximate ${index.metric} index ready`),
        onError: (error) => log(`the approximate index failed (exact search goes on): ${error.message}`),
      });
    } else {
      const opened = new Map<Metric, ReturnType<typeof approximateIndex>>();
      this.indexFor = (metric) => {
        let index = opened.get(metric);
        if (!index) {
          index = approximateIndex(this.space, metric, {
            ...indexOptions,
            onBuild: (path, replacing) =>
              log(
                `${replacing ? 'the cached index is damaged or stale; rebuilding' : 'building the approximate index'} for ${size} tracks (once; cached at ${path})`,
              ),
          });
          opened.set(metric, index);
        }
        return index;
      };
    }
  }

  /** The standardized audio feature space (built on first use). */
  get space(): FeatureSpace {
    this.featureSpace ??= buildFeatureSpace(this.catalog);
    return this.featureSpace;
  }

  /** Folded titles and artists for seed lookup and autocomplete (built on first use). */
  get names(): NameIndex {
    this.nameIndex ??= buildNameIndex(this.catalog);
    return this.nameIndex;
  }

  /** An engine over a loaded file (keeps the raw table for the exploration and the cleaning log). */
  static fromLoaded(loaded: LoadedCatalog, options: EngineOptions = {}): Engine {
    return new Engine(loaded.catalog, () => explore(loaded.raw, loaded), loaded.raw.source, options);
  }

  /** An engine over a catalogue opened by `openCatalog` (from the cache or freshly loaded). */
  static fromOpened(opened: OpenedCatalog, options: EngineOptions = {}): Engine {
    return new Engine(opened.catalog, opened.exploration, opened.source, options);
  }

  /** An engine over a catalogue built another way (no exploration). */
  static fromCatalog(catalog: Catalog, source: string, options: EngineOptions = {}): Engine {
    return new Engine(catalog, undefined, source, options);
  }

  /** Builds the grouping that lets exact full-profile cosine scans skip most rows (same results). */
  preparePrunedSearch(): ClusterIndex {
    this.pruned ??= buildClusterIndex(this.space);
    return this.pruned;
  }

  recommend(request: RecommendRequest): RecommendResult {
    return recommend(this.catalog, this.space, request, this);
  }

  /** Genre-to-genre affinity from co-membership (the seeds' genre sense), fitted once. */
  get affinity(): GenreAffinity {
    this.genreAffinity ??= fitGenreAffinity(this.catalog);
    return this.genreAffinity;
  }

  /** Artists' tracks and genres (artist seeds, the artist blend), built once. */
  get artists(): ArtistIndex {
    this.artistIndex ??= buildArtistIndex(this.catalog);
    return this.artistIndex;
  }

  /** Genre-bucketed groups with bounding boxes: exact blended queries skip what cannot reach the top. */
  get blendGroups(): BlendGroups {
    this.groupsForBlend ??= buildBlendGroups(this.catalog, this.space);
    return this.groupsForBlend;
  }

  /** 1 for holiday tracks (title or album), left out of recommendations unless asked for or seeded. */
  get holiday(): Uint8Array {
    this.holidaySongs ??= holidayTracks(this.catalog);
    return this.holidaySongs;
  }

  /** The open vocabulary of `like` (feature, mood, activity and genre words), built once. */
  get vocabulary(): Vocabulary {
    this.words ??= buildVocabulary(this.catalog, this.space);
    return this.words;
  }

  /**
   * The genre model's "sounds like these genres" probabilities for a raw 9-feature profile, blended
   * into audio-only queries once the model is trained (undefined before).
   */
  readonly soundsLike = (profile: Float64Array): Float64Array | undefined => {
    const model = this.genreModelStatus().model;
    if (!model) return undefined;
    if (this.soundsLikeOf?.model !== model) this.soundsLikeOf = { model, predict: soundsLikeFromModel(model, this.catalog.genreNames) };
    return this.soundsLikeOf.predict?.(profile);
  };

  /** Up to `limit` tracks for a folded autocomplete query, best first. */
  searchTracks(foldedQuery: string, limit: number): number[] {
    return searchTracks(this.catalog, this.names, foldedQuery, limit);
  }

  /** The hit-likeness model (logistic regression on the 9 features), fitted once. */
  hitModel(): HitModel {
    this.hit ??= trainHitModel(this.catalog);
    return this.hit;
  }

  emerging(request: EmergingRequest): EmergingResult {
    return emerging(this.catalog, request, request.by === 'hit-likeness' ? this.hitModel() : undefined);
  }

  /** Earlier popularity snapshots, joined and fitted (`fitGrowthEvidence`); null = no growth evidence. */
  useGrowth(evidence: GrowthEvidence | null): void {
    this.growthEvidence = evidence;
    this.defaultBacktest = undefined;
  }

  get growth(): GrowthEvidence | null {
    return this.growthEvidence;
  }

  /** The audio ranking and, with snapshots, the growth lists (rising now, likely to rise). */
  emergingAnswer(request: EmergingRequest & GrowthRequest): EmergingAnswer {
    return emergingAnswer(this.catalog, this.growthEvidence, request, request.by === 'hit-likeness' ? this.hitModel() : undefined);
  }

  /** The emerging backtest against the snapshots; the default one (no options) is computed once. */
  backtest(options: Omit<BacktestOptions, 'hitModel'> = {}): BacktestResult {
    const evidence = this.growthEvidence;
    if (!evidence) throw new InputError('no earlier popularity snapshots were given: there is nothing to backtest');
    const custom = Object.values(options).some((v) => v !== undefined);
    if (custom) return runBacktest(this.catalog, evidence, { ...options, hitModel: this.hitModel() });
    this.defaultBacktest ??= runBacktest(this.catalog, evidence, { hitModel: this.hitModel() });
    return this.defaultBacktest;
  }

  /** The 114 per-genre regressions for one membership rule, fitted once. */
  driversFor(membership: Membership): DriversResult {
    requireColumns(this.catalog, ['track_genre'], 'per-genre popularity drivers');
    let result = this.drivers.get(membership);
    if (!result) {
      result = fitDrivers(this.catalog, { membership });
      this.drivers.set(membership, result);
    }
    return result;
  }

  /** The exploration of the loaded file, or undefined for an engine built from a bare catalogue. */
  explore(): Exploration | undefined {
    if (!this.explorer) return undefined;
    this.exploration ??= this.explorer();
    return this.exploration;
  }

  /** Uses a model loaded from a file as the genre model (instead of training one). */
  useGenreModel(model: GenreModel, origin: string): void {
    this.genre = { fit: Promise.resolve(model), model, origin, started: Date.now(), fittedOnCatalog: false };
  }

  /** The genre model behind classification requests: the one given, or a forest on every track (trained once, on worker threads). */
  genreModel(settings: ModelSettings = { kind: 'rf', seed: 42 }): Promise<GenreModel> {
    if (!hasColumn(this.catalog, 'track_genre')) return this.genreUnavailable();
    if (!this.genre) {
      const fit = () => {
        const { labels, classNames } = genreLabels(this.catalog);
        const matrix = catalogMatrix(this.catalog, featureSetNames('audio9'));
        return fitModel(matrix, labels, classNames, settings, this.threads ? { threads: this.threads } : {});
      };
      const name = `${settings.kind}-audio9-seed${settings.seed}`;
      const state: GenreModelState = {
        origin: this.artifacts
          ? `fitted once on this catalogue (${settings.kind}, audio9, seed ${settings.seed})`
          : `trained at startup (${settings.kind}, audio9, seed ${settings.seed})`,
        started: Date.now(),
        fittedOnCatalog: true,
        fit: this.artifacts ? cachedGenreModel(this.artifacts, name, fit) : fit(),
      };
      state.fit.then(
        (model) => {
          state.model = model;
        },
        (error: unknown) => {
          state.failure = error instanceof Error ? error.message : String(error);
        },
      );
      this.genre = state;
    }
    return this.genre.fit;
  }

  /** Where the genre model stands, without waiting for it. */
  genreModelStatus(): {
    state: 'ready' | 'training' | 'failed' | 'not started';
    message: string;
    model?: GenreModel;
    fittedOnCatalog?: boolean;
  } {
    const genre = this.genre;
    if (!genre) return { state: 'not started', message: 'the genre classifier has not been trained yet' };
    if (genre.model)
      return {
        state: 'ready',
        message: `${describeModel(genre.model)}, ${genre.origin}`,
        model: genre.model,
        fittedOnCatalog: genre.fittedOnCatalog,
      };
    if (genre.failure) return { state: 'failed', message: `the genre classifier failed to train: ${genre.failure}` };
    const seconds = Math.round((Date.now() - genre.started) / 1000);
    return { state: 'training', message: `the genre classifier is still training (started ${seconds} s ago); retry in a few seconds` };
  }

  /**
   * The bootstrap samples of a forest fitted on this catalogue (for out-of-bag guesses of its
   * tracks), built once; undefined while there is none or for a model from a file or a booster.
   */
  outOfBagSamples(): Uint8Array[] | undefined {
    const genre = this.genre;
    const model = genre?.model;
    if (!genre?.fittedOnCatalog || model?.kind !== 'rf' || !model.params.bootstrap) return undefined;
    genre.inBag ??= inBagRows(model, this.catalog.size);
    return genre.inBag;
  }

  /** The refusal of every genre analysis on a catalogue without genres. */
  private genreUnavailable<T>(): Promise<T> {
    try {
      requireColumns(this.catalog, ['track_genre'], 'genre classification');
    } catch (error) {
      return Promise.reject(error);
    }
    return Promise.reject(new Error('internal: the catalogue has genres'));
  }

  /** The held-out evaluation the dashboard shows (computed once). */
  genreEvaluation(): Promise<Evaluation> {
    if (!hasColumn(this.catalog, 'track_genre')) return this.genreUnavailable();
    const run = () => evaluateGenres(this.catalog, { ...DASHBOARD_EVALUATION, ...(this.threads ? { threads: this.threads } : {}) });
    const { model, features, seed, trees } = DASHBOARD_EVALUATION;
    this.evaluation ??= (
      this.artifacts ? cachedEvaluation(this.artifacts, `${model}-${features}-seed${seed}-trees${trees}`, run) : run()
    ).catch((error: unknown) => {
      this.evaluation = undefined; // a failed evaluation is retried by the next request
      throw error;
    });
    return this.evaluation;
  }

  /** The 2-D map of the tracks (UMAP of the 9 standardized features) with its faithfulness: cached beside the indexes, else built once on a worker thread. */
  map(): Promise<TrackMap> {
    if (!this.trackMap || this.trackMap.failure !== undefined) {
      const state: NonNullable<Engine['trackMap']> = {
        build: openOrBuildMap(this.space, this.catalog, { cacheDir: this.cacheDir, log: this.log }),
      };
      state.build.then(
        (map) => {
          state.ready = map;
        },
        (error: unknown) => {
          state.failure = error instanceof Error ? error.message : String(error); // the next caller retries
        },
      );
      this.trackMap = state;
    }
    return this.trackMap.build;
  }

  /** The map if it is ready; otherwise starts it (off this thread) and answers undefined, so no request waits for it. */
  readyMap(): TrackMap | undefined {
    if (!this.trackMap?.ready) this.map().catch(() => {}); // failures are seen through map() or the next readyMap()
    return this.trackMap?.ready;
  }

  /**
   * Builds everything a server answers from, so no request pays for it: the search structures, the
   * fitted models and the exploration. Yields between steps so a bound server can answer its health check.
   */
  async warmUp(step: (name: string) => void = () => {}): Promise<void> {
    const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));
    const map = this.map(); // a worker thread builds it (when not cached) while the models below fit
    map.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
    this.nameIndex ??= buildNameIndex(this.catalog);
    void [this.affinity, this.artists, this.vocabulary, this.blendGroups, this.holiday];
    if (this.catalog.size >= ANN_MIN_TRACKS) for (const metric of METRICS) this.indexFor(metric);
    else this.preparePrunedSearch();
    step('search');
    await yieldNow();
    this.hitModel();
    step('hit-likeness model');
    await yieldNow();
    const genres = hasColumn(this.catalog, 'track_genre'); // without genres, the genre analyses are refused on request
    for (const membership of genres ? MEMBERSHIPS : []) {
      this.driversFor(membership);
      await yieldNow();
    }
    step('drivers');
    this.explore();
    step('exploration');
    await yieldNow();
    if (genres) await Promise.all([this.genreModel(), this.genreEvaluation()]);
    this.outOfBagSamples();
    step('genre model');
    await map;
    step('map');
  }
}
