/**
 * The open vocabulary of `--like` phrases: feature words, mood and activity words, levels with a
 * feature ("high energy"), tempo words in BPM, and every genre name of the catalogue.
 *
 * Moods follow the valence-arousal (circumplex) model of Russell (1980): valence is Spotify's
 * valence, arousal is energy (and loudness at the extremes). Happy = pleasant + aroused, sad =
 * unpleasant + calm, angry = unpleasant + very aroused, calm/relaxed = low arousal. Activities follow
 * the exercise, sleep and study literature cited in phraseSet.ts (workout about 128 BPM, running about
 * 165, sleep and study quiet, calm and instrumental). Targets are catalogue percentiles (`pct`), except
 * tempo (BPM a musician would accept: slow 80, very slow 66, fast 150, very fast 172) and the three
 * features Spotify documents on an absolute scale (instrumentalness above 0.5 = instrumental,
 * speechiness above 0.66 = spoken word, liveness above 0.8 = live), which take `value`s.
 *
 * A word that is also a genre (acoustic, chill, dance, happy, sad, party, sleep, study, ...) sets its
 * targets and a soft preference for that genre, unless the genre's sound contradicts the word
 * (`genreSoundsLike`: the catalogue's "happy" is happy hardcore, low in valence). A genre word alone (jazz, k-pop, drum and bass) is a
 * preference for the genre; when nothing else sets a target, the genre's mean profile is the target.
 */
import type { Catalog } from '../data/catalog.js';
import { InputError } from '../data/errors.js';
import type { AudioFeature } from '../data/schema.js';
import { foldText } from '../data/text.js';
import { type FeatureSpace, featureIndex } from '../features/featureSpace.js';
import { FEATURE_NAMES, LEVELS, type Level, type PreferenceTarget } from '../features/preferences.js';
import { quantileSorted } from '../stats/descriptive.js';
import { closestWords } from './closest.js';
import type { Query } from './search.js';

type WordTarget = { feature: AudioFeature; pct: number } | { feature: AudioFeature; value: number };

export interface WordMeaning {
  targets: WordTarget[];
  /** Genres the word prefers softly. */
  genres: string[];
  /** With "very" in front. */
  very?: WordTarget[];
}

const pct = (feature: AudioFeature, p: number): WordTarget => ({ feature, pct: p });
const val = (feature: AudioFeature, value: number): WordTarget => ({ feature, value });
const mean = (targets: WordTarget[], genres: string[] = [], very?: WordTarget[]): WordMeaning => ({ targets, genres, very });

const HAPPY = mean([pct('valence', 0.85), pct('energy', 0.65)], [], [pct('valence', 0.95), pct('energy', 0.7)]);
const SAD = mean([pct('valence', 0.1), pct('energy', 0.3)], [], [pct('valence', 0.03), pct('energy', 0.2)]);
const ANGRY = mean([pct('valence', 0.2), pct('energy', 0.95), pct('loudness', 0.9)]);
const CALM = mean([pct('energy', 0.15), pct('loudness', 0.2)], [], [pct('energy', 0.05), pct('loudness', 0.1)]);
const PEACEFUL = mean([pct('energy', 0.08), pct('loudness', 0.12)]);
const ENERGETIC = mean([pct('energy', 0.9)], [], [pct('energy', 0.97)]);
const STUDY = mean([val('instrumentalness', 0.85), pct('energy', 0.2), pct('speechiness', 0.2)], ['study']);
const SLEEP = mean([pct('energy', 0.05), pct('loudness', 0.08), val('instrumentalness', 0.8), val('tempo', 75)], ['sleep']);
const MEDITATION = mean([pct('energy', 0.05), pct('loudness', 0.1), val('instrumentalness', 0.85)], ['ambient', 'new-age']);
const WORKOUT = mean([pct('energy', 0.9), val('tempo', 128), pct('valence', 0.6), pct('danceability', 0.65)]);
const RUNNING = mean([pct('energy', 0.9), val('tempo', 165)]);
const PARTY = mean([pct('danceability', 0.92), pct('energy', 0.8), pct('valence', 0.75)], ['party', 'dance']);
const ROMANTIC = mean([pct('energy', 0.35), pct('valence', 0.55), pct('acousticness', 0.6)], ['romance']);
const DANCE = mean([pct('danceability', 0.9)], [], [pct('danceability', 0.97)]);
const ACOUSTIC = mean([pct('acousticness', 0.9)], [], [pct('acousticness', 0.97)]);
const ELECTRONIC = mean([pct('acousticness', 0.05)]);
const MOTIVATION = mean([pct('energy', 0.85), pct('valence', 0.7)]);

