/**
 * The emerging backtest: rankings of the tracks whose earlier popularity was in the window, scored
 * against what happened by the catalogue's date. A riser gained >= threshold points. Each metric has a
 * percentile bootstrap interval (tracks resampled with a seed); each row's AUC is compared with
 * "earlier popularity alone" on the same resamples (a paired interval of the difference).
 */
import { groupedStratifiedFolds } from '../classify/split.js';
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { seededRandom } from '../stats/random.js';
import {
  ascendingOrder,
  bootstrapWeights,
  percentileInterval,
  weightedAuc,
  weightedPrecisionAtK,
  weightedSpearman,
} from '../stats/ranking.js';
import { heuristicScores, NOTEBOOK_WEIGHTS } from './emerging.js';
import type { GrowthEvidence } from './growth.js';
import { type HitModel, hitLikeness, trainHitModel } from './hitLikeness.js';
import { fitRiseModel, pairInputs, predictRise, trainablePairs } from './riseModel.js';

export interface BacktestOptions {
  /** Bootstrap resamples; default 1000. */
  resamples?: number;
  seed?: number;
  /** Out-of-fold model: folds by main artist; default 5. */
  folds?: number;
  /** precision@k cut-offs; default 50 and 100. */
  ks?: number[];
  /** Reuse a fitted hit-likeness model. */
  hitModel?: HitModel;
}

export interface Estimate {
  value: number;
  low: number;
  high: number;
}

export type BacktestRowName = 'notebook heuristic' | 'hit-likeness' | 'earlier popularity alone' | 'rise model (out-of-fold)';

export interface BacktestRow {
  name: BacktestRowName;
  description: string;
  default: boolean;
  precision: { k: number; estimate: Estimate }[];
  auc: Estimate;
  spearman: Estimate;
  /** AUC minus the AUC of "earlier popularity alone", on the same resamples. */
  aucVsEarlier: Estimate | null;
}

export interface BacktestGoal {
  goal: string;
  met: boolean;
  detail: string;
}

export interface BacktestResult {
  window: { minPopularity: number; maxPopularity: number };
  threshold: number;
  asOf: string;
  /** Pairs in the window (the tracks ranked); undated pairs are left out since the model needs the time between. */
  tracks: number;
  undatedLeftOut: number;
  risers: number;
  baseRate: number;
  resamples: number;
  seed: number;
  folds: number;
  rows: BacktestRow[];
  goals: BacktestGoal[];
}

/** Out-of-fold rise probabilities for the given pairs, with folds by main artist (stratified by outcome). */
export function outOfFoldRise(catalog: Catalog, evidence: GrowthEvidence, which: Int32Array, folds: number, seed: number): Float64Array {
  const { pairs } = evidence.join;
  const model = evidence.model;
  const labels = Int32Array.from(which, (i) => ((pairs.now[i] as number) - (pairs.earlier[i] as number) >= model.threshold ? 1 : 0));
  const artistCode = new Map<string, number>();
  const groups = Int32Array.from(which, (i) => {
    const name = catalog.mainArtist[pairs.track[i] as number] as string;
    let code = artistCode.get(name);
    if (code === undefined) {
      code = artistCode.size;
      artistCode.set(name, code);
    }
    return code;
  });
  const fold = groupedStratifiedFolds(labels, groups, folds, seed);
  const out = new Float64Array(which.length);
  const options = {
    threshold: model.threshold,
    minPopularity: model.window.minPopularity,
    maxPopularity: model.window.maxPopularity,
    C: model.C,
  };
  for (let f = 0; f < folds; f++) {
    const train = Int32Array.from(which.filter((_, j) => fold[j] !== f));
    const testPositions = Array.from(which.keys()).filter((j) => fold[j] === f);
    if (testPositions.length === 0) continue;
    const fitted = fitRiseModel(catalog, pairs, options, train);
    const { probability } = predictRise(
      fitted,
      catalog,
      pairInputs(
        pairs,
        Int32Array.from(testPositions, (j) => which[j] as number),
      ),
    );
    testPositions.forEach((j, m) => {
      out[j] = probability[m] as number;
    });
  }
  return out;
}

