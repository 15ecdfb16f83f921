/**
 * Turning what a listener says ("high energy, fast tempo, happy mood") into feature targets.
 * Levels map to the catalogue's own percentiles, so "high energy" means high for this catalogue.
 */
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES, type AudioFeature, NUMERIC_RULES } from '../data/schema.js';
import { type NumberRange, parseNameValues, parseNumber } from '../engine/params.js';
import { quantileSorted } from '../stats/descriptive.js';
import { type FeatureSpace, featureIndex } from './featureSpace.js';

export const LEVELS = {
  'very low': 0.1,
  low: 0.25,
  medium: 0.5,
  high: 0.75,
  'very high': 0.9,
} as const;
export type Level = keyof typeof LEVELS;

/** Names a listener may use for a feature, e.g. "high energy", "low mood". */
export const FEATURE_NAMES: Record<string, AudioFeature> = {
  danceability: 'danceability',
  dance: 'danceability',
  energy: 'energy',
  intensity: 'energy',
  loudness: 'loudness',
  volume: 'loudness',
  speechiness: 'speechiness',
  speech: 'speechiness',
  words: 'speechiness',
  acousticness: 'acousticness',
  acoustic: 'acousticness',
  instrumentalness: 'instrumentalness',
  instrumental: 'instrumentalness',
  liveness: 'liveness',
  live: 'liveness',
  valence: 'valence',
  mood: 'valence',
  positivity: 'valence',
  tempo: 'tempo',
  bpm: 'tempo',
  speed: 'tempo',
};

/** Adjectives and the feature level they stand for. "very" in front moves high to very high. */
export const VOCABULARY: Record<string, { feature: AudioFeature; level: 'high' | 'low' }> = {
  happy: { feature: 'valence', level: 'high' },
  cheerful: { feature: 'valence', level: 'high' },
  upbeat: { feature: 'valence', level: 'high' },
  positive: { feature: 'valence', level: 'high' },
  sad: { feature: 'valence', level: 'low' },
  melancholic: { feature: 'valence', level: 'low' },
  gloomy: { feature: 'valence', level: 'low' },
  dark: { feature: 'valence', level: 'low' },
  fast: { feature: 'tempo', level: 'high' },
  slow: { feature: 'tempo', level: 'low' },
  danceable: { feature: 'danceability', level: 'high' },
  groovy: { feature: 'danceability', level: 'high' },
  acoustic: { feature: 'acousticness', level: 'high' },
  electronic: { feature: 'acousticness', level: 'low' },
  instrumental: { feature: 'instrumentalness', level: 'high' },
  vocal: { feature: 'instrumentalness', level: 'low' },
  loud: { feature: 'loudness', level: 'high' },
  quiet: { feature: 'loudness', level: 'low' },
  soft: { feature: 'loudness', level: 'low' },
  energetic: { feature: 'energy', level: 'high' },
  intense: { feature: 'energy', level: 'high' },
  powerful: { feature: 'energy', level: 'high' },
  calm: { feature: 'energy', level: 'low' },
  chill: { feature: 'energy', level: 'low' },
  relaxed: { feature: 'energy', level: 'low' },
  mellow: { feature: 'energy', level: 'low' },
  live: { feature: 'liveness', level: 'high' },
  studio: { feature: 'liveness', level: 'low' },
  spoken: { feature: 'speechiness', level: 'high' },
  rap: { feature: 'speechiness', level: 'high' },
  talky: { feature: 'speechiness', level: 'high' },
};

/** Words that carry no preference ("happy mood", "fast songs"). */
const FILLER: ReadonlySet<string> = new Set([
  'mood',
  'music',
  'songs',
  'song',
  'tracks',
  'track',
  'vibe',
  'vibes',
  'feel',
  'feeling',
  'sound',
  'with',
  'a',
  'and',
  'but',
  'tempo',
  'very',
]);

export interface PreferenceTarget {
  feature: AudioFeature;
  /** In the feature's own units. */
  value: number;
  /** The words that produced it ("high energy"), for explanations. */
  label: string;
}

export function vocabularyHelp(): string {
  return (
    `levels: ${Object.keys(LEVELS).join(', ')} (+ a feature: ${Object.keys(FEATURE_NAMES).join(', ')});\n` +
    `  words: ${Object.keys(VOCABULARY).join(', ')} (optionally after "very")`
  );
}

/** The value of `level` for a feature: the catalogue's 10/25/50/75/90th percentile. */
export function levelValue(space: FeatureSpace, feature: AudioFeature, level: Level): number {
  const f = featureIndex(space, feature);
  if (f < 0) throw new InputError(`feature ${feature} is not in the search space`);
  return quantileSorted(space.sorted[f] as Float64Array, LEVELS[level]);
}

