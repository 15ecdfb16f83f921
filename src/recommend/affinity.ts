/**
 * What the catalogue knows beyond audio: how close two genres are, and who made what. Both are
 * fitted once from a catalogue (the engine owns them) and read by the blended search.
 *
 * Genre affinity A[g][h] in [0, 1], A[g][g] = 1, symmetric:
 *   A = min(1, co-membership + confusion), where
 *   co-membership(g, h) = tracks listed under both / sqrt(tracks of g x tracks of h) (Ochiai), and
 *   confusion(g, h) = sqrt(K[g][h] K[h][g] / (K[g][g] K[h][h])), K[g][h] being the mean out-of-fold
 *   probability a genre classifier gives h on the tracks of g (how much g "sounds like" h, relative to
 *   how much each sounds like itself). Without classifier probabilities only co-membership counts.
 */
import type { Catalog } from '../data/catalog.js';
import { foldText } from '../data/text.js';

export interface GenreAffinity {
  genres: string[];
  /** Row-major G x G. */
  matrix: Float64Array;
  /** Tracks per genre among the fitted tracks. */
  counts: Int32Array;
}

export interface AffinityInputs {
  /** 1 for tracks the affinity may learn from (default: all). Evaluation leaves its seeds' songs out. */
  include?: Uint8Array;
  /**
   * Out-of-fold class probabilities of a genre classifier: `proba[i * G + c]` for track `tracks[i]`,
   * classes in the catalogue's genre order.
   */
  confusion?: { tracks: Int32Array; proba: Float64Array };
}

export function fitGenreAffinity(catalog: Catalog, inputs: AffinityInputs = {}): GenreAffinity {
  const genres = catalog.genreNames;
  const g = genres.length;
  const counts = new Int32Array(g);
  const both = new Float64Array(g * g);
  for (let t = 0; t < catalog.size; t++) {
    if (inputs.include && inputs.include[t] === 0) continue;
    const start = catalog.genreOffsets[t] as number;
    const end = catalog.genreOffsets[t + 1] as number;
    for (let a = start; a < end; a++) {
      const ga = catalog.genreCodes[a] as number;
      counts[ga] = (counts[ga] as number) + 1;
      for (let b = start; b < end; b++) {
        if (a !== b) {
          const cell = ga * g + (catalog.genreCodes[b] as number);
          both[cell] = (both[cell] as number) + 1;
        }
      }
    }
  }
  const matrix = new Float64Array(g * g);
  for (let a = 0; a < g; a++) {
    for (let b = 0; b < g; b++) {
      const denominator = Math.sqrt((counts[a] as number) * (counts[b] as number));
      matrix[a * g + b] = a === b ? 1 : denominator > 0 ? (both[a * g + b] as number) / denominator : 0;
    }
  }
  if (inputs.confusion) addConfusion(catalog, inputs.confusion, matrix);
  return { genres, matrix, counts };
}

/** Adds the symmetric, self-normalized confusion of a classifier's out-of-fold probabilities. */
function addConfusion(catalog: Catalog, confusion: { tracks: Int32Array; proba: Float64Array }, matrix: Float64Array): void {
  const g = catalog.genreNames.length;
  const k = new Float64Array(g * g);
  const n = new Float64Array(g);
  confusion.tracks.forEach((t, i) => {
    for (let c = catalog.genreOffsets[t] as number; c < (catalog.genreOffsets[t + 1] as number); c++) {
      const genre = catalog.genreCodes[c] as number;
      n[genre] = (n[genre] as number) + 1;
      for (let h = 0; h < g; h++) k[genre * g + h] = (k[genre * g + h] as number) + (confusion.proba[i * g + h] as number);
    }
  });
  for (let a = 0; a < g; a++)
    if ((n[a] as number) > 0) for (let h = 0; h < g; h++) k[a * g + h] = (k[a * g + h] as number) / (n[a] as number);
  for (let a = 0; a < g; a++) {
    for (let b = 0; b < g; b++) {
      if (a === b) continue;
      const self = (k[a * g + a] as number) * (k[b * g + b] as number);
      const cross = (k[a * g + b] as number) * (k[b * g + a] as number);
      const value = self > 0 ? Math.sqrt(cross / self) : 0;
      matrix[a * g + b] = Math.min(1, (matrix[a * g + b] as number) + value);
    }
  }
}