export function runBacktest(catalog: Catalog, evidence: GrowthEvidence, options: BacktestOptions = {}): BacktestResult {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 42;
  const folds = options.folds ?? 5;
  const ks = options.ks ?? [50, 100];
  if (!(Number.isInteger(resamples) && resamples >= 10 && resamples <= 100_000))
    throw new InputError(`resamples must be a whole number from 10 to 100000, got ${resamples}`);
  if (!(Number.isInteger(folds) && folds >= 2 && folds <= 20))
    throw new InputError(`folds must be a whole number from 2 to 20, got ${folds}`);
  const { pairs } = evidence.join;
  const model = evidence.model;
  const { minPopularity, maxPopularity } = model.window;
  const which = trainablePairs(pairs, minPopularity, maxPopularity);
  let inWindow = 0;
  for (let i = 0; i < pairs.size; i++)
    if ((pairs.earlier[i] as number) >= minPopularity && (pairs.earlier[i] as number) <= maxPopularity) inWindow++;
  const n = which.length;
  const change = Float64Array.from(which, (i) => (pairs.now[i] as number) - (pairs.earlier[i] as number));
  const labels = Uint8Array.from(change, (c) => (c >= model.threshold ? 1 : 0));
  const risers = labels.reduce((s, v) => s + v, 0);
  const tracks = Int32Array.from(which, (i) => pairs.track[i] as number);

  const hitModel = options.hitModel ?? trainHitModel(catalog);
  const scored: { name: BacktestRowName; description: string; score: Float64Array }[] = [
    {
      name: 'notebook heuristic',
      description: "danceability + energy + valence + tempo/200 - loudness/60 (the notebook's score)",
      score: heuristicScores(catalog, tracks, NOTEBOOK_WEIGHTS),
    },
    {
      name: 'hit-likeness',
      description: `P(popularity >= ${hitModel.threshold}) from the audio features (fitted on today's popularity)`,
      score: hitLikeness(hitModel, catalog, tracks),
    },
    {
      name: 'earlier popularity alone',
      description: 'lowest earlier popularity first (regression to the mean)',
      score: Float64Array.from(which, (i) => -(pairs.earlier[i] as number)),
    },
    {
      name: 'rise model (out-of-fold)',
      description: `logistic model of a ${model.threshold}+ point rise: earlier popularity, release age, years between, audio, genres; ${folds} folds by artist`,
      score: outOfFoldRise(catalog, evidence, which, folds, seed),
    },
  ];
  const changeOrder = ascendingOrder(change);
  const orders = scored.map((row) => ascendingOrder(row.score));
  const metrics = (w?: ArrayLike<number>) =>
    scored.map((row, r) => ({
      precision: ks.map((k) => weightedPrecisionAtK(orders[r] as Int32Array, row.score, labels, k, w)),
      auc: weightedAuc(orders[r] as Int32Array, row.score, labels, w),
      spearman: weightedSpearman(orders[r] as Int32Array, row.score, changeOrder, change, w),
    }));
  const point = metrics();
  const earlierRow = scored.findIndex((row) => row.name === 'earlier popularity alone');
  const draws = scored.map(() => ({
    precision: ks.map(() => [] as number[]),
    auc: [] as number[],
    spearman: [] as number[],
    diff: [] as number[],
  }));
  for (const weights of bootstrapWeights(n, resamples, seededRandom(seed))) {
    const m = metrics(weights);
    const base = (m[earlierRow] as (typeof m)[number]).auc;
    m.forEach((row, r) => {
      const d = draws[r] as (typeof draws)[number];
      row.precision.forEach((v, j) => {
        d.precision[j]?.push(v);
      });
      d.auc.push(row.auc);
      d.spearman.push(row.spearman);
      d.diff.push(row.auc - base);
    });
  }
  const estimate = (value: number, values: number[]): Estimate => {
    const [low, high] = percentileInterval(values);
    return { value, low, high };
  };
  const rows: BacktestRow[] = scored.map((row, r) => {
    const p = point[r] as (typeof point)[number];
    const d = draws[r] as (typeof draws)[number];
    return {
      name: row.name,
      description: row.description,
      default: row.name === 'rise model (out-of-fold)',
      precision: ks.map((k, j) => ({ k, estimate: estimate(p.precision[j] as number, d.precision[j] as number[]) })),
      auc: estimate(p.auc, d.auc),
      spearman: estimate(p.spearman, d.spearman),
      aucVsEarlier: r === earlierRow ? null : estimate(p.auc - (point[earlierRow] as (typeof point)[number]).auc, d.diff),
    };
  });
  const baseRate = n ? risers / n : Number.NaN;
  return {
    window: { minPopularity, maxPopularity },
    threshold: model.threshold,
    asOf: evidence.join.asOf.text,
    tracks: n,
    undatedLeftOut: inWindow - n,
    risers,
    baseRate,
    resamples,
    seed,
    folds,
    rows,
    goals: backtestGoals(rows, baseRate),
  };
}

/** The goals for the default row, each with the number behind it. */
export function backtestGoals(rows: BacktestRow[], baseRate: number): BacktestGoal[] {
  const row = rows.find((r) => r.default) as BacktestRow;
  const p100 = row.precision.find((p) => p.k === 100)?.estimate;
  const diff = row.aucVsEarlier;
  const f = (v: number) => v.toFixed(3);
  return [
    {
      goal: 'precision@100 at least 2x the base rate',
      met: p100 !== undefined && p100.value >= 2 * baseRate,
      detail: p100
        ? `${f(p100.value)} vs 2 x ${f(baseRate)} = ${f(2 * baseRate)} (${(p100.value / baseRate).toFixed(1)}x)`
        : 'fewer than 100 tracks',
    },
    { goal: 'AUC at least 0.68', met: row.auc.value >= 0.68, detail: `${f(row.auc.value)} (95% CI ${f(row.auc.low)}-${f(row.auc.high)})` },
    {
      goal: 'AUC above "earlier popularity alone"',
      met: diff !== null && diff.value > 0,
      detail: diff
        ? `difference ${diff.value >= 0 ? '+' : ''}${f(diff.value)} (paired 95% CI ${f(diff.low)} to ${f(diff.high)}${diff.low > 0 ? ', excludes 0' : ', includes 0'})`
        : 'n/a',
    },
  ];
}