/** Mood, activity and feature words (folded, several words joined by one space). */
export const MEANINGS: Record<string, WordMeaning> = {
  happy: { ...HAPPY, genres: ['happy'] },
  cheerful: HAPPY,
  joyful: HAPPY,
  upbeat: HAPPY,
  positive: HAPPY,
  euphoric: HAPPY,
  sad: { ...SAD, genres: ['sad'] },
  melancholic: SAD,
  melancholy: SAD,
  gloomy: SAD,
  depressing: SAD,
  heartbreak: SAD,
  heartbroken: SAD,
  'break up': SAD,
  dark: mean([pct('valence', 0.1)], [], [pct('valence', 0.03)]),
  angry: ANGRY,
  aggressive: mean([pct('valence', 0.25), pct('energy', 0.97), pct('loudness', 0.9)]),
  furious: ANGRY,
  rage: ANGRY,
  calm: CALM,
  relaxed: CALM,
  relaxing: CALM,
  relax: CALM,
  mellow: CALM,
  soothing: CALM,
  chill: { ...CALM, genres: ['chill'] },
  chilled: { ...CALM, genres: ['chill'] },
  peaceful: PEACEFUL,
  serene: PEACEFUL,
  energetic: ENERGETIC,
  intense: ENERGETIC,
  powerful: ENERGETIC,
  hype: ENERGETIC,
  romantic: ROMANTIC,
  romance: ROMANTIC,
  love: ROMANTIC,
  workout: WORKOUT,
  gym: WORKOUT,
  exercise: WORKOUT,
  training: WORKOUT,
  running: RUNNING,
  run: RUNNING,
  jogging: RUNNING,
  cardio: RUNNING,
  study: STUDY,
  studying: STUDY,
  focus: STUDY,
  concentration: STUDY,
  reading: STUDY,
  coding: STUDY,
  sleep: SLEEP,
  sleeping: SLEEP,
  bedtime: SLEEP,
  lullaby: mean([pct('energy', 0.08), pct('acousticness', 0.92), val('tempo', 80)], ['sleep']),
  meditation: MEDITATION,
  meditate: MEDITATION,
  yoga: MEDITATION,
  party: PARTY,
  celebration: PARTY,
  dance: { ...DANCE, genres: ['dance'] },
  dancing: DANCE,
  danceable: DANCE,
  groovy: DANCE,
  funky: { ...DANCE, genres: ['funk'] },
  'road trip': mean([pct('energy', 0.75), pct('valence', 0.75)]),
  driving: mean([pct('energy', 0.75), pct('valence', 0.75)]),
  'rainy day': mean([pct('energy', 0.25), pct('valence', 0.3), pct('acousticness', 0.7)]),
  rainy: mean([pct('energy', 0.25), pct('valence', 0.3), pct('acousticness', 0.7)]),
  summer: mean([pct('valence', 0.88), pct('danceability', 0.7)]),
  sunny: mean([pct('valence', 0.88), pct('danceability', 0.7)]),
  motivation: MOTIVATION,
  motivational: MOTIVATION,
  fast: mean([val('tempo', 150)], [], [val('tempo', 172)]),
  slow: mean([val('tempo', 80)], [], [val('tempo', 66)]),
  acoustic: { ...ACOUSTIC, genres: ['acoustic'] },
  unplugged: ACOUSTIC,
  electronic: { ...ELECTRONIC, genres: ['electronic'] },
  instrumental: mean([val('instrumentalness', 0.9)]),
  vocal: mean([val('instrumentalness', 0)]),
  vocals: mean([val('instrumentalness', 0)]),
  loud: mean([pct('loudness', 0.9)]),
  quiet: mean([pct('loudness', 0.1)], [], [pct('loudness', 0.03)]),
  soft: mean([pct('loudness', 0.1)], [], [pct('loudness', 0.03)]),
  live: mean([val('liveness', 0.9)]),
  studio: mean([pct('liveness', 0.1)]),
  spoken: mean([val('speechiness', 0.8)]),
  'spoken word': mean([val('speechiness', 0.8)]),
  talky: mean([val('speechiness', 0.8)]),
  rap: mean([val('speechiness', 0.4)], ['hip-hop']),
};

