/**
 * Why a track was recommended, in a listener's words: first the features where the query is
 * distinctive (far from the catalogue's average) and the track follows it, then where the track is
 * far from the query (over 1 SD), then the genre or artist reason when the blend used one.
 */
import type { Catalog } from '../data/catalog.js';
import type { AudioFeature } from '../data/schema.js';
import type { FeatureSpace } from '../features/featureSpace.js';
import type { ArtistIndex } from './affinity.js';
import type { Query, Scored } from './search.js';

export interface FeatureExplanation {
  feature: AudioFeature;
  label: string;
  target: number;
  value: number;
  /** This feature's share of the (weighted, standardized) squared distance, 0-1. */
  shareOfDistance: number;
  /** |track - target| in standard deviations of the catalogue. */
  gap: number;
}

/** What the blend knew about a result, for the reason line. */
export interface BlendReason {
  /** Preference per genre code (absent: no genre term). */
  genre?: Float64Array;
  /** Genre codes the query started from (the seeds' genres, the words' genres, the likeliest sounds). */
  queryGenres: number[];
  /** How the query's genres were given. */
  genreSource: 'seed' | 'words' | 'sound';
  artist?: Float64Array;
  seedArtists: number[];
}

/** A close feature is worth naming when the query is at least this far from the catalogue mean (SD). */
const DISTINCTIVE = 0.5;
/** A feature is "far" beyond this gap (SD). */
const FAR = 1;
const CLOSE = 0.5;

export function formatValue(feature: AudioFeature, value: number): string {
  if (feature === 'tempo') return value.toFixed(0);
  if (feature === 'loudness') return value.toFixed(1);
  return value.toFixed(2);
}

function genreReason(catalog: Catalog, reason: BlendReason, t: number): string | undefined {
  if (!reason.genre) return undefined;
  const names = catalog.genreNames;
  const own: number[] = [];
  for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++)
    own.push(catalog.genreCodes[k] as number);
  const shared = own.filter((g) => reason.queryGenres.includes(g));
  const whose = reason.genreSource === 'seed' ? "the seed's" : reason.genreSource === 'words' ? 'as asked' : 'as the query sounds';
  if (shared.length > 0)
    return `genre ${shared.map((g) => names[g]).join(', ')} ${reason.genreSource === 'seed' ? 'like the seed' : whose}`;
  const best = own.reduce((a, b) => ((reason.genre?.[b] ?? 0) > (reason.genre?.[a] ?? 0) ? b : a), own[0] ?? -1);
  if (best < 0 || (reason.genre[best] ?? 0) < 0.05) return undefined;
  return `genre ${names[best]}, related to ${reason.genreSource === 'seed' ? "the seed's" : 'the'} ${reason.queryGenres
    .slice(0, 2)
    .map((g) => names[g])
    .join(', ')}`;
}

function artistReason(artists: ArtistIndex | undefined, reason: BlendReason, t: number): string | undefined {
  if (!reason.artist || !artists) return undefined;
  const credited: number[] = [];
  for (let k = artists.offsets[t] as number; k < (artists.offsets[t + 1] as number); k++) credited.push(artists.codes[k] as number);
  const same = credited.find((a) => reason.seedArtists.includes(a));
  if (same !== undefined) return `by ${artists.names[same]}, a seed artist`;
  const close = credited.find((a) => (reason.artist?.[a] ?? 0) > 0);
  if (close !== undefined)
    return `${artists.names[close]} has worked with ${reason.seedArtists
      .map((a) => artists.names[a])
      .slice(0, 2)
      .join(', ')}`;
  return undefined;
}

export function explainResult(
  catalog: Catalog,
  space: FeatureSpace,
  query: Query,
  labels: string[],
  scored: Scored,
  blend?: { reason: BlendReason; artists?: ArtistIndex },
): { reason: string; features: FeatureExplanation[] } {
  const d = space.features.length;
  const parts = query.dims.map(
    (f, k) => (query.weights[k] as number) * ((query.target[k] as number) - (space.z[scored.track * d + f] as number)) ** 2,
  );
  const total = parts.reduce((a, b) => a + b, 0);
  const features: FeatureExplanation[] = query.dims.map((f, k) => {
    const feature = space.features[f] as AudioFeature;
    const zTrack = space.z[scored.track * d + f] as number;
    return {
      feature,
      label: labels[k] as string,
      target: (query.target[k] as number) * (space.scale[f] as number) + (space.mean[f] as number),
      value: catalog.numeric[feature][scored.track] as number,
      shareOfDistance: total > 0 ? (parts[k] as number) / total : 0,
      gap: Math.abs(zTrack - (query.target[k] as number)),
    };
  });
  const distinctiveness = (e: FeatureExplanation) => Math.abs(query.target[features.indexOf(e)] as number);
  // Seed targets read better by the feature's name (tempo 120 vs 118); phrase targets keep their words.
  const name = (e: FeatureExplanation) =>
    e.label.startsWith('seed') || e.feature.startsWith(e.label)
      ? e.feature
      : e.label.endsWith(e.feature)
        ? e.label
        : `${e.label} ${e.feature}`;
  const describe = (e: FeatureExplanation) => `${name(e)} ${formatValue(e.feature, e.value)} vs ${formatValue(e.feature, e.target)}`;
  const close = features.filter((e) => e.gap <= CLOSE).sort((a, b) => distinctiveness(b) - distinctiveness(a));
  const leading = close.filter((e) => distinctiveness(e) >= DISTINCTIVE).slice(0, 3);
  // Distinctive features first; short queries fill up to 3 with their other close features.
  const rest = close.filter((e) => !leading.includes(e)).slice(0, features.length <= 4 ? 3 - leading.length : leading.length > 0 ? 0 : 1);
  const shown = [...leading, ...rest];
  const far = features.filter((e) => e.gap > FAR).sort((a, b) => b.gap - a.gap);
  const pieces: string[] = [];
  if (shown.length > 0) pieces.push(`close on ${shown.map(describe).join(', ')}`);
  if (far.length > 0) pieces.push(`far on ${far.slice(0, 2).map(describe).join(', ')}`);
  if (pieces.length === 0) {
    const nearest = [...features].sort((a, b) => a.gap - b.gap)[0];
    if (nearest) pieces.push(`closest on ${describe(nearest)}`);
  }
  if (blend) {
    const genre = genreReason(catalog, blend.reason, scored.track);
    if (genre) pieces.push(genre);
    const artist = artistReason(blend.artists, blend.reason, scored.track);
    if (artist) pieces.push(artist);
  }
  return { reason: pieces.join('; '), features };
}
