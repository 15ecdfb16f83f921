/**
 * Track search for autocomplete: every track whose folded "artists - title" contains the folded query,
 * best first. A title or main artist that starts with the query beats a match at the start of any other
 * word, which beats a match inside a word; within a tier, more popular tracks come first (then
 * catalogue order), so "love" offers the well-known "Love ..." songs rather than the first rows of the file.
 */
import type { Catalog } from '../data/catalog.js';
import { foldText } from './text.js';

export interface TrackSearchIndex {
  /** Folded "artists - title" per track. */
  text: string[];
  /** Folded title per track. */
  title: string[];
}

export function buildTrackSearchIndex(catalog: Catalog): TrackSearchIndex {
  const title = catalog.trackName.map((name) => foldText(name));
  return { title, text: catalog.trackName.map((name, t) => foldText(`${catalog.artists[t]} - ${name}`)) };
}

/** Tier of a match: 0 title or main artist starts with the query, 1 another word does, 2 elsewhere; -1 none. */
function matchTier(index: TrackSearchIndex, t: number, query: string): number {
  const text = index.text[t] as string;
  if (!text.includes(query)) return -1;
  if (text.startsWith(query) || (index.title[t] as string).startsWith(query)) return 0;
  if (text.includes(` ${query}`)) return 1;
  return 2;
}

/** Up to `limit` track indexes matching the folded query, best first. */
export function searchTracks(catalog: Catalog, index: TrackSearchIndex, query: string, limit: number): number[] {
  const matches: { t: number; tier: number }[] = [];
  for (let t = 0; t < catalog.size; t++) {
    const tier = matchTier(index, t, query);
    if (tier >= 0) matches.push({ t, tier });
  }
  const popularity = catalog.numeric.popularity;
  matches.sort((a, b) => a.tier - b.tier || (popularity[b.t] as number) - (popularity[a.t] as number) || a.t - b.t);
  return matches.slice(0, limit).map((m) => m.t);
}
