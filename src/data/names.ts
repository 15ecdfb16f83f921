/**
 * The name index: every title and artist folded once (see `foldText`), shared by seed lookup and the
 * dashboard's autocomplete, so no request folds catalogue strings.
 */
import type { Catalog } from './catalog.js';
import { splitArtists } from './clean.js';
import { foldText } from './text.js';

export interface NameIndex {
  /** Folded title per track. */
  title: string[];
  /** Folded "artists - title" per track. */
  text: string[];
  /** Folded artists per track, in `artists` order. */
  artists: string[][];
  /** Folded title -> tracks with exactly that title, in catalogue order. */
  byTitle: ReadonlyMap<string, readonly number[]>;
  /** Folded artist name -> tracks crediting that artist, in catalogue order. */
  byArtist: ReadonlyMap<string, readonly number[]>;
}

function push(map: Map<string, number[]>, key: string, t: number): void {
  const list = map.get(key);
  if (list) list.push(t);
  else map.set(key, [t]);
}

export function buildNameIndex(catalog: Catalog): NameIndex {
  const title = catalog.trackName.map((name) => foldText(name));
  const artists = catalog.artists.map((field) => splitArtists(field).map(foldText));
  const byTitle = new Map<string, number[]>();
  const byArtist = new Map<string, number[]>();
  for (let t = 0; t < catalog.size; t++) {
    push(byTitle, title[t] as string, t);
    for (const artist of new Set(artists[t])) push(byArtist, artist, t);
  }
  return {
    title,
    text: catalog.trackName.map((name, t) => foldText(`${catalog.artists[t]} - ${name}`)),
    artists,
    byTitle,
    byArtist,
  };
}

/**
 * The `limit` best of a stream of tracks by (popularity desc, index asc): a short sorted buffer, so a
 * query matching most of a large catalogue allocates only `limit` slots.
 */
class MostPopular {
  readonly tracks: number[] = [];
  constructor(
    private readonly popularity: Float64Array,
    private readonly limit: number,
  ) {}

  private before(a: number, b: number): boolean {
    const pa = this.popularity[a] as number;
    const pb = this.popularity[b] as number;
    return pa > pb || (pa === pb && a < b);
  }

  offer(t: number): void {
    const list = this.tracks;
    if (list.length === this.limit && !this.before(t, list[list.length - 1] as number)) return;
    let i = list.length;
    while (i > 0 && this.before(t, list[i - 1] as number)) i--;
    list.splice(i, 0, t);
    if (list.length > this.limit) list.pop();
  }
}

/**
 * Autocomplete: up to `limit` tracks whose folded "artists - title" contains the folded query, best
 * first. A title or "artists - title" starting with the query beats a later word starting with it,
 * which beats a match inside a word; within a tier, more popular tracks first, then catalogue order.
 */
export function searchTracks(catalog: Catalog, index: NameIndex, query: string, limit: number): number[] {
  const tiers = [0, 1, 2].map(() => new MostPopular(catalog.numeric.popularity, limit));
  const wordStart = ` ${query}`;
  for (let t = 0; t < catalog.size; t++) {
    const text = index.text[t] as string;
    if (!text.includes(query)) continue;
    const tier = text.startsWith(query) || (index.title[t] as string).startsWith(query) ? 0 : text.includes(wordStart) ? 1 : 2;
    (tiers[tier] as MostPopular).offer(t);
  }
  return tiers.flatMap((tier) => tier.tracks).slice(0, limit);
}

/** Tracks matching a typed name, and how many matched in all (the list is bounded). */
export interface NameMatches {
  tracks: number[];
  total: number;
  /** Whether every match is a version of one song (same `Catalog.songCode`). */
  oneSong: boolean;
}

/**
 * Tracks whose title and one of whose artists match "artist - title" (or a bare title), folded: exact
 * title and artist first; failing that, titles containing the title part whose artists contain the
 * artist part. At most `limit` tracks are kept, the most popular.
 */
export function matchTrackName(catalog: Catalog, index: NameIndex, query: string, limit: number): NameMatches {
  const dash = query.indexOf(' - ');
  const artistPart = dash >= 0 ? foldText(query.slice(0, dash)) : '';
  const titlePart = foldText(dash >= 0 ? query.slice(dash + 3) : query);
  const kept = new MostPopular(catalog.numeric.popularity, limit);
  let total = 0;
  let song = -1;
  let oneSong = true;
  const take = (t: number) => {
    kept.offer(t);
    total++;
    const code = catalog.songCode[t] as number;
    if (song < 0) song = code;
    else if (code !== song) oneSong = false;
  };
  for (const t of index.byTitle.get(titlePart) ?? []) {
    if (artistPart === '' || (index.artists[t] as string[]).includes(artistPart)) take(t);
  }
  if (total > 0 || titlePart === '') return { tracks: kept.tracks, total, oneSong };
  for (let t = 0; t < catalog.size; t++) {
    if (!(index.title[t] as string).includes(titlePart)) continue;
    if (artistPart !== '' && !(index.artists[t] as string[]).some((a) => a.includes(artistPart))) continue;
    take(t);
  }
  return { tracks: kept.tracks, total, oneSong };
}