function normalizeLevel(text: string): Level | undefined {
  const key = text.toLowerCase().replace(/[-_]/g, ' ').replace(/\s+/g, ' ').trim();
  const compact = key === 'veryhigh' ? 'very high' : key === 'verylow' ? 'very low' : key;
  return compact in LEVELS ? (compact as Level) : undefined;
}

/** Parses phrases such as "high energy, fast tempo, happy mood, very low speechiness". */
export function parsePhrases(text: string, space: FeatureSpace): PreferenceTarget[] {
  const targets = new Map<AudioFeature, PreferenceTarget>();
  const set = (feature: AudioFeature, level: Level, label: string) => {
    targets.set(feature, { feature, value: levelValue(space, feature, level), label });
  };
  const clauses = text
    .toLowerCase()
    .split(/[,;]|\band\b/)
    .map((c) => c.trim())
    .filter(Boolean);
  if (clauses.length === 0) throw new InputError(`like: give at least one phrase; ${vocabularyHelp()}`);
  for (const clause of clauses) {
    const words = clause.split(/\s+/);
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      const very = words[i - 1] === 'very';
      const twoWordLevel = very && (word === 'high' || word === 'low') ? normalizeLevel(`very ${word}`) : undefined;
      const level = twoWordLevel ?? normalizeLevel(word);
      if (level && FEATURE_NAMES[words[i + 1] ?? ''] !== undefined) {
        const feature = FEATURE_NAMES[words[i + 1] as string] as AudioFeature;
        set(feature, level, `${level} ${feature}`);
        i++;
        continue;
      }
      const entry = VOCABULARY[word];
      if (entry) {
        const strong: Level = entry.level === 'high' ? 'very high' : 'very low';
        set(entry.feature, very ? strong : entry.level, very ? `very ${word}` : word);
        continue;
      }
      if (FILLER.has(word) || FEATURE_NAMES[word] !== undefined) continue;
      throw new InputError(`unknown word "${word}" in "${clause}".\n  Known ${vocabularyHelp()}`);
    }
  }
  if (targets.size === 0) throw new InputError(`"${text}" names no preference; ${vocabularyHelp()}`);
  return [...targets.values()];
}

/**
 * The range a target may take: the feature's valid range, with loudness -60..5 dB and tempo 0..300 BPM
 * (what music is played at), so no query is built on an impossible value.
 */
export function targetRange(feature: AudioFeature): NumberRange {
  if (feature === 'loudness') return { min: -60, max: 5 };
  if (feature === 'tempo') return { min: 0, max: 300 };
  const rule = NUMERIC_RULES[feature] as { min?: number; max?: number };
  return { min: rule.min, max: rule.max };
}

export function parseFeatureName(name: string, source: string): AudioFeature {
  const feature = FEATURE_NAMES[name.trim().toLowerCase()];
  if (!feature) throw new InputError(`${source}: unknown feature "${name}"; features: ${AUDIO_FEATURES.join(', ')}`);
  return feature;
}

/** One target value: a number in the feature's units, or a level name. */
export function parseTargetValue(feature: AudioFeature, text: string, space: FeatureSpace, source: string): PreferenceTarget {
  const level = normalizeLevel(text);
  if (level) return { feature, value: levelValue(space, feature, level), label: `${level} ${feature}` };
  if (!/^[+\-.\d]/.test(text)) {
    throw new InputError(
      `${source}: ${feature}=${JSON.stringify(text)} is neither a number nor a level (${Object.keys(LEVELS).join(', ')})`,
    );
  }
  return { feature, value: parseNumber(text, `${source}: ${feature}`, targetRange(feature)), label: feature };
}

/**
 * Parses `energy=0.9,valence=high` or, as the notebook, all nine values in order
 * (danceability, energy, loudness, speechiness, acousticness, instrumentalness, liveness, valence, tempo).
 */
export function parseTargets(text: string, space: FeatureSpace, source = 'targets'): PreferenceTarget[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length > 0 && parts.every((p) => !p.includes('='))) {
    if (parts.length !== AUDIO_FEATURES.length) {
      throw new InputError(
        `${source}: give name=value pairs, or all ${AUDIO_FEATURES.length} values in order (${AUDIO_FEATURES.join(', ')})`,
      );
    }
    return AUDIO_FEATURES.map((feature, i) => parseTargetValue(feature, parts[i] as string, space, source));
  }
  return parseNameValues(text, source).map(({ name, value }) => parseTargetValue(parseFeatureName(name, source), value, space, source));
}

/** Parses `energy=2,valence=0.5` into per-feature weights (> 0). */
export function parseWeights(text: string, source = 'weights'): Partial<Record<AudioFeature, number>> {
  const weights: Partial<Record<AudioFeature, number>> = {};
  for (const { name, value } of parseNameValues(text, source)) {
    const feature = parseFeatureName(name, source);
    weights[feature] = parseNumber(value, `${source}: ${feature}`, { above: 0, max: 100 });
  }
  return weights;
}
