/**
 * Honest genre guesses for a track of the catalogue. The serving forest was fitted on every track, so
 * its plain prediction for a catalogue track is in-sample (it has seen the answer) and tells nothing
 * about new music. Each tree's bootstrap sample left about a third of the tracks out; the trees that
 * never saw track t give its out-of-bag prediction (scikit-learn's oob_decision_function_), found for
 * one row by replaying each tree's bootstrap draws from the forest's seed.
 */
import type { Catalog } from '../data/catalog.js';
import { genresOf } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { binMatrix } from './binning.js';
import type { FeatureMatrix } from './features.js';
import { addTreeProba, bootstrapCounts, bootstrapDraws, type ForestModel } from './forest.js';
import { type GenreGuess, type GenreModel, predictProba, topGenres } from './model.js';
import { streamRandom } from './random.js';

/** Whether tree `tree`'s bootstrap sample left `row` out: the draws of `bootstrapCounts`, replayed. */
function leftOut(rows: number, seed: number, tree: number, draws: number, row: number): boolean {
  const random = streamRandom(seed, tree, 0);
  for (let k = 0; k < draws; k++) if (Math.floor(random() * rows) === row) return false;
  return true;
}

/**
 * Every tree's bootstrap sample as a mask over the training rows (1 = drawn), the draws replayed once:
 * what a server keeps so that each out-of-bag guess is a lookup, not 100 trees' draws replayed.
 */
export function inBagRows(model: ForestModel, trainingRows: number): Uint8Array[] {
  const draws = bootstrapDraws(trainingRows, model.params.maxSamples);
  return Array.from({ length: model.treeStart.length - 1 }, (_, tree) =>
    Uint8Array.from(bootstrapCounts(trainingRows, model.params.seed, tree, draws), (count) => (count > 0 ? 1 : 0)),
  );
}

/**
 * Class probabilities of training row `row` from the trees whose bootstrap left it out, averaged
 * (all 0 when every tree drew it); `features` holds that row's values as a one-row matrix. With
 * `inBag` (from `inBagRows`) the samples are looked up instead of replayed.
 */
export function outOfBagRowProba(
  model: ForestModel,
  trainingRows: number,
  features: FeatureMatrix,
  row: number,
  inBag?: readonly Uint8Array[],
): { proba: Float64Array; trees: number } {
  if (!model.params.bootstrap) throw new InputError('out-of-bag predictions need a forest fitted with bootstrap samples');
  if (!Number.isInteger(row) || row < 0 || row >= trainingRows)
    throw new InputError(`row ${row} is not a training row (0 to ${trainingRows - 1})`);
  const codes = binMatrix(model.bins, features);
  const proba = new Float64Array(model.classNames.length);
  const draws = bootstrapDraws(trainingRows, model.params.maxSamples);
  let trees = 0;
  for (let t = 0; t < model.treeStart.length - 1; t++) {
    const out = inBag ? inBag[t]?.[row] === 0 : leftOut(trainingRows, model.params.seed, t, draws, row);
    if (!out) continue;
    trees++;
    addTreeProba(model, t, codes, 1, 0, proba, 0);
  }
  if (trees > 0) for (let c = 0; c < proba.length; c++) proba[c] = (proba[c] as number) / trees;
  return { proba, trees };
}

/** Track t's values of the named features as a one-row matrix. */
export function trackRow(catalog: Catalog, names: readonly string[], track: number): FeatureMatrix {
  const values = Float64Array.from(names, (name) =>
    name === 'explicit'
      ? (catalog.explicit[track] as number)
      : ((catalog.numeric as Record<string, Float64Array>)[name]?.[track] ?? Number.NaN),
  );
  return { names, rows: 1, values };
}

export interface CatalogueTrackGuess {
  /** The genres the catalogue gives the track, primary first. */
  trueGenres: string[];
  /**
   * out-of-bag: only trees that never saw the track voted (a test of the model);
   * in-sample: the model was trained on this track (a model file, or boosting), so its guess is no test.
   */
  basis: 'out-of-bag' | 'in-sample';
  /** Trees that voted, of how many (out-of-bag). */
  trees?: { voted: number; total: number };
  genres: GenreGuess[];
}

/**
 * The model's top genres for catalogue track `track`, out-of-bag when `fittedOnCatalog` (the forest
 * was fitted on this catalogue's tracks in their order) and the model is a bootstrap forest.
 */
export function guessCatalogueTrack(
  model: GenreModel,
  catalog: Catalog,
  track: number,
  top: number,
  fittedOnCatalog: boolean,
  inBag?: readonly Uint8Array[],
): CatalogueTrackGuess {
  const row = trackRow(catalog, model.featureNames, track);
  const trueGenres = genresOf(catalog, track);
  if (fittedOnCatalog && model.kind === 'rf' && model.params.bootstrap) {
    const { proba, trees } = outOfBagRowProba(model, catalog.size, row, track, inBag);
    const total = model.treeStart.length - 1;
    if (trees > 0)
      return { trueGenres, basis: 'out-of-bag', trees: { voted: trees, total }, genres: topGenres(model, proba, top)[0] as GenreGuess[] };
  }
  return { trueGenres, basis: 'in-sample', genres: topGenres(model, predictProba(model, row), top)[0] as GenreGuess[] };
}
