/** "Did you mean": edit distance and the closest names to what was typed. */
import type { Catalog } from '../data/catalog.js';
import type { NameIndex } from '../data/names.js';
import { foldText } from '../data/text.js';

/** Levenshtein distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(substitute, (previous[j] as number) + 1, (current[j - 1] as number) + 1));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** Edits tolerated for a typo in a word of this length (1 up to 5 letters, 2 beyond). */
export function typoAllowance(word: string): number {
  return word.length <= 2 ? 0 : word.length <= 5 ? 1 : 2;
}

/** Known words within the typo allowance of `word`, closest first (ties alphabetical), at most `limit`. */
export function closestWords(word: string, known: Iterable<string>, limit = 3): string[] {
  const allowance = typoAllowance(word);
  const found: { w: string; d: number }[] = [];
  for (const w of known) {
    if (Math.abs(w.length - word.length) > allowance) continue;
    const d = editDistance(word, w);
    if (d <= allowance) found.push({ w, d });
  }
  found.sort((a, b) => a.d - b.d || (a.w < b.w ? -1 : a.w > b.w ? 1 : 0));
  return found.slice(0, limit).map((f) => f.w);
}

/**
 * Tracks whose folded "artists title" best covers the words typed, for an unknown seed: the share
 * of the query's words found (a word matches a track word within the typo allowance), then
 * popularity. Tracks matching no word are left out.
 */
export function closestTracks(catalog: Catalog, names: NameIndex, text: string, limit: number): number[] {
  const words = [...new Set(foldText(text).split(' ').filter(Boolean))];
  if (words.length === 0) return [];
  const scored: { t: number; share: number }[] = [];
  for (let t = 0; t < catalog.size; t++) {
    const trackWords = new Set((names.text[t] as string).split(' '));
    let hits = 0;
    for (const w of words) {
      if (trackWords.has(w)) hits++;
      else if (w.length > 3)
        for (const tw of trackWords)
          if (Math.abs(tw.length - w.length) <= 1 && editDistance(w, tw) <= 1) {
            hits++;
            break;
          }
    }
    if (hits > 0) scored.push({ t, share: hits / words.length });
  }
  const popularity = catalog.numeric.popularity;
  scored.sort((a, b) => b.share - a.share || (popularity[b.t] as number) - (popularity[a.t] as number) || a.t - b.t);
  return scored.slice(0, limit).map((s) => s.t);
}
