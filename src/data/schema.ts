/** The columns of a Spotify tracks catalogue, as in the Kaggle "Spotify Tracks Dataset". */

/** Free-text columns, kept as strings. `track_genre` is categorical and travels as codes. */
export const STRING_COLUMNS = ['track_id', 'artists', 'album_name', 'track_name'] as const;
export type StringColumn = (typeof STRING_COLUMNS)[number];

/** Names whose absence is tolerated at load time and removed (and counted) by cleaning. */
export const NAME_COLUMNS = ['artists', 'album_name', 'track_name'] as const satisfies readonly StringColumn[];

export interface NumericRule {
  /** Inclusive bounds; `undefined` means unbounded on that side. */
  min?: number;
  max?: number;
  /** Whole numbers only (pandas reads these columns as int64). */
  integer?: boolean;
  /** Extra allowed values outside [min, max] (key = -1 means "no key detected"). */
  also?: readonly number[];
}

export const NUMERIC_RULES = {
  popularity: { min: 0, max: 100, integer: true },
  // Upper bounds far beyond any real track keep every statistic finite (1e300 ms would overflow a variance).
  duration_ms: { min: 0, max: 86_400_000, integer: true },
  danceability: { min: 0, max: 1 },
  energy: { min: 0, max: 1 },
  key: { min: 0, max: 11, integer: true, also: [-1] },
  loudness: { min: -100, max: 20 },
  mode: { min: 0, max: 1, integer: true },
  speechiness: { min: 0, max: 1 },
  acousticness: { min: 0, max: 1 },
  instrumentalness: { min: 0, max: 1 },
  liveness: { min: 0, max: 1 },
  valence: { min: 0, max: 1 },
  tempo: { min: 0, max: 1000 },
  time_signature: { min: 0, max: 7, integer: true },
} as const satisfies Record<string, NumericRule>;

export type NumericColumn = keyof typeof NUMERIC_RULES;
export const NUMERIC_COLUMNS = Object.keys(NUMERIC_RULES) as NumericColumn[];

export const BOOLEAN_COLUMNS = ['explicit'] as const;

/** Every column a catalogue must have, in the Kaggle file's order. */
export const REQUIRED_COLUMNS: readonly string[] = [
  'track_id',
  'artists',
  'album_name',
  'track_name',
  'popularity',
  'duration_ms',
  'explicit',
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
  'time_signature',
  'track_genre',
];

/** Header names that tools give the unnamed row-index column (pandas, R readr, DuckDB). */
export const INDEX_COLUMN_NAMES: readonly string[] = ['', 'Unnamed: 0', 'index', '...1', 'X', 'column0', 'column00'];

/** The nine audio features the reference notebook models with. */
export const AUDIO_FEATURES = [
  'danceability',
  'energy',
  'loudness',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
] as const satisfies readonly NumericColumn[];
export type AudioFeature = (typeof AUDIO_FEATURES)[number];

export function describeRule(rule: NumericRule): string {
  const parts: string[] = [];
  if (rule.integer) parts.push('a whole number');
  else parts.push('a number');
  if (rule.min !== undefined && rule.max !== undefined) parts.push(`from ${rule.min} to ${rule.max}`);
  else if (rule.min !== undefined) parts.push(`>= ${rule.min}`);
  else if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
  if (rule.also?.length) parts.push(`(or ${rule.also.join(', ')})`);
  return parts.join(' ');
}
