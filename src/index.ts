/** spotify-intel: the library API. The CLI, HTTP API and report are thin adapters over these. */

export { type EvaluateOptions, type Evaluation, evaluateGenres, permutationImportance, type SplitKind } from './classify/evaluate.js';
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
export { rowsFromCsv, rowsFromObjects } from './classify/input.js';
export { classificationReport, topKAccuracy } from './classify/metrics.js';
export { fitModel, type GenreModel, predictProba, topGenres } from './classify/model.js';
export { decodeModel, encodeModel, loadModel, saveModel } from './classify/modelFile.js';
export { songGroups } from './classify/songGroups.js';
export { groupedStratifiedFolds, groupedStratifiedSplit, stratifiedFolds, stratifiedSplit } from './classify/split.js';
export { type Catalog, findTrack, genresOf, spotifyUrl } from './data/catalog.js';
export { type CleaningStats, type CleaningStep, type CleanResult, clean, splitArtists } from './data/clean.js';
export { DEFAULT_DATA_CANDIDATES, resolveDataPath } from './data/dataPath.js';
export { InputError, isInputError } from './data/errors.js';
export { type LoadedCatalog, loadCatalog } from './data/index.js';
export { type InvalidRow, type LoadOptions, loadRawTable, type OnInvalid, type RawTable } from './data/load.js';
export * from './data/schema.js';
export {
  type EmergingArtist,
  type EmergingRequest,
  type EmergingResult,
  type EmergingTrack,
  emerging,
  NOTEBOOK_WEIGHTS,
} from './discover/emerging.js';
export { type HitModel, hitLikeness, rocAuc, trainHitModel } from './discover/hitLikeness.js';
export { coefficientMatrix, type DriversResult, fitDrivers, type GenreDrivers, type Membership, rankGenres } from './drivers/drivers.js';
export { checkNotebookClaims, driverInsights } from './drivers/insights.js';
export { benjaminiHochberg } from './drivers/multiple.js';
export { fitOls, type OlsFit, SingularDesignError } from './drivers/ols.js';
export { driversReport } from './drivers/report.js';
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
export { evaluateRecommendations, type RecommendEvaluation } from './recommend/evaluate.js';
export { requestFromParams } from './recommend/params.js';
export { PHRASE_SET, type PhraseExpectation } from './recommend/phraseSet.js';
export {
  fitRecommendState,
  MAX_SEEDS,
  type RecommendContext,
  type RecommendRequest,
  type RecommendResult,
  recommend,
} from './recommend/recommend.js';
export { type Metric, nearest, type Query } from './recommend/search.js';
export { soundsLikeFromModel } from './recommend/soundsLike.js';
export { buildVocabulary, MEANINGS, parseLike, type Vocabulary } from './recommend/vocabulary.js';
export * from './stats/descriptive.js';
export { fSurvival, regularizedIncompleteBeta, studentTQuantile, studentTTwoSidedP } from './stats/distributions.js';
