/**
 * spotify-intel: the library API. The CLI, HTTP API, report and dashboard are thin faces over the
 * `Engine`; the lower-level functions below are the ones the README documents. Internals are not exported.
 */

export { type OpenedCatalog, type OpenOptions, openCatalog } from './cache/openCatalog.js';
// Genre classification.
export { type EvaluateOptions, type Evaluation, evaluateGenres, permutationImportance, type SplitKind } from './classify/evaluate.js';
export {
  describeExplanation,
  type Explanations,
  explainPredictions,
  type GenreExplanation,
  MAX_EXPLAIN_ROWS,
  namedExplanations,
} from './classify/explain.js';
export { deriveFamilies, type FamilyOptions, outOfFoldConfusion } from './classify/families.js';
export {
  catalogMatrix,
  EXTENDED_LEAK_NOTE,
  FEATURE_SETS,
  type FeatureMatrix,
  type FeatureSetName,
  genreLabels,
} from './classify/features.js';
export {
  balancedClassWeights,
  DEFAULT_FOREST_PARAMS,
  type ForestModel,
  type ForestParams,
  fitForest,
  oobProba,
  oobScore,
} from './classify/forest.js';
export { type BoostingModel, type BoostingParams, DEFAULT_BOOSTING_PARAMS, fitBoosting } from './classify/gbdt.js';
export {
  evaluateFamilies,
  type FamilyEvaluation,
  type FamilyGuess,
  familyGuesses,
  familyOfClasses,
  familyProba,
  GENRE_FAMILIES,
  type GenreFamily,
} from './classify/genreFamilies.js';
export { rowsFromCsv, rowsFromObjects } from './classify/input.js';
export { boostingParamsOf, forestParamsOf, type LearnerParams, learnerParamsFor } from './classify/learnerParams.js';
export { classificationReport, topKAccuracy } from './classify/metrics.js';
export { fitModel, type GenreModel, type ModelSettings, predictProba, predictProbaParallel, topGenres } from './classify/model.js';
export { decodeModel, encodeModel, loadModel, saveModel } from './classify/modelFile.js';
export { type CatalogueTrackGuess, guessCatalogueTrack, outOfBagRowProba, trackRow } from './classify/outOfBag.js';
export { boostingProbaParallel, type PackedTrees, packTrees } from './classify/packedTrees.js';
export { songGroups } from './classify/songGroups.js';
export { groupedStratifiedFolds, groupedStratifiedSplit, stratifiedFolds, stratifiedSplit } from './classify/split.js';
export { expectedValue, type ShapTree, TreeShap } from './classify/treeShap.js';
export { hasColumn, requireColumns } from './data/capabilities.js';
// Loading and cleaning.
export { type Catalog, findTrack, genresOf, spotifyUrl } from './data/catalog.js';
export { type CleaningStats, type CleaningStep, type CleanResult, clean, splitArtists } from './data/clean.js';
export { DEFAULT_DATA_CANDIDATES, resolveDataPath } from './data/dataPath.js';
export { InputError, isInputError } from './data/errors.js';
export { type LoadedCatalog, loadCatalog } from './data/index.js';
export { detectLayout, type Layout, parseColumnMap } from './data/layouts.js';
export { type InvalidRow, type LoadOptions, loadRawTable, type OnInvalid, type RawTable } from './data/load.js';
export { buildNameIndex, matchTrackName, type NameIndex, searchTracks } from './data/names.js';
export { AUDIO_FEATURES, type AudioFeature, NUMERIC_COLUMNS, type NumericColumn, REQUIRED_COLUMNS } from './data/schema.js';
export { foldText, songKey } from './data/text.js';
// Emerging tracks and popularity drivers.
export {
  type EmergingAnswer,
  type EvidenceSummary,
  emergingAnswer,
  type GrowthRequest,
  NO_EVIDENCE_NOTE,
  summarizeEvidence,
} from './discover/answer.js';
export { KAGGLE_AS_OF, type ParsedDate, parseApproximateDate } from './discover/approxDate.js';
export { type BacktestOptions, type BacktestResult, type BacktestRow, outOfFoldRise, runBacktest } from './discover/backtest.js';
export {
  type EmergingArtist,
  type EmergingRequest,
  type EmergingResult,
  type EmergingTrack,
  emerging,
  NOTEBOOK_WEIGHTS,
} from './discover/emerging.js';
export {
  fitGrowthEvidence,
  type GrowthEvidence,
  type LikelyToRise,
  likelyToRise,
  peerExpectations,
  type RisingNow,
  risingNow,
} from './discover/growth.js';
export { type HitModel, hitLikeness, rocAuc, trainHitModel } from './discover/hitLikeness.js';
export { fitRiseModel, predictRise, type RiseModel } from './discover/riseModel.js';
export {
  DEFAULT_EXCLUDED_GENRES,
  DEFAULT_SCOUT_FILTERS,
  HOLIDAY_WORDS,
  isHolidayTitle,
  NO_SCOUT_FILTERS,
  type ScoutFilters,
  scoutMask,
} from './discover/scoutFilters.js';
export { joinSnapshots, type SnapshotJoin, type SnapshotPairs } from './discover/snapshotJoin.js';
export { loadSnapshotFile, loadSnapshots, resolveSnapshotPaths, type SnapshotFile } from './discover/snapshots.js';
export { coefficientMatrix, type DriversResult, fitDrivers, type GenreDrivers, type Membership, rankGenres } from './drivers/drivers.js';
export { checkNotebookClaims, driverInsights } from './drivers/insights.js';
export { benjaminiHochberg } from './drivers/multiple.js';
export { fitOls, type OlsFit, SingularDesignError } from './drivers/ols.js';
export { driversReport } from './drivers/report.js';
// The fitted engine: what every face asks.
export { DASHBOARD_EVALUATION, Engine, type EngineOptions } from './engine/engine.js';
export { type NumberRange, type Params, parseNumber } from './engine/params.js';
// Exploration and statistics.
export {
  CORRELATION_COLUMNS,
  type Exploration,
  explore,
  featureCorrelation,
  type GenreSummary,
  genreSummary,
  popularityDistribution,
  topGenresByPopularity,
} from './explore/explore.js';
// Recommendation.
export { buildFeatureSpace, type FeatureSpace } from './features/featureSpace.js';
export { levelValue, type PreferenceTarget, parsePhrases, parseTargets, parseWeights } from './features/preferences.js';
// The catalogue map.
export { type MapAnswer, type MapPoint, type MapRequest, mapAnswer, mapRequestFrom } from './map/answer.js';
export { openOrBuildMap, type TrackMap } from './map/artifact.js';
export { buildTrackMap, MAP_PARAMS, type MapArtifact, type MapParams, type MapQuality } from './map/build.js';
export { type GenrePlace, genrePlaces, genreSpearman } from './map/genres.js';
export { pathBetween } from './map/path.js';
export { fitPca, projectPca } from './map/pca.js';
export { trustworthiness } from './map/trustworthiness.js';
export {
  type ArtistIndex,
  artistPreference,
  buildArtistIndex,
  fitGenreAffinity,
  type GenreAffinity,
  genrePreference,
} from './recommend/affinity.js';
export { resolveSeedArtist } from './recommend/artistSeeds.js';
export { type BlendWeights, DEFAULT_BLEND, matchScore } from './recommend/blend.js';
export { type BlendGroups, buildBlendGroups } from './recommend/blendGroups.js';
export { evaluateRecommendations, type RecommendEvaluation } from './recommend/evaluate.js';
export { applyHolidayRule, type HolidayRule, holidayTracks } from './recommend/holiday.js';
export { requestFromParams } from './recommend/params.js';
export { PHRASE_SET, type PhraseExpectation } from './recommend/phraseSet.js';
export {
  fitRecommendState,
  MAX_SEEDS,
  type Recommendation,
  type RecommendContext,
  type RecommendRequest,
  type RecommendResult,
  recommend,
} from './recommend/recommend.js';
export { type Metric, nearest, type Query, type Scored } from './recommend/search.js';
export { soundsLikeFromModel } from './recommend/soundsLike.js';
export { buildVocabulary, MEANINGS, parseLike, type Vocabulary } from './recommend/vocabulary.js';
// The HTTP API (use `app.inject` in tests, `app.listen` to serve).
export { buildServer, type ServerOptions } from './server/app.js';
export {
  correlationMatrix,
  histogram,
  kernelDensity,
  mean,
  quantileSorted,
  type Summary,
  standardDeviation,
  summarize,
} from './stats/descriptive.js';
export { fSurvival, regularizedIncompleteBeta, studentTQuantile, studentTTwoSidedP } from './stats/distributions.js';
export { auc, precisionAtK, spearman } from './stats/ranking.js';
