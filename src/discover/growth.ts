/**
 * Growth evidence from earlier snapshots, and the two lists it supports:
 * - rising now (descriptive): each track's observed change against peers that started from the same
 *   earlier popularity (a rise from 40 is not a rise from 65: low starts drift up, high ones down);
 * - likely to rise (a forecast): the rise model applied to today's catalogue, today's popularity in
 *   place of the earlier one.
 * The fitted state (the join, the peer expectations, the model) is one explicit value, built once.
 */
import { type Catalog, genresOf, spotifyUrl } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import type { EmergingArtist } from './emerging.js';
import { fitRiseModel, predictRise, type RiseModel, type RiseModelOptions } from './riseModel.js';
import { joinSnapshots, type SnapshotJoin } from './snapshotJoin.js';
import type { SnapshotFile } from './snapshots.js';
import { type TrackSummary, trackSummary } from './trackSummary.js';

export interface GrowthEvidence {
  join: SnapshotJoin;
  /** Per pair: mean change, and mean change per year, of the peers at the same earlier popularity (itself left out). */
  peerChange: Float64Array;
  peerChangePerYear: Float64Array;
  /** Points either side of the earlier popularity that made each pair's peer group. */
  peerBand: Int32Array;
  model: RiseModel;
}

export interface GrowthOptions extends RiseModelOptions {
  asOf?: string;
  /** Smallest peer group; the band around the earlier popularity widens until it is reached. Default 30. */
  minPeers?: number;
}

/** Leave-one-out mean change (and change per year) of pairs within +-band points of each pair's earlier popularity. */
export function peerExpectations(
  earlier: Float64Array,
  change: Float64Array,
  years: Float64Array,
  minPeers = 30,
): { peerChange: Float64Array; peerChangePerYear: Float64Array; peerBand: Int32Array } {
  const count = new Float64Array(101);
  const sum = new Float64Array(101);
  const datedCount = new Float64Array(101);
  const perYearSum = new Float64Array(101);
  for (let i = 0; i < earlier.length; i++) {
    const p = earlier[i] as number;
    count[p] = (count[p] as number) + 1;
    sum[p] = (sum[p] as number) + (change[i] as number);
    const y = years[i] as number;
    if (y > 0) {
      datedCount[p] = (datedCount[p] as number) + 1;
      perYearSum[p] = (perYearSum[p] as number) + (change[i] as number) / y;
    }
  }
  const n = earlier.length;
  const peerChange = new Float64Array(n);
  const peerChangePerYear = new Float64Array(n);
  const peerBand = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const p = earlier[i] as number;
    const y = years[i] as number;
    let band = 0;
    let c = 0;
    let s = 0;
    let dc = 0;
    let ds = 0;
    for (; band <= 100; band++) {
      c = -1;
      s = -(change[i] as number);
      dc = y > 0 ? -1 : 0;
      ds = y > 0 ? -(change[i] as number) / y : 0;
      for (let q = Math.max(0, p - band); q <= Math.min(100, p + band); q++) {
        c += count[q] as number;
        s += sum[q] as number;
        dc += datedCount[q] as number;
        ds += perYearSum[q] as number;
      }
      if (c >= minPeers || c >= n - 1) break;
    }
    peerChange[i] = c > 0 ? s / c : 0;
    peerChangePerYear[i] = dc > 0 ? ds / dc : Number.NaN;
    peerBand[i] = band;
  }
  return { peerChange, peerChangePerYear, peerBand };
}

/** Joins the snapshots, computes the peer expectations and fits the rise model: once per catalogue and snapshot set. */
export function fitGrowthEvidence(catalog: Catalog, files: readonly SnapshotFile[], options: GrowthOptions = {}): GrowthEvidence {
  const join = joinSnapshots(catalog, files, options.asOf);
  if (join.pairs.size === 0) {
    throw new InputError(
      `the earlier snapshots (${files.map((f) => f.path).join(', ')}) share no track_id with the catalogue ` +
        `(${join.distinctIds} ids, ${join.unmatchedIds} unmatched, ${join.rowsNotEarlier} rows not before ${join.asOf.text})`,
    );
  }
  const { pairs } = join;
  const change = Float64Array.from(pairs.now, (v, i) => v - (pairs.earlier[i] as number));
  const peers = peerExpectations(pairs.earlier, change, pairs.years, options.minPeers);
  return { join, ...peers, model: fitRiseModel(catalog, pairs, options) };
}

