/** Seeds by artist name: the artist's profile (mean of its tracks) and genres. */
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { foldText } from '../data/text.js';
import { type ArtistIndex, tracksOfArtist } from './affinity.js';
import { closestWords } from './closest.js';

const MAX_CANDIDATES_SHOWN = 8;

function describeArtist(index: ArtistIndex, a: number): string {
  const n = tracksOfArtist(index, a).length;
  return `${index.names[a]} (${n} track${n === 1 ? '' : 's'})`;
}

/**
 * The artist code of a name, ignoring case, accents and punctuation. A name that is no artist but is
 * part of several names is ambiguous; an unknown name lists the closest names.
 */
export function resolveSeedArtist(index: ArtistIndex, name: string): number {
  const key = foldText(name);
  if (key === '') throw new InputError('a seed artist name is empty');
  const exact = index.byFolded.get(key);
  if (exact !== undefined) return exact;
  const containing: number[] = [];
  index.folded.forEach((folded, a) => {
    if (folded.includes(key)) containing.push(a);
  });
  if (containing.length === 1) return containing[0] as number;
  const bySize = (a: number, b: number) => tracksOfArtist(index, b).length - tracksOfArtist(index, a).length || a - b;
  if (containing.length > 1) {
    containing.sort(bySize);
    const shown = containing.slice(0, MAX_CANDIDATES_SHOWN).map((a) => `    ${describeArtist(index, a)}`);
    const more = containing.length > MAX_CANDIDATES_SHOWN ? `\n    ... and ${containing.length - MAX_CANDIDATES_SHOWN} more` : '';
    throw new InputError(`seed artist "${name}" is ambiguous; candidates:\n${shown.join('\n')}${more}\n  Give the artist's full name.`);
  }
  const close = closestWords(key, index.folded, 5).map((folded) => index.byFolded.get(folded) as number);
  const list = close.length ? `; closest:\n${close.map((a) => `    ${describeArtist(index, a)}`).join('\n')}` : '';
  throw new InputError(`no artist "${name}" in the catalogue${list}`);
}

/** Genre weights of an artist: the share of its tracks carrying each genre, scaled so the top genre is 1. */
export function artistGenreWeights(catalog: Catalog, index: ArtistIndex, artist: number): Float64Array {
  const weights = new Float64Array(catalog.genreNames.length);
  for (const t of tracksOfArtist(index, artist)) {
    for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++) {
      const genre = catalog.genreCodes[k] as number;
      weights[genre] = (weights[genre] as number) + 1;
    }
  }
  let best = 0;
  for (const w of weights) best = Math.max(best, w);
  if (best > 0) for (let g = 0; g < weights.length; g++) weights[g] = (weights[g] as number) / best;
  return weights;
}
