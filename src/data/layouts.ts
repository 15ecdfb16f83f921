/**
 * The public Spotify feature exports people already hold, recognised from their headers, and any
 * other layout described with `--columns ours=theirs,...`. A layout says where each of our columns
 * is, how its values are written (note names, Major/Minor, 4/4, a Python list of artists) and which
 * columns the export does not have at all: those make only the capabilities that need them
 * unavailable (see capabilities.ts).
 */
import { InputError } from './errors.js';
import { REQUIRED_COLUMNS } from './schema.js';

/** Columns an export may lack; every other column of REQUIRED_COLUMNS must be present. */
export const OPTIONAL_COLUMNS = ['album_name', 'explicit', 'time_signature', 'track_genre'] as const;
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number];

export interface Layout {
  /** The export's name, shown in the overview and in messages. */
  name: string;
  /** Our column -> its header name in the file (a column not listed keeps its own name). */
  columns: Record<string, string>;
  /** Our columns the export does not have. */
  absent: readonly OptionalColumn[];
  /** `key` written as C, C#, Db, ... B. */
  keyAsNoteName?: boolean;
  /** `mode` written as Major / Minor. */
  modeAsWord?: boolean;
  /** `time_signature` written as a fraction (4/4): the beats per bar are the numerator. */
  timeSignatureAsFraction?: boolean;
  /** `artists` written as a Python list: ['A', "B's"]. */
  artistsAsList?: boolean;
}

export const KAGGLE_LAYOUT: Layout = { name: 'Kaggle "Spotify Tracks Dataset"', columns: {}, absent: [] };

/** The exports recognised from their headers: the columns that identify each, and its layout. */
const KNOWN_LAYOUTS: { signature: string[]; layout: Layout }[] = [
  {
    signature: ['track_id', 'track_artist', 'track_popularity', 'playlist_genre'],
    layout: {
      name: 'TidyTuesday spotify_songs (2020-01-21)',
      columns: { artists: 'track_artist', popularity: 'track_popularity', album_name: 'track_album_name', track_genre: 'playlist_genre' },
      absent: ['explicit', 'time_signature'],
    },
  },
  {
    signature: ['id', 'name', 'artists', 'release_date', 'explicit'],
    layout: {
      name: '"Spotify Dataset 600k+ Tracks" tracks.csv',
      columns: { track_id: 'id', track_name: 'name' },
      absent: ['album_name', 'track_genre'],
      artistsAsList: true,
    },
  },
  {
    signature: ['genre', 'artist_name', 'track_name', 'track_id'],
    layout: {
      name: '"Ultimate Spotify Tracks DB" SpotifyFeatures.csv',
      columns: { track_genre: 'genre', artists: 'artist_name' },
      absent: ['album_name', 'explicit'],
      keyAsNoteName: true,
      modeAsWord: true,
      timeSignatureAsFraction: true,
    },
  },
];

export interface LayoutOptions {
  /** `ours=theirs` pairs, from `--columns`. */
  columns?: Record<string, string>;
  /** The header name holding genres, from `--genre-column` (e.g. playlist_subgenre). */
  genreColumn?: string;
}

/** Parses `--columns ours=theirs,...` into pairs, checking our names. */
export function parseColumnMap(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const [ours, theirs, extra] = part.split('=');
    if (ours === undefined || theirs === undefined || extra !== undefined || !ours.trim() || !theirs.trim())
      throw new InputError(`--columns: expected ours=theirs pairs separated by commas, got "${part}".`);
    const name = ours.trim();
    if (!REQUIRED_COLUMNS.includes(name))
      throw new InputError(`--columns: unknown column "${name}"; ours are: ${REQUIRED_COLUMNS.join(', ')}.`);
    pairs[name] = theirs.trim();
  }
  return pairs;
}

/**
 * The layout of a file with this header: a known export when its identifying columns are all there
 * (else the Kaggle layout), then `--columns` and `--genre-column` applied on top. A column named
 * explicitly is present even when the export usually lacks it.
 */
export function detectLayout(header: readonly string[], options: LayoutOptions = {}): Layout {
  const names = new Set(header.map((h) => h.trim()));
  const known = names.has('track_genre') ? undefined : KNOWN_LAYOUTS.find(({ signature }) => signature.every((c) => names.has(c)))?.layout;
  const base = known ?? KAGGLE_LAYOUT;
  const overrides = { ...(options.columns ?? {}), ...(options.genreColumn ? { track_genre: options.genreColumn } : {}) };
  if (Object.keys(overrides).length === 0) return base;
  return {
    ...base,
    name: `${base.name} with --columns`,
    columns: { ...base.columns, ...overrides },
    absent: base.absent.filter((c) => !(c in overrides)),
  };
}

const NOTES: Record<string, number> = {
  C: 0,
  'C#': 1,
  DB: 1,
  D: 2,
  'D#': 3,
  EB: 3,
  E: 4,
  F: 5,
  'F#': 6,
  GB: 6,
  G: 7,
  'G#': 8,
  AB: 8,
  A: 9,
  'A#': 10,
  BB: 10,
  B: 11,
};

/**
 * SQL turning a text cell written the layout's way into our text (a number as text), or leaving it
 * as written when it does not match (so validation reports the value the user wrote).
 */
export function normalizedTextSql(column: string, cell: string, layout: Layout): string {
  const text = `CAST(${cell} AS VARCHAR)`;
  const word = `upper(trim(${text}))`;
  if (column === 'key' && layout.keyAsNoteName) {
    const cases = Object.entries(NOTES).map(([note, pitch]) => `WHEN '${note}' THEN '${pitch}'`);
    return `CASE replace(${word}, '♯', '#') ${cases.join(' ')} ELSE ${text} END`;
  }
  if (column === 'mode' && layout.modeAsWord) return `CASE ${word} WHEN 'MAJOR' THEN '1' WHEN 'MINOR' THEN '0' ELSE ${text} END`;
  if (column === 'time_signature' && layout.timeSignatureAsFraction)
    return `CASE WHEN regexp_full_match(trim(${text}), '[0-9]+/[0-9]+') THEN split_part(trim(${text}), '/', 1) ELSE ${text} END`;
  return cell;
}

/** True when the layout writes this column some other way than as a plain number. */
export function isRewritten(column: string, layout: Layout): boolean {
  return (
    (column === 'key' && Boolean(layout.keyAsNoteName)) ||
    (column === 'mode' && Boolean(layout.modeAsWord)) ||
    (column === 'time_signature' && Boolean(layout.timeSignatureAsFraction))
  );
}

/**
 * The names in a Python list literal (`['A', "B's"]`), joined by `;` as the Kaggle export writes
 * them; a value that is not a list is returned trimmed.
 */
export function artistsFromPythonList(text: string): string {
  const value = text.trim();
  if (!value.startsWith('[') || !value.endsWith(']')) return value;
  const names: string[] = [];
  let i = 1;
  while (i < value.length - 1) {
    const quote = value[i];
    if (quote !== "'" && quote !== '"') {
      i++;
      continue;
    }
    let name = '';
    i++;
    while (i < value.length - 1 && value[i] !== quote) {
      if (value[i] === '\\' && i + 1 < value.length - 1) i++;
      name += value[i];
      i++;
    }
    i++;
    if (name.trim()) names.push(name.trim());
  }
  return names.join(';');
}
