/** Finding seed tracks by id or by "artist - title", forgiving case and accents. */
import { type Catalog, findTrack } from '../data/catalog.js';
import { splitArtists } from '../data/clean.js';
import { InputError } from '../data/errors.js';
import { closestTracks } from './closest.js';
import { foldText } from './text.js';

const MAX_CANDIDATES_SHOWN = 8;
const TRACK_ID = /^[0-9A-Za-z]{22}$/;

function describeTrack(catalog: Catalog, t: number): string {
  return `${catalog.artists[t]} - ${catalog.trackName[t]} (${catalog.trackId[t]})`;
}

/** Tracks whose title and one of whose artists match `artist - title` (folded). */
function matchByName(catalog: Catalog, query: string): number[] {
  const dash = query.indexOf(' - ');
  const artistPart = dash >= 0 ? foldText(query.slice(0, dash)) : '';
  const titlePart = foldText(dash >= 0 ? query.slice(dash + 3) : query);
  const exact: number[] = [];
  const partial: number[] = [];
  for (let t = 0; t < catalog.size; t++) {
    const title = foldText(catalog.trackName[t] as string);
    if (!title.includes(titlePart)) continue;
    const artists = splitArtists(catalog.artists[t] as string).map(foldText);
    const artistMatches = artistPart === '' || artists.some((a) => a === artistPart);
    const artistPartial = artistPart === '' || artists.some((a) => a.includes(artistPart));
    if (title === titlePart && artistMatches) exact.push(t);
    else if (artistPartial) partial.push(t);
  }
  return exact.length > 0 ? exact : partial;
}

/**
 * Resolves one seed: a track_id, or "artist - title" (or just a title). Several versions of the same
 * song by the same artist resolve to the most popular one; anything else ambiguous is an error that
 * lists the candidates.
 */
export function resolveSeed(catalog: Catalog, seed: string): number {
  const text = seed.trim();
  if (TRACK_ID.test(text)) {
    const t = findTrack(catalog, text);
    if (t !== undefined) return t;
    throw new InputError(`seed track ${text} is not in the catalogue`);
  }
  const matches = matchByName(catalog, text);
  if (matches.length === 0) {
    const closest = closestTracks(catalog, text, 5).map((t) => `    ${describeTrack(catalog, t)}`);
    const list = closest.length ? `; closest:\n${closest.join('\n')}\n ` : ';';
    throw new InputError(`no track matches seed "${text}"${list} write it as "artist - title" or give a track_id`);
  }
  const sameSong = new Set(matches.map((t) => `${foldText(catalog.trackName[t] as string)}|${foldText(catalog.mainArtist[t] as string)}`));
  if (sameSong.size > 1) {
    const shown = matches.slice(0, MAX_CANDIDATES_SHOWN).map((t) => `    ${describeTrack(catalog, t)}`);
    const more = matches.length > MAX_CANDIDATES_SHOWN ? `\n    ... and ${matches.length - MAX_CANDIDATES_SHOWN} more` : '';
    throw new InputError(
      `seed "${text}" is ambiguous; candidates:\n${shown.join('\n')}${more}\n  Give "artist - title" exactly, or a track_id.`,
    );
  }
  return matches.reduce((best, t) => ((catalog.numeric.popularity[t] as number) > (catalog.numeric.popularity[best] as number) ? t : best));
}
