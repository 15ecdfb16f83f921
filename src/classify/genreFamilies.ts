/**
 * The 114 genres of the Kaggle Spotify file in 12 named families, and family-level predictions.
 * Membership was derived, not chosen: `spotify-intel classify families --seed 42` (deriveFamilies on
 * the out-of-fold soft confusion of a random forest over the 17,865 training tracks of the seed-42
 * split by track; no test track seen), 12 families, none above 20% of the tracks. The names are ours,
 * given after reading each family's members; no genre was moved by hand.
 */
export interface GenreFamily {
  name: string;
  genres: readonly string[];
}

export const GENRE_FAMILIES: readonly GenreFamily[] = [
  {
    name: 'rock, punk & metal',
    genres: [
      'alt-rock',
      'alternative',
      'black-metal',
      'death-metal',
      'garage',
      'goth',
      'grindcore',
      'grunge',
      'hard-rock',
      'hardcore',
      'heavy-metal',
      'industrial',
      'metal',
      'metalcore',
      'power-pop',
      'punk',
      'punk-rock',
      'ska',
    ],
  },
  {
    name: 'pop, dance & urban',
    genres: [
      'children',
      'dance',
      'dancehall',
      'edm',
      'electro',
      'hip-hop',
      'house',
      'j-dance',
      'k-pop',
      'kids',
      'latin',
      'latino',
      'pop',
      'progressive-house',
      'reggae',
      'reggaeton',
      'spanish',
    ],
  },
  {
    name: 'electronic & club',
    genres: [
      'breakbeat',
      'chicago-house',
      'club',
      'deep-house',
      'detroit-techno',
      'drum-and-bass',
      'dub',
      'dubstep',
      'electronic',
      'groove',
      'happy',
      'hardstyle',
      'minimal-techno',
      'techno',
      'trance',
    ],
  },
  {
    name: 'acoustic & world pop',
    genres: [
      'acoustic',
      'brazil',
      'cantopop',
      'country',
      'gospel',
      'indian',
      'malay',
      'mandopop',
      'pop-film',
      'singer-songwriter',
      'songwriter',
      'world-music',
    ],
  },
  {
    name: 'folk, roots & Brazilian/Latin dance',
    genres: [
      'bluegrass',
      'folk',
      'forro',
      'honky-tonk',
      'mpb',
      'pagode',
      'r-n-b',
      'rock-n-roll',
      'rockabilly',
      'salsa',
      'samba',
      'sertanejo',
    ],
  },
  {
    name: 'ambient, classical & calm',
    genres: ['ambient', 'classical', 'disney', 'german', 'guitar', 'idm', 'iranian', 'new-age', 'piano', 'sleep', 'study', 'trip-hop'],
  },
  { name: 'indie, soul & chill', genres: ['chill', 'emo', 'french', 'funk', 'indie', 'indie-pop', 'sad', 'soul', 'turkish'] },
  { name: 'jazz, blues & vintage vocal', genres: ['blues', 'jazz', 'opera', 'romance', 'show-tunes', 'tango'] },
  { name: 'disco, synth-pop & party', genres: ['afrobeat', 'disco', 'party', 'swedish', 'synth-pop'] },
  { name: 'j-pop & anime', genres: ['anime', 'j-idol', 'j-pop', 'j-rock'] },
  { name: 'classic & psychedelic rock', genres: ['british', 'psych-rock', 'rock'] },
  { name: 'comedy & spoken word', genres: ['comedy'] },
];

/** Family index of each class, or undefined when a class is in no family (another catalogue's genres). */
export function familyOfClasses(classNames: readonly string[], families: readonly GenreFamily[] = GENRE_FAMILIES): Int32Array | undefined {
  const byGenre = new Map<string, number>();
  families.forEach((family, f) => {
    for (const g of family.genres) byGenre.set(g, f);
  });
  const out = new Int32Array(classNames.length);
  for (let c = 0; c < classNames.length; c++) {
    const f = byGenre.get(classNames[c] as string);
    if (f === undefined) return undefined;
    out[c] = f;
  }
  return out;
}

/** Row-major family probabilities: the sum of the probabilities of each family's genres. */
export function familyProba(proba: Float64Array, classes: number, familyOf: Int32Array, families: number): Float64Array {
  const rows = proba.length / classes;
  const out = new Float64Array(rows * families);
  for (let i = 0; i < rows; i++)
    for (let c = 0; c < classes; c++) {
      const at = i * families + (familyOf[c] as number);
      out[at] = (out[at] as number) + (proba[i * classes + c] as number);
    }
  return out;
}

export interface FamilyGuess {
  family: string;
  probability: number;
  /** The family's most likely genres, with their (genre-level) probabilities. */
  genres: { genre: string; probability: number }[];
}

/** Hierarchical answer for row i: the `top` most likely families, each with its `perFamily` likeliest genres. */
export function familyGuesses(
  classNames: readonly string[],
  proba: Float64Array,
  row: number,
  familyOf: Int32Array,
  families: readonly GenreFamily[],
  top = 3,
  perFamily = 3,
): FamilyGuess[] {
  const classes = classNames.length;
  const fp = familyProba(proba.subarray(row * classes, (row + 1) * classes), classes, familyOf, families.length);
  const order = Array.from({ length: families.length }, (_, f) => f).sort((a, b) => (fp[b] as number) - (fp[a] as number) || a - b);
  return order.slice(0, top).map((f) => ({
    family: (families[f] as GenreFamily).name,
    probability: fp[f] as number,
    genres: Array.from({ length: classes }, (_, c) => c)
      .filter((c) => familyOf[c] === f)
      .sort((a, b) => (proba[row * classes + b] as number) - (proba[row * classes + a] as number) || a - b)
      .slice(0, perFamily)
      .map((c) => ({ genre: classNames[c] as string, probability: proba[row * classes + c] as number })),
  }));
}

export interface FamilyEvaluation {
  families: number;
  /** Share of test tracks whose most likely family (summed genre probabilities) is their genre's family. */
  accuracy: number;
  /** Chance level: always answering the largest family (its share of the test tracks). */
  chanceAccuracy: number;
  largestFamily: string;
  /** Share of the test tracks in each family, by family. */
  shares: { family: string; share: number }[];
}

/** Family-level accuracy of genre probabilities (row-major) against true genres. */
export function evaluateFamilies(
  truth: Int32Array,
  proba: Float64Array,
  classes: number,
  familyOf: Int32Array,
  families: readonly GenreFamily[],
): FamilyEvaluation {
  const fp = familyProba(proba, classes, familyOf, families.length);
  const counts = new Float64Array(families.length);
  let hits = 0;
  for (let i = 0; i < truth.length; i++) {
    const actual = familyOf[truth[i] as number] as number;
    counts[actual] = (counts[actual] as number) + 1;
    let best = 0;
    for (let f = 1; f < families.length; f++)
      if ((fp[i * families.length + f] as number) > (fp[i * families.length + best] as number)) best = f;
    if (best === actual) hits++;
  }
  const largest = counts.indexOf(Math.max(...counts));
  return {
    families: families.length,
    accuracy: truth.length ? hits / truth.length : Number.NaN,
    chanceAccuracy: truth.length ? (counts[largest] as number) / truth.length : Number.NaN,
    largestFamily: (families[largest] as GenreFamily).name,
    shares: families.map((family, f) => ({ family: family.name, share: truth.length ? (counts[f] as number) / truth.length : 0 })),
  };
}
