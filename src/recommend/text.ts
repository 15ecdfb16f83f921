/** Text keys for matching names the way people type them. */
import type { Catalog } from '../data/catalog.js';

/** Lower case, accents removed, punctuation folded to single spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The song a track is a version of: its title without version notes ("- Remastered 2009",
 * "(feat. X)", "[Live]"), folded. Two tracks with the same song key and main artist are one song.
 */
export function songTitleKey(title: string): string {
  const base = title
    .replace(/\s+-\s+.*$/, '')
    .replace(/\s*[([].*?[)\]]/g, '')
    .trim();
  return foldText(base || title);
}

export function songKey(title: string, mainArtist: string): string {
  return `${songTitleKey(title)}\u0000${foldText(mainArtist)}`;
}

const songKeysByCatalog = new WeakMap<Catalog, (string | undefined)[]>();

/** The song key of track t, computed once per track and catalogue (requests reuse it). */
export function trackSongKey(catalog: Catalog, t: number): string {
  let keys = songKeysByCatalog.get(catalog);
  if (!keys) {
    keys = new Array<string | undefined>(catalog.size);
    songKeysByCatalog.set(catalog, keys);
  }
  let key = keys[t];
  if (key === undefined) {
    key = songKey(catalog.trackName[t] as string, catalog.mainArtist[t] as string);
    keys[t] = key;
  }
  return key;
}
