/**
 * What a scout leaves out of an "emerging" list before reading it: genres that are not artist
 * development (children's music, comedy, sleep sounds), holiday songs (they rise every December and
 * fall in January), artists who already have a big track, where release dates are known, old
 * releases, and past hits: songs the catalogue also holds on a retrospective or a reissue (a
 * greatest-hits album, a remaster), whatever date the track itself carries.
 */
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import { foldText } from '../data/text.js';

export interface ScoutFilters {
  /** Tracks carrying any of these genres are left out. */
  excludeGenres: string[];
  /** Leave out tracks whose title or album name holds a holiday word (HOLIDAY_WORDS). */
  excludeHoliday: boolean;
  /** Leave out tracks whose main artist already has a track at or above this popularity; null = no ceiling. */
  artistCeiling: number | null;
  /** Leave out tracks released more than this many years before the catalogue's date (only where the date is known); null = keep all. */
  releasedWithinYears: number | null;
  /** Leave out songs (any version) that the catalogue also has on a retrospective or a reissue (isRetrospectiveAlbum). */
  excludePastHits: boolean;
}

export const DEFAULT_EXCLUDED_GENRES: readonly string[] = ['children', 'kids', 'comedy', 'sleep'];
export const DEFAULT_ARTIST_CEILING = 75;
/**
 * A track released more than 10 years before the catalogue's date is a revival, not an emerging
 * track (Brenda Lee's 1961 "Emotions" rose 44 -> 61 in 2019-2022); only where the release date is known.
 */
export const DEFAULT_RELEASED_WITHIN_YEARS = 10;

export const DEFAULT_SCOUT_FILTERS: Readonly<ScoutFilters> = {
  excludeGenres: [...DEFAULT_EXCLUDED_GENRES],
  excludeHoliday: true,
  artistCeiling: DEFAULT_ARTIST_CEILING,
  releasedWithinYears: DEFAULT_RELEASED_WITHIN_YEARS,
  excludePastHits: true,
};

/** No filter at all: the notebook's pool. */
export const NO_SCOUT_FILTERS: Readonly<ScoutFilters> = {
  excludeGenres: [],
  excludeHoliday: false,
  artistCeiling: null,
  releasedWithinYears: null,
  excludePastHits: false,
};

/**
 * Holiday words, matched as whole words (or word starts where marked *) in the folded title or album
 * name (lower case, accents removed: noël = noel).
 */
export const HOLIDAY_WORDS: readonly string[] = [
  'christmas*',
  'xmas',
  'x mas',
  'navidad',
  'navideno*',
  'navidena*',
  'noel',
  'weihnacht*',
  'natale',
  'kerst*',
  'joulu*',
  'jingle bell*',
  'santa claus',
  'rudolph',
  'reindeer',
  'mistletoe',
  'sleigh*',
  'silent night',
  'stille nacht',
  'noche de paz',
  'holy night',
  'tannenbaum',
  'hanukkah',
  'chanukah',
  'let it snow',
  'feliz natal',
  // Standards whose titles name no holiday word (a recommendation seeded by "I'm Yours" brought "Winter Wonderland").
  'winter wonderland',
  'frosty the snowman',
  'little drummer boy',
  'little saint nick',
  'hark the herald',
  'deck the hall*',
  'carol of the bells',
  'holly jolly',
  'happy holidays',
];

const HOLIDAY_PATTERN = new RegExp(`(?:^| )(?:${HOLIDAY_WORDS.map((w) => w.replaceAll('*', '[a-z0-9]*')).join('|')})(?= |$)`);

export function isHolidayTitle(title: string, album = ''): boolean {
  return HOLIDAY_PATTERN.test(foldText(title)) || HOLIDAY_PATTERN.test(foldText(album));
}

/**
 * Album names that hold an artist's past, as whole words of the folded name: retrospectives (greatest
 * hits, best of, very best, the essential, anthology, the singles, number ones) and reissues
 * (remaster(ed), an Nth anniversary edition). A year's compilation ("Best of 2022") is not one.
 * Ray Parker Jr.'s "Ghostbusters" (1984) is dated 2016 by its soundtrack re-release, but the catalogue
 * also has it on his "Greatest Hits".
 */
const RETROSPECTIVE =
  /(?:^| )(?:greatest hits|very best|the essential|anthology|the singles|number ones|remaster(?:ed)?|\d+(?:st|nd|rd|th) anniversary|best of(?! (?:19|20)\d\d(?: |$)))(?= |$)/;

export function isRetrospectiveAlbum(album: string): boolean {
  return RETROSPECTIVE.test(foldText(album));
}