export interface GrowthListRequest {
  /** The popularity the list starts from (earlier popularity for rising now, today's for likely to rise), inclusive. */
  minPopularity: number;
  maxPopularity: number;
  genre?: string;
  limit: number;
  allowVersions: boolean;
  /** Tracks to consider (1 = keep), e.g. the scout filters' mask. */
  keep: Uint8Array;
  /** Artists need this many entries; shrunken-mean prior strength. */
  minTracks: number;
  priorStrength: number;
  /** At most this many listed tracks per main artist and per primary genre, and artists per main genre (0 = no limit). */
  maxPerArtist: number;
  maxPerGenre: number;
}

export interface RisingTrack extends TrackSummary {
  rank: number;
  earlierPopularity: number;
  /** Decimal year of the earlier value (NaN undated) and where it came from. */
  earlierDate: number;
  earlierSource: string;
  popularity: number;
  change: number;
  years: number;
  changePerYear: number;
  /** Mean change of the peers that started from the same popularity. */
  peerChange: number;
  /** change - peerChange: the ranking key. */
  excessChange: number;
  excessChangePerYear: number;
  releaseYear: number | null;
  otherVersions: number;
}

/** Artists of a growth list: the shape of the audio ranking's artists (score = excess change or probability). */
export type GrowthArtist = EmergingArtist;

export interface RisingNow {
  /** Pairs whose earlier popularity is in the window (and genre), before and after the filters. */
  window: { minPopularity: number; maxPopularity: number };
  pairsInWindow: number;
  poolSize: number;
  entries: number;
  poolMeanExcess: number;
  tracks: RisingTrack[];
  artists: GrowthArtist[];
}

export interface LikelyTrack extends TrackSummary {
  rank: number;
  popularity: number;
  /** P(rises by >= threshold points within the horizon). */
  probability: number;
  releaseYear: number | null;
  /** The largest log-odds contributions (genre columns only for the track's own genres). */
  drivers: { column: string; logOdds: number }[];
  /** The change already observed since an earlier snapshot, when the track has one. */
  observedChange: number | null;
  otherVersions: number;
}

export interface LikelyToRise {
  window: { minPopularity: number; maxPopularity: number };
  horizonYears: number;
  threshold: number;
  poolSize: number;
  entries: number;
  poolMeanProbability: number;
  tracks: LikelyTrack[];
  artists: GrowthArtist[];
}

function genreCode(catalog: Catalog, genre: string | undefined): number {
  if (genre === undefined) return -1;
  const code = catalog.genreNames.indexOf(genre);
  if (code < 0) throw new InputError(`unknown genre "${genre}"; genres: ${catalog.genreNames.join(', ')}`);
  return code;
}

function carries(catalog: Catalog, t: number, code: number): boolean {
  if (code < 0) return true;
  for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++)
    if (catalog.genreCodes[k] === code) return true;
  return false;
}

/** Positions of the pool kept as entries: all, or the best-scoring version of each song. */
function foldVersions(
  catalog: Catalog,
  tracks: Int32Array,
  score: Float64Array,
  allowVersions: boolean,
): { entries: number[]; others: Int32Array } {
  const others = new Int32Array(tracks.length);
  if (allowVersions) return { entries: Array.from(tracks, (_, i) => i), others };
  const best = new Map<number, number>();
  const versions = new Map<number, number>();
  tracks.forEach((t, i) => {
    const key = catalog.songCode[t] as number;
    const current = best.get(key);
    if (current === undefined || (score[i] as number) > (score[current] as number)) best.set(key, i);
    versions.set(key, (versions.get(key) ?? 0) + 1);
  });
  const entries: number[] = [];
  for (const [key, i] of best) {
    entries.push(i);
    others[i] = (versions.get(key) as number) - 1;
  }
  return { entries: entries.sort((a, b) => a - b), others };
}

/**
 * The first `limit` entries in score order, skipping those whose main artist or primary genre already
 * has its quota: a list a scout reads, not one genre's trend ten times.
 */
function capped(catalog: Catalog, tracks: Int32Array, entries: number[], score: Float64Array, request: GrowthListRequest): number[] {
  const perArtist = new Map<string, number>();
  const perGenre = new Map<number, number>();
  const out: number[] = [];
  for (const e of [...entries].sort(byScore(score))) {
    if (out.length === request.limit) break;
    const t = tracks[e] as number;
    const artist = catalog.mainArtist[t] as string;
    const genre = catalog.primaryGenre[t] as number;
    if (request.maxPerArtist > 0 && (perArtist.get(artist) ?? 0) >= request.maxPerArtist) continue;
    if (request.maxPerGenre > 0 && (perGenre.get(genre) ?? 0) >= request.maxPerGenre) continue;
    perArtist.set(artist, (perArtist.get(artist) ?? 0) + 1);
    perGenre.set(genre, (perGenre.get(genre) ?? 0) + 1);
    out.push(e);
  }
  return out;
}