/** Words that carry no preference ("music for studying", "fast songs"). */
const FILLER: ReadonlySet<string> = new Set(
  (
    'a an and the for to of in on at with but or some any me my i like want play give music songs song tracks track ' +
    'playlist tunes vibe vibes feel feeling sound sounds something stuff mood tempo style kind type please'
  ).split(' '),
);

export interface Vocabulary {
  genres: string[];
  /** Folded phrase -> genre code, for genre names (hyphens as spaces, also written together: "hiphop"). */
  genreByPhrase: Map<string, number>;
  /** Mean z-profile of each genre's tracks: genreCentroid[g * d + f]. */
  genreCentroid: Float64Array;
  /** Longest known phrase, in words. */
  maxWords: number;
}

/** Full names of genres the Kaggle file names by a mood word ("happy" there is happy hardcore). */
const GENRE_ALIASES: Record<string, string> = { 'happy hardcore': 'happy' };

export function buildVocabulary(catalog: Catalog, space: FeatureSpace): Vocabulary {
  const g = catalog.genreNames.length;
  const d = space.features.length;
  const genreByPhrase = new Map<string, number>();
  catalog.genreNames.forEach((name, code) => {
    const spaced = foldText(name.replace(/-n-/g, ' and ').replace(/-/g, ' '));
    genreByPhrase.set(spaced, code);
    genreByPhrase.set(foldText(name.replace(/-/g, ' ')), code);
    genreByPhrase.set(spaced.replace(/ /g, ''), code);
  });
  for (const [alias, name] of Object.entries(GENRE_ALIASES)) {
    const code = catalog.genreNames.indexOf(name);
    if (code >= 0) genreByPhrase.set(alias, code);
  }
  const genreCentroid = new Float64Array(g * d);
  const counts = new Float64Array(g);
  for (let t = 0; t < catalog.size; t++) {
    for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++) {
      const code = catalog.genreCodes[k] as number;
      counts[code] = (counts[code] as number) + 1;
      for (let f = 0; f < d; f++) genreCentroid[code * d + f] = (genreCentroid[code * d + f] as number) + (space.z[t * d + f] as number);
    }
  }
  for (let code = 0; code < g; code++) {
    for (let f = 0; f < d; f++) genreCentroid[code * d + f] = (genreCentroid[code * d + f] as number) / Math.max(1, counts[code] as number);
  }
  let maxWords = 2;
  for (const phrase of [...genreByPhrase.keys(), ...Object.keys(MEANINGS)]) maxWords = Math.max(maxWords, phrase.split(' ').length);
  return { genres: catalog.genreNames, genreByPhrase, genreCentroid, maxWords };
}

/** A phrase's target; `weight` (default 1) is lower for what the words only imply. */
export type PhraseTarget = PreferenceTarget & { weight?: number };

export interface ParsedPhrase {
  targets: PhraseTarget[];
  /** Genres named by the words (soft preference), catalogue genre codes. */
  genres: number[];
  /** Preference per entry of `genres`: 1 for a genre named as such, 0.5 for a genre a mood or feature word implies. */
  genreStrength: number[];
  /** True when only genre words spoke: the targets are the genres' mean profile. */
  genreProfile: boolean;
}

/** A genre's mean is distinctive on a feature beyond this many SD from the catalogue's mean. */
const DISTINCTIVE_GENRE_Z = 0.8;
/** Such inferred targets weigh half as much as the features the words name. */
const INFERRED_WEIGHT = 0.5;
/** A genre that a mood or feature word implies (sad, chill, acoustic) counts half as much as a genre named. */
const IMPLIED_GENRE = 0.5;