/** 1 for each song (Catalog.songCode) with a track on a retrospective or reissue album. */
export function songsOnRetrospectives(catalog: Catalog): Uint8Array {
  const onRetrospective = new Uint8Array(catalog.songCount);
  const byAlbum = new Map<string, boolean>();
  for (let t = 0; t < catalog.size; t++) {
    const album = catalog.albumName[t] as string;
    let retrospective = byAlbum.get(album);
    if (retrospective === undefined) {
      retrospective = isRetrospectiveAlbum(album);
      byAlbum.set(album, retrospective);
    }
    if (retrospective) onRetrospective[catalog.songCode[t] as number] = 1;
  }
  return onRetrospective;
}

/** The highest popularity among the tracks each artist is credited on (any position), by artist name. */
export function artistPeakPopularity(catalog: Catalog): Map<string, number> {
  const peak = new Map<string, number>();
  for (let r = 0; r < catalog.artistTrack.length; r++) {
    const name = catalog.artistName[r] as string;
    const p = catalog.numeric.popularity[catalog.artistTrack[r] as number] as number;
    if (!(p <= (peak.get(name) ?? -1))) peak.set(name, p);
  }
  return peak;
}

export interface ScoutExclusions {
  genre: number;
  holiday: number;
  artistCeiling: number;
  releaseAge: number;
  pastHit: number;
}

/** Checks the numbers; excluded genres absent from a catalogue simply exclude nothing (the request parsers check names). */
export function checkScoutFilters(filters: ScoutFilters): void {
  if (filters.artistCeiling !== null && !(filters.artistCeiling >= 0 && filters.artistCeiling <= 100)) {
    throw new InputError(`artist ceiling must be a popularity from 0 to 100, got ${filters.artistCeiling}`);
  }
  if (filters.releasedWithinYears !== null && !(filters.releasedWithinYears > 0 && Number.isFinite(filters.releasedWithinYears))) {
    throw new InputError(`release recency must be a number of years > 0, got ${filters.releasedWithinYears}`);
  }
}

export const EXCLUSION_REASONS = ['genre', 'holiday', 'artistCeiling', 'releaseAge', 'pastHit'] as const;

/**
 * Why each catalogue track is left out: 0 kept, else 1 + the index of the first reason that applies,
 * in the order of EXCLUSION_REASONS. Release age needs `releaseDateOfTrack` (decimal years, NaN
 * unknown) and `asOfYear`; unknown dates are kept.
 */
export function scoutReasons(catalog: Catalog, filters: ScoutFilters, releaseDateOfTrack?: Float64Array, asOfYear?: number): Uint8Array {
  checkScoutFilters(filters);
  const reason = new Uint8Array(catalog.size);
  const excludedCodes = new Set(filters.excludeGenres.map((g) => catalog.genreNames.indexOf(g)).filter((code) => code >= 0));
  const peak = filters.artistCeiling === null ? null : artistPeakPopularity(catalog);
  const ceiling = filters.artistCeiling ?? Number.POSITIVE_INFINITY;
  const recency = filters.releasedWithinYears;
  const pastHits = filters.excludePastHits ? songsOnRetrospectives(catalog) : null;
  for (let t = 0; t < catalog.size; t++) {
    let genre = false;
    for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++) {
      if (excludedCodes.has(catalog.genreCodes[k] as number)) genre = true;
    }
    if (genre) reason[t] = 1;
    else if (filters.excludeHoliday && isHolidayTitle(catalog.trackName[t] as string, catalog.albumName[t] as string)) reason[t] = 2;
    else if (peak && (peak.get(catalog.mainArtist[t] as string) ?? 0) >= ceiling) reason[t] = 3;
    else if (recency !== null && releaseDateOfTrack && asOfYear !== undefined && asOfYear - (releaseDateOfTrack[t] as number) > recency)
      reason[t] = 4;
    else if (pastHits && pastHits[catalog.songCode[t] as number] === 1) reason[t] = 5;
  }
  return reason;
}

/** Counts per exclusion reason over the listed tracks (all tracks when omitted). */
export function countExclusions(reason: Uint8Array, tracks?: ArrayLike<number>): ScoutExclusions {
  const counts = [0, 0, 0, 0, 0, 0];
  const n = tracks ? tracks.length : reason.length;
  for (let i = 0; i < n; i++) {
    const r = reason[tracks ? (tracks[i] as number) : i] as number;
    counts[r] = (counts[r] as number) + 1;
  }
  return {
    genre: counts[1] as number,
    holiday: counts[2] as number,
    artistCeiling: counts[3] as number,
    releaseAge: counts[4] as number,
    pastHit: counts[5] as number,
  };
}

/** 1 for each catalogue track the filters keep. */
export function scoutMask(catalog: Catalog, filters: ScoutFilters, releaseDateOfTrack?: Float64Array, asOfYear?: number): Uint8Array {
  return Uint8Array.from(scoutReasons(catalog, filters, releaseDateOfTrack, asOfYear), (r) => (r === 0 ? 1 : 0));
}
