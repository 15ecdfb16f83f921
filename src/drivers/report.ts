/** The answer of `drivers --json` and `GET /api/drivers`: one shape, one code path. */
import { InputError } from '../data/errors.js';
import type { AudioFeature } from '../data/schema.js';
import { coefficientMatrix, type DriversResult, type GenreDrivers, type RankedGenre, rankGenres } from './drivers.js';
import { type ClaimCheck, checkNotebookClaims, driverInsights, driversSummary, type Insight } from './insights.js';
import type { DriversQuery } from './params.js';

export interface DriversReport {
  membership: DriversResult['membership'];
  minTracks: number;
  alpha: number;
  confidence: number;
  tests: number;
  significantCount: number;
  summary: string;
  feature: AudioFeature | null;
  genre: string | null;
  standardized: boolean;
  genres: GenreDrivers[];
  skipped: DriversResult['skipped'];
  /** Genres ordered by the feature's coefficient (when a feature is asked for). */
  ranking: RankedGenre[] | null;
  matrix: ReturnType<typeof coefficientMatrix>;
  insights: Insight[];
  notebookClaims: ClaimCheck[];
}

export function driversReport(result: DriversResult, query: DriversQuery, genreNames: readonly string[]): DriversReport {
  const genres = query.genre === undefined ? result.genres : result.genres.filter((g) => g.genre === query.genre);
  if (query.genre !== undefined && genres.length === 0) {
    const reason = result.skipped.find((s) => s.genre === query.genre)?.reason ?? 'not modelled';
    throw new InputError(`parameter genre: ${query.genre} has no model (${reason})`);
  }
  return {
    membership: result.membership,
    minTracks: result.minTracks,
    alpha: result.alpha,
    confidence: result.confidence,
    tests: result.tests,
    significantCount: result.significantCount,
    summary: driversSummary(result),
    feature: query.feature ?? null,
    genre: query.genre ?? null,
    standardized: query.standardized,
    genres,
    skipped: result.skipped,
    ranking: query.feature ? rankGenres(result, query.feature, query.standardized) : null,
    matrix: coefficientMatrix(result),
    insights: driverInsights(result, { genre: query.genre, feature: query.feature }),
    notebookClaims: checkNotebookClaims(result, genreNames),
  };
}