const LEVEL_WORDS: ReadonlySet<string> = new Set(['very', 'high', 'low', 'medium', 'veryhigh', 'verylow']);

export const VOCABULARY_HINT =
  'use moods (happy, sad, angry, calm), activities (workout, running, study, sleep, party), tempo (fast, slow), ' +
  'a level and a feature ("high energy", "low valence") or any genre of the catalogue (jazz, k-pop, drum and bass)';

function targetOf(space: FeatureSpace, target: WordTarget, label: string): PreferenceTarget {
  if ('value' in target) return { feature: target.feature, value: target.value, label };
  const f = featureIndex(space, target.feature);
  return { feature: target.feature, value: quantileSorted(space.sorted[f] as Float64Array, target.pct), label };
}

/** How far (in SD) a genre's mean may sit on the wrong side of a mood word's target before the word stops implying it. */
const GENRE_CONTRADICTS_SD = 0.5;

/**
 * Whether a genre a mood or feature word names sounds like the word: no feature the word aims above
 * (or below) the median has the genre's mean more than 0.5 SD on the other side. The catalogue's
 * "happy" genre is happy hardcore, below average in valence (z -0.58 on the sample), so "happy"
 * sets its mood target but does not prefer that genre; "sad", "chill", "dance", "sleep" keep theirs.
 */
function genreSoundsLike(vocabulary: Vocabulary, space: FeatureSpace, genre: number, meaning: WordMeaning): boolean {
  const d = space.features.length;
  return meaning.targets.every((target) => {
    if (!('pct' in target) || target.pct === 0.5) return true;
    const z = vocabulary.genreCentroid[genre * d + featureIndex(space, target.feature)] as number;
    return target.pct > 0.5 ? z >= -GENRE_CONTRADICTS_SD : z <= GENRE_CONTRADICTS_SD;
  });
}

/**
 * How typical each genre's average sound is of a partial query's targets, 0-1 by closeness of the
 * genre's mean to the targets on the query's features: a phrase with no genre word ("happy") then
 * prefers, among tracks equally close to its targets, those from genres that sound like that on
 * average (dance, dancehall), not an industrial or hardcore-punk track that happens to sit there.
 */
export function typicalGenres(vocabulary: Vocabulary, space: FeatureSpace, query: Query): Float64Array {
  const d = space.features.length;
  let weightSum = 0;
  for (const w of query.weights) weightSum += w;
  return Float64Array.from(vocabulary.genres, (_, code) => {
    let dist2 = 0;
    query.dims.forEach((f, i) => {
      const diff = (vocabulary.genreCentroid[code * d + f] as number) - (query.target[i] as number);
      dist2 += (query.weights[i] as number) * diff * diff;
    });
    return Math.exp(-dist2 / weightSum / 2);
  });
}

/** Every word and phrase the vocabulary knows (for "did you mean"). */
export function knownWords(vocabulary: Vocabulary): string[] {
  return [
    ...new Set([...Object.keys(MEANINGS), ...vocabulary.genreByPhrase.keys(), ...Object.keys(FEATURE_NAMES), ...Object.keys(LEVELS)]),
  ];
}

/**
 * Parses what a listener typed ("sad slow piano", "music for studying", "high energy, happy").
 * Later words override earlier ones on the same feature, except that a mood word never overrides a
 * feature named with its level ("high energy, happy" keeps high energy). Unknown words are an error with the
 * closest known words and a one-line hint.
 */
