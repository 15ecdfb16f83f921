/** spotify-intel: the library API. The CLI, HTTP API and report are thin adapters over these. */

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
export { boostingProbaParallel, type PackedTrees, packTrees } from './classify/packedTrees.js';
export { songGroups } from './classify/songGroups.js';
export { groupedStratifiedFolds, groupedStratifiedSplit, stratifiedFolds, stratifiedSplit } from './classify/split.js';
export { expectedValue, type ShapTree, TreeShap } from './classify/treeShap.js';
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
export * from './stats/descriptive.js';
export { fSurvival, regularizedIncompleteBeta, studentTQuantile, studentTTwoSidedP } from './stats/distributions.js';