/**
 * How much each genre suits a query whose genre preference is `weights` (per genre, >= 0, e.g. the
 * seed's genres as 1s or a classifier's probabilities): (weights . A) scaled so the best genre is 1.
 */
export function genrePreference(affinity: GenreAffinity, weights: ArrayLike<number>): Float64Array {
  const g = affinity.genres.length;
  const out = new Float64Array(g);
  for (let a = 0; a < g; a++) {
    const w = weights[a] as number;
    if (w === 0) continue;
    for (let b = 0; b < g; b++) out[b] = (out[b] as number) + w * (affinity.matrix[a * g + b] as number);
  }
  let best = 0;
  for (const v of out) best = Math.max(best, v);
  if (best > 0) for (let b = 0; b < g; b++) out[b] = (out[b] as number) / best;
  return out;
}

/** Artists as codes: who is credited on each track, and each artist's tracks. */
export interface ArtistIndex {
  /** Artist names as in the catalogue (first spelling seen). */
  names: string[];
  /** Folded name per artist code. */
  folded: string[];
  byFolded: Map<string, number>;
  /** Artists of track t: codes[offsets[t] .. offsets[t + 1]), in credit order (main artist first). */
  offsets: Int32Array;
  codes: Int32Array;
  /** Tracks of artist a: trackList[trackStart[a] .. trackStart[a + 1]). */
  trackStart: Int32Array;
  trackList: Int32Array;
}

export function buildArtistIndex(catalog: Catalog): ArtistIndex {
  const byFolded = new Map<string, number>();
  const names: string[] = [];
  const folded: string[] = [];
  const offsets = new Int32Array(catalog.size + 1);
  const codes = new Int32Array(catalog.artistTrack.length);
  // artistTrack is grouped by track in catalogue order (one row per credited artist).
  for (let r = 0; r < catalog.artistTrack.length; r++) {
    const key = foldText(catalog.artistName[r] as string);
    let code = byFolded.get(key);
    if (code === undefined) {
      code = names.length;
      byFolded.set(key, code);
      names.push(catalog.artistName[r] as string);
      folded.push(key);
    }
    codes[r] = code;
    const next = (catalog.artistTrack[r] as number) + 1;
    offsets[next] = (offsets[next] as number) + 1;
  }
  for (let t = 0; t < catalog.size; t++) offsets[t + 1] = (offsets[t + 1] as number) + (offsets[t] as number);
  const trackStart = new Int32Array(names.length + 1);
  for (const code of codes) trackStart[code + 1] = (trackStart[code + 1] as number) + 1;
  for (let a = 0; a < names.length; a++) trackStart[a + 1] = (trackStart[a + 1] as number) + (trackStart[a] as number);
  const fill = trackStart.slice(0, names.length);
  const trackList = new Int32Array(codes.length);
  for (let r = 0; r < codes.length; r++) {
    const a = codes[r] as number;
    trackList[fill[a] as number] = catalog.artistTrack[r] as number;
    fill[a] = (fill[a] as number) + 1;
  }
  return { names, folded, byFolded, offsets, codes, trackStart, trackList };
}

export function tracksOfArtist(index: ArtistIndex, artist: number): Int32Array {
  return index.trackList.subarray(index.trackStart[artist] as number, index.trackStart[artist + 1] as number);
}

/**
 * Artist affinity per artist code for a query seeded by `artists`: 1 for a seed artist, `collaborator`
 * for anyone credited on a track together with a seed artist, 0 otherwise.
 */
export function artistPreference(index: ArtistIndex, artists: Iterable<number>, collaborator: number): Float64Array {
  const out = new Float64Array(index.names.length);
  const seeds = [...artists];
  for (const a of seeds) {
    for (const t of tracksOfArtist(index, a)) {
      for (let k = index.offsets[t] as number; k < (index.offsets[t + 1] as number); k++) {
        const other = index.codes[k] as number;
        out[other] = Math.max(out[other] as number, collaborator);
      }
    }
  }
  for (const a of seeds) out[a] = 1;
  return out;
}