/** Folds versions, then the pool mean of the entries and the listed entries (capped per artist and genre). */
function rankPool(catalog: Catalog, tracks: Int32Array, score: Float64Array, request: GrowthListRequest) {
  const { entries, others } = foldVersions(catalog, tracks, score, request.allowVersions);
  const poolMean = entries.length ? entries.reduce((s, i) => s + (score[i] as number), 0) / entries.length : Number.NaN;
  return { entries, others, poolMean, top: capped(catalog, tracks, entries, score, request) };
}

function byScore(score: Float64Array) {
  return (a: number, b: number) => (score[b] as number) - (score[a] as number) || a - b;
}

function rankArtistsBy(
  catalog: Catalog,
  tracks: Int32Array,
  entries: number[],
  score: Float64Array,
  request: GrowthListRequest,
  poolMean: number,
): GrowthArtist[] {
  const groups = new Map<string, number[]>();
  for (const i of entries) {
    const name = catalog.mainArtist[tracks[i] as number] as string;
    const list = groups.get(name);
    if (list) list.push(i);
    else groups.set(name, [i]);
  }
  const k = request.priorStrength;
  const rows = [...groups.entries()]
    .filter(([, list]) => list.length >= request.minTracks)
    .map(([artist, list]) => {
      const total = list.reduce((s, i) => s + (score[i] as number), 0);
      return { artist, list, mean: total / list.length, shrunk: (total + k * poolMean) / (list.length + k) };
    })
    .sort((a, b) => b.shrunk - a.shrunk || b.mean - a.mean || a.artist.localeCompare(b.artist));
  const genresOfArtist = (list: number[]) => {
    const counts = new Map<string, number>();
    for (const i of list) for (const g of genresOf(catalog, tracks[i] as number)) counts.set(g, (counts.get(g) ?? 0) + 1);
    return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([g]) => g);
  };
  // At most maxPerGenre artists per main genre (their most frequent), as for tracks.
  const perGenre = new Map<string, number>();
  const shown: { artist: string; list: number[]; mean: number; shrunk: number; genres: string[] }[] = [];
  for (const row of rows) {
    if (shown.length === request.limit) break;
    const genres = genresOfArtist(row.list);
    const main = genres[0] as string;
    if (request.maxPerGenre > 0 && (perGenre.get(main) ?? 0) >= request.maxPerGenre) continue;
    perGenre.set(main, (perGenre.get(main) ?? 0) + 1);
    shown.push({ ...row, genres });
  }
  return shown.map((row, r) => {
    const best = [...row.list].sort(byScore(score))[0] as number;
    const t = tracks[best] as number;
    const trackId = catalog.trackId[t] as string;
    return {
      rank: r + 1,
      artist: row.artist,
      tracks: row.list.length,
      meanScore: row.mean,
      shrunkScore: row.shrunk,
      meanPopularity: row.list.reduce((s, i) => s + (catalog.numeric.popularity[tracks[i] as number] as number), 0) / row.list.length,
      genres: row.genres,
      topTrack: { trackId, trackName: catalog.trackName[t] as string, score: score[best] as number, url: spotifyUrl(trackId) },
    };
  });
}

const yearOf = (decimal: number) => (Number.isNaN(decimal) ? null : Math.floor(decimal));