export function parseLike(text: string, vocabulary: Vocabulary, space: FeatureSpace): ParsedPhrase {
  const words = foldText(text.replace(/&/g, ' n ')).split(' ').filter(Boolean);
  const targets = new Map<AudioFeature, PhraseTarget>();
  const genres = new Set<number>();
  const namedGenres = new Set<number>();
  // A feature named with its level ("high energy") is what the listener asked for: a mood word's
  // implied level of it ("happy" implies energy at the 65th percentile) does not override it.
  const levelled = new Set<AudioFeature>();
  const set = (list: WordTarget[], label: string, byLevel = false) => {
    for (const target of list) {
      if (!byLevel && levelled.has(target.feature)) continue;
      targets.set(target.feature, targetOf(space, target, label));
      if (byLevel) levelled.add(target.feature);
    }
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const very = words[i - 1] === 'very' || words[i - 1] === 'really' || words[i - 1] === 'super';
    // "<level> <feature>": a catalogue percentile of that feature.
    const levelName =
      very && (word === 'high' || word === 'low') ? (`very ${word}` as Level) : word in LEVELS ? (word as Level) : undefined;
    const featureAfter = FEATURE_NAMES[words[i + 1] ?? ''];
    if (levelName && featureAfter) {
      set([pct(featureAfter, LEVELS[levelName])], `${levelName} ${featureAfter}`, true);
      i++;
      continue;
    }
    // Longest phrase first: "drum and bass", "road trip", "spoken word".
    let matched = 0;
    for (let n = Math.min(vocabulary.maxWords, words.length - i); n >= 1 && matched === 0; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const meaning = MEANINGS[phrase];
      const genre = vocabulary.genreByPhrase.get(phrase);
      if (!meaning && genre === undefined) continue;
      if (meaning) {
        set(very && meaning.very ? meaning.very : meaning.targets, very ? `very ${phrase}` : phrase);
        for (const name of meaning.genres) {
          const code = vocabulary.genres.indexOf(name);
          if (code >= 0 && genreSoundsLike(vocabulary, space, code, meaning)) genres.add(code);
        }
      }
      if (genre !== undefined && (!meaning || genreSoundsLike(vocabulary, space, genre, meaning))) {
        genres.add(genre);
        if (!meaning) namedGenres.add(genre);
      }
      matched = n;
    }
    if (matched > 0) {
      i += matched - 1;
      continue;
    }
    if (FILLER.has(word) || LEVEL_WORDS.has(word) || word === 'really' || word === 'super' || FEATURE_NAMES[word] !== undefined) continue;
    const suggestions = closestWords(word, knownWords(vocabulary));
    const didYouMean = suggestions.length ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(' or ')}?` : '';
    throw new InputError(`unknown word "${word}" in "${text}".${didYouMean} Hint: ${VOCABULARY_HINT}.`);
  }
  // A genre word beside other words also means the genre's distinctive sound, on features no word set.
  const named = [...namedGenres];
  if (targets.size > 0 && named.length > 0) {
    const d = space.features.length;
    space.features.forEach((feature, f) => {
      if (targets.has(feature)) return;
      let z = 0;
      for (const code of named) z += vocabulary.genreCentroid[code * d + f] as number;
      z /= named.length;
      if (Math.abs(z) < DISTINCTIVE_GENRE_Z) return;
      const names = named.map((code) => vocabulary.genres[code]).join(' + ');
      targets.set(feature, {
        feature,
        value: z * (space.scale[f] as number) + (space.mean[f] as number),
        label: `${names} ${feature}`,
        weight: INFERRED_WEIGHT,
      });
    });
  }
  let genreProfile = false;
  if (targets.size === 0 && genres.size > 0) {
    // Only genres named: aim at their mean profile, so the results sound typical of them.
    genreProfile = true;
    const d = space.features.length;
    const names = [...genres].map((code) => vocabulary.genres[code]).join(' + ');
    space.features.forEach((feature, f) => {
      let z = 0;
      for (const code of genres) z += vocabulary.genreCentroid[code * d + f] as number;
      z /= genres.size;
      targets.set(feature, { feature, value: z * (space.scale[f] as number) + (space.mean[f] as number), label: `${names} profile` });
    });
  }
  if (targets.size === 0) throw new InputError(`"${text}" names no preference. Hint: ${VOCABULARY_HINT}.`);
  const list = [...genres];
  return {
    targets: [...targets.values()],
    genres: list,
    genreStrength: list.map((c) => (namedGenres.has(c) ? 1 : IMPLIED_GENRE)),
    genreProfile,
  };
}
