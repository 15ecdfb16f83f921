/**
 * Popularity drivers per genre: for each genre with more than 30 tracks, OLS of popularity on the 9
 * audio features (the notebook's model), with the uncertainty the notebook left out, standardized
 * coefficients that compare across features, VIFs, and Benjamini-Hochberg adjustment over every
 * genre x feature test so that "significant" survives 1,026 simultaneous tests.
 */
import type { Catalog } from '../data/catalog.js';
import { AUDIO_FEATURES, type AudioFeature } from '../data/schema.js';
import { benjaminiHochberg } from './multiple.js';
import { fitOls, SingularDesignError } from './ols.js';
import { collinearityWarning } from './vif.js';

/** primary: each track in its first genre (the notebook's drop_duplicates); all: in every genre it carries. */
export type Membership = 'primary' | 'all';
export const MEMBERSHIPS: readonly Membership[] = ['primary', 'all'];

export interface DriversOptions {
  membership?: Membership;
  /** Genres with fewer tracks are skipped; default 31 (the notebook's "more than 30"). */
  minTracks?: number;
  /** False discovery rate for "significant" after Benjamini-Hochberg; default 0.05. */
  alpha?: number;
  /** Confidence level of the intervals; default 0.95. */
  confidence?: number;
}

export interface DriverCoefficient {
  feature: AudioFeature;
  /** Popularity points per unit of the feature (equals scikit-learn's LinearRegression.coef_). */
  coef: number;
  /** Popularity points per standard deviation of the feature within the genre (SD with ddof = 1). */
  stdCoef: number;
  se: number;
  stdSe: number;
  t: number;
  /** Two-sided p-value of the t-test, unadjusted. */
  p: number;
  /** Benjamini-Hochberg adjusted over every genre x feature test of the run. */
  pAdjusted: number;
  ciLow: number;
  ciHigh: number;
  stdCiLow: number;
  stdCiHigh: number;
  vif: number;
  /** The feature's mean and SD (ddof = 1) within the genre. */
  mean: number;
  sd: number;
  significant: boolean;
}

export interface GenreDrivers {
  genre: string;
  n: number;
  meanPopularity: number;
  r2: number;
  adjR2: number;
  fStatistic: number;
  fPValue: number;
  intercept: number;
  interceptSe: number;
  residualDf: number;
  conditionNumber: number;
  coefficients: DriverCoefficient[];
  /** Collinearity warnings (VIF above 10). */
  warnings: string[];
}

export interface DriversResult {
  membership: Membership;
  minTracks: number;
  alpha: number;
  confidence: number;
  features: readonly AudioFeature[];
  /** Tests in the Benjamini-Hochberg family (genres x features). */
  tests: number;
  significantCount: number;
  genres: GenreDrivers[];
  /** Genres left out, and why (too few tracks, or a singular design). */
  skipped: { genre: string; n: number; reason: string }[];
}

/** Track indices grouped by genre code, CSR: tracks[offsets[g] .. offsets[g + 1]). */
export interface GenreGroups {
  offsets: Int32Array;
  tracks: Int32Array;
}

export function groupByGenre(catalog: Catalog, membership: Membership): GenreGroups {
  const genres = catalog.genreNames.length;
  const counts = new Int32Array(genres + 1);
  const forEachPair = (visit: (track: number, genre: number) => void) => {
    for (let t = 0; t < catalog.size; t++) {
      if (membership === 'primary') visit(t, catalog.primaryGenre[t] as number);
      else
        for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++)
          visit(t, catalog.genreCodes[k] as number);
    }
  };
  forEachPair((_, g) => {
    counts[g + 1] = (counts[g + 1] as number) + 1;
  });
  for (let g = 0; g < genres; g++) counts[g + 1] = (counts[g + 1] as number) + (counts[g] as number);
  const offsets = Int32Array.from(counts);
  const cursor = Int32Array.from(counts);
  const tracks = new Int32Array(counts[genres] as number);
  forEachPair((t, g) => {
    tracks[cursor[g] as number] = t;
    cursor[g] = (cursor[g] as number) + 1;
  });
  return { offsets, tracks };
}

