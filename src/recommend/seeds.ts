/** Finding seed tracks by id or by "artist - title", forgiving case and accents, through the name index. */
import { type Catalog, findTrack } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { matchTrackName, type NameIndex } from '../data/names.js';
import { closestTracks } from './closest.js';

const MAX_CANDIDATES_SHOWN = 8;
const TRACK_ID = /^[0-9A-Za-z]{22}$/;

function describeTrack(catalog: Catalog, t: number): string {
  return `${catalog.artists[t]} - ${catalog.trackName[t]} (${catalog.trackId[t]})`;
}

/**
 * Resolves one seed: a track_id, or "artist - title" (or just a title). Several versions of one song
 * (same song code) resolve to the most popular; anything else ambiguous is an error that lists the
 * candidates, most popular first.
 */
export function resolveSeed(catalog: Catalog, names: NameIndex, seed: string): number {
  const text = seed.trim();
  if (TRACK_ID.test(text)) {
    const t = findTrack(catalog, text);
    if (t !== undefined) return t;
    throw new InputError(`seed track ${text} is not in the catalogue`);
  }
  const matches = matchTrackName(catalog, names, text, MAX_CANDIDATES_SHOWN);
  if (matches.total === 0) {
    const closest = closestTracks(catalog, names, text, 5).map((t) => `    ${describeTrack(catalog, t)}`);
    const list = closest.length ? `; closest:\n${closest.join('\n')}\n ` : ';';
    throw new InputError(`no track matches seed "${text}"${list} write it as "artist - title" or give a track_id`);
  }
  if (!matches.oneSong) {
    const shown = matches.tracks.map((t) => `    ${describeTrack(catalog, t)}`);
    const more = matches.total > shown.length ? `\n    ... and ${matches.total - shown.length} more` : '';
    throw new InputError(
      `seed "${text}" is ambiguous; candidates:\n${shown.join('\n')}${more}\n  Give "artist - title" exactly, or a track_id.`,
    );
  }
  return matches.tracks[0] as number;
}