/** Tracks (and artists) that rose more than their peers between the earlier snapshot and the catalogue. */
export function risingNow(catalog: Catalog, evidence: GrowthEvidence, request: GrowthListRequest): RisingNow {
  const { pairs } = evidence.join;
  const code = genreCode(catalog, request.genre);
  const inWindow: number[] = [];
  const pool: number[] = [];
  for (let i = 0; i < pairs.size; i++) {
    const p = pairs.earlier[i] as number;
    const t = pairs.track[i] as number;
    if (p < request.minPopularity || p > request.maxPopularity || !carries(catalog, t, code)) continue;
    inWindow.push(i);
    if (request.keep[t]) pool.push(i);
  }
  const poolPairs = Int32Array.from(pool);
  const tracks = Int32Array.from(poolPairs, (i) => pairs.track[i] as number);
  const excess = Float64Array.from(
    poolPairs,
    (i) => (pairs.now[i] as number) - (pairs.earlier[i] as number) - (evidence.peerChange[i] as number),
  );
  const { entries, others, poolMean, top } = rankPool(catalog, tracks, excess, request);
  return {
    window: { minPopularity: request.minPopularity, maxPopularity: request.maxPopularity },
    pairsInWindow: inWindow.length,
    poolSize: pool.length,
    entries: entries.length,
    poolMeanExcess: poolMean,
    tracks: top.map((e, r) => {
      const i = poolPairs[e] as number;
      const t = pairs.track[i] as number;
      const change = (pairs.now[i] as number) - (pairs.earlier[i] as number);
      const years = pairs.years[i] as number;
      return {
        rank: r + 1,
        ...trackSummary(catalog, t),
        earlierPopularity: pairs.earlier[i] as number,
        earlierDate: pairs.earlierDate[i] as number,
        earlierSource: pairs.origin[i] as string,
        popularity: pairs.now[i] as number,
        change,
        years,
        changePerYear: change / years,
        peerChange: evidence.peerChange[i] as number,
        excessChange: excess[e] as number,
        excessChangePerYear: change / years - (evidence.peerChangePerYear[i] as number),
        releaseYear: yearOf(pairs.releaseDate[i] as number),
        otherVersions: others[e] as number,
      };
    }),
    artists: rankArtistsBy(catalog, tracks, entries, excess, request, poolMean),
  };
}

/** Today's tracks in the window, ranked by the rise model's probability of rising within `horizonYears`. */
export function likelyToRise(
  catalog: Catalog,
  evidence: GrowthEvidence,
  request: GrowthListRequest & { horizonYears: number },
): LikelyToRise {
  if (!(request.horizonYears > 0 && request.horizonYears <= 10))
    throw new InputError(`horizon must be more than 0 and at most 10 years, got ${request.horizonYears}`);
  const code = genreCode(catalog, request.genre);
  const { join, model } = evidence;
  const pool: number[] = [];
  for (let t = 0; t < catalog.size; t++) {
    const p = catalog.numeric.popularity[t] as number;
    if (p >= request.minPopularity && p <= request.maxPopularity && request.keep[t] && carries(catalog, t, code)) pool.push(t);
  }
  const tracks = Int32Array.from(pool);
  const { probability, contributions } = predictRise(model, catalog, {
    tracks,
    popularity: Float64Array.from(tracks, (t) => catalog.numeric.popularity[t] as number),
    releaseAge: Float64Array.from(tracks, (t) => Math.max(0, join.asOf.year - (join.releaseDateOfTrack[t] as number))),
    years: new Float64Array(tracks.length).fill(request.horizonYears),
  });
  const { entries, others, poolMean, top } = rankPool(catalog, tracks, probability, request);
  const observed = new Map<number, number>();
  for (let i = 0; i < join.pairs.size; i++)
    observed.set(join.pairs.track[i] as number, (join.pairs.now[i] as number) - (join.pairs.earlier[i] as number));
  const p = model.columns.length;
  const genreStart = model.columns.findIndex((c) => c.startsWith('genre:'));
  return {
    window: { minPopularity: request.minPopularity, maxPopularity: request.maxPopularity },
    horizonYears: request.horizonYears,
    threshold: model.threshold,
    poolSize: pool.length,
    entries: entries.length,
    poolMeanProbability: poolMean,
    tracks: top.map((e, r) => {
      const t = tracks[e] as number;
      const own = new Set(genresOf(catalog, t).map((g) => `genre:${g}`));
      const drivers = model.columns
        .map((column, j) => ({ column, logOdds: contributions[e * p + j] as number }))
        // The horizon is the same for every track: not a reason to tell one from another.
        .filter((d, j) => (j < genreStart && d.column !== 'years between') || own.has(d.column))
        .sort((a, b) => Math.abs(b.logOdds) - Math.abs(a.logOdds))
        .slice(0, 3);
      return {
        rank: r + 1,
        ...trackSummary(catalog, t),
        popularity: catalog.numeric.popularity[t] as number,
        probability: probability[e] as number,
        releaseYear: yearOf(join.releaseDateOfTrack[t] as number),
        drivers,
        observedChange: observed.get(t) ?? null,
        otherVersions: others[e] as number,
      };
    }),
    artists: rankArtistsBy(catalog, tracks, entries, probability, request, poolMean),
  };
}