export function fitDrivers(catalog: Catalog, options: DriversOptions = {}): DriversResult {
  const membership = options.membership ?? 'primary';
  const minTracks = options.minTracks ?? 31;
  const alpha = options.alpha ?? 0.05;
  const confidence = options.confidence ?? 0.95;
  const features = AUDIO_FEATURES;
  const p = features.length;
  const groups = groupByGenre(catalog, membership);
  const genres: GenreDrivers[] = [];
  const skipped: DriversResult['skipped'] = [];
  const columns = features.map((f) => catalog.numeric[f]);
  const popularity = catalog.numeric.popularity;

  catalog.genreNames.forEach((genre, g) => {
    const start = groups.offsets[g] as number;
    const n = (groups.offsets[g + 1] as number) - start;
    if (n < minTracks) {
      skipped.push({ genre, n, reason: `${n} tracks, fewer than ${minTracks}` });
      return;
    }
    const x = new Float64Array(n * p);
    const y = new Float64Array(n);
    let popularitySum = 0;
    for (let i = 0; i < n; i++) {
      const t = groups.tracks[start + i] as number;
      y[i] = popularity[t] as number;
      popularitySum += popularity[t] as number;
      for (let j = 0; j < p; j++) x[j * n + i] = (columns[j] as Float64Array)[t] as number;
    }
    let fit: ReturnType<typeof fitOls>;
    try {
      fit = fitOls(x, y, n, p, confidence);
    } catch (error) {
      if (!(error instanceof SingularDesignError)) throw error;
      const j = /predictor (\d+)/.exec(error.message)?.[1];
      skipped.push({ genre, n, reason: error.message.replace(/predictor (\d+)/, j === undefined ? '' : (features[Number(j)] as string)) });
      return;
    }
    const coefficients: DriverCoefficient[] = features.map((feature, j) => {
      const sd = fit.standardDeviations[j] as number;
      return {
        feature,
        coef: fit.coefficients[j] as number,
        stdCoef: (fit.coefficients[j] as number) * sd,
        se: fit.standardErrors[j] as number,
        stdSe: (fit.standardErrors[j] as number) * sd,
        t: fit.tValues[j] as number,
        p: fit.pValues[j] as number,
        pAdjusted: Number.NaN,
        ciLow: fit.ciLow[j] as number,
        ciHigh: fit.ciHigh[j] as number,
        stdCiLow: (fit.ciLow[j] as number) * sd,
        stdCiHigh: (fit.ciHigh[j] as number) * sd,
        vif: fit.vif[j] as number,
        mean: fit.means[j] as number,
        sd,
        significant: false,
      };
    });
    genres.push({
      genre,
      n,
      meanPopularity: popularitySum / n,
      r2: fit.r2,
      adjR2: fit.adjustedR2,
      fStatistic: fit.fStatistic,
      fPValue: fit.fPValue,
      intercept: fit.intercept,
      interceptSe: fit.interceptStandardError,
      residualDf: fit.residualDf,
      conditionNumber: fit.conditionNumber,
      coefficients,
      warnings: coefficients.map((c) => collinearityWarning(c.feature, c.vif)).filter((w): w is string => w !== undefined),
    });
  });

  const all = genres.flatMap((g) => g.coefficients);
  const adjusted = benjaminiHochberg(all.map((c) => c.p));
  let significantCount = 0;
  all.forEach((c, i) => {
    c.pAdjusted = adjusted[i] as number;
    c.significant = c.pAdjusted <= alpha;
    if (c.significant) significantCount++;
  });
  return { membership, minTracks, alpha, confidence, features, tests: all.length, significantCount, genres, skipped };
}

export function coefficientOf(genre: GenreDrivers, feature: AudioFeature): DriverCoefficient {
  return genre.coefficients.find((c) => c.feature === feature) as DriverCoefficient;
}

export interface RankedGenre {
  rank: number;
  genre: string;
  n: number;
  coef: number;
  stdCoef: number;
  ciLow: number;
  ciHigh: number;
  stdCiLow: number;
  stdCiHigh: number;
  pAdjusted: number;
  significant: boolean;
}

/** Genres ordered by the feature's coefficient, largest first (standardized or raw, as the notebook's bars). */
export function rankGenres(result: DriversResult, feature: AudioFeature, standardized = true): RankedGenre[] {
  return result.genres
    .map((g) => ({ g, c: coefficientOf(g, feature) }))
    .sort((a, b) => (standardized ? b.c.stdCoef - a.c.stdCoef : b.c.coef - a.c.coef))
    .map(({ g, c }, i) => ({
      rank: i + 1,
      genre: g.genre,
      n: g.n,
      coef: c.coef,
      stdCoef: c.stdCoef,
      ciLow: c.ciLow,
      ciHigh: c.ciHigh,
      stdCiLow: c.stdCiLow,
      stdCiHigh: c.stdCiHigh,
      pAdjusted: c.pAdjusted,
      significant: c.significant,
    }));
}

/** Genre x feature matrix of standardized coefficients (popularity points per SD), with significance. */
export function coefficientMatrix(result: DriversResult): {
  features: readonly AudioFeature[];
  genres: string[];
  stdCoef: number[][];
  significant: boolean[][];
} {
  return {
    features: result.features,
    genres: result.genres.map((g) => g.genre),
    stdCoef: result.genres.map((g) => g.coefficients.map((c) => c.stdCoef)),
    significant: result.genres.map((g) => g.coefficients.map((c) => c.significant)),
  };
}
