import type { Command } from 'commander';
import { csvCell } from '../data/csvCell.js';
import { InputError } from '../data/errors.js';
import { escapeControl } from '../data/text.js';
import type { Params } from '../engine/params.js';
import type { FeatureSpace } from '../features/featureSpace.js';
import { parseTargets, parseWeights } from '../features/preferences.js';
import { parseBlendWeights, requestFromParams } from '../recommend/params.js';
import type { RecommendRequest, RecommendResult } from '../recommend/recommend.js';

export interface RecommendOptions {
  like?: string;
  target?: string;
  weights?: string;
  min?: string;
  max?: string;
  genre?: string;
  excludeGenre?: string;
  explicit: boolean;
  seedTrack: string[];
  seed: string[];
  seedArtist: string[];
  audioOnly?: boolean;
  includeHoliday?: boolean;
  blend?: string;
  limit?: string;
  metric?: string;
  plain?: boolean;
  search?: string;
  indexCache?: string;
  maxPerArtist?: string;
  allowVersions?: boolean;
  mmr?: string;
  json?: boolean;
  csv?: boolean;
  uris?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

export function addRecommendOptions(command: Command): Command {
  return command
    .option('--like <phrases>', 'stated taste, e.g. "high energy, fast tempo, happy mood"')
    .option('--target <targets>', 'feature=value|level pairs (energy=0.9,valence=high), or all 9 values in notebook order')
    .option('--weights <weights>', 'feature=weight pairs (energy=2)')
    .option('--min <bounds>', 'lower bounds on any numeric column (tempo=120,popularity=30)')
    .option('--max <bounds>', 'upper bounds on any numeric column')
    .option('--genre <genres>', 'keep tracks carrying one of these genres (comma-separated)')
    .option('--exclude-genre <genres>', 'drop tracks carrying any of these genres')
    .option('--no-explicit', 'leave out explicit tracks')
    .option('--seed-track <ids>', 'seed track ids (comma-separated; repeatable)', collect, [])
    .option('--seed <name>', 'seed track as "artist - title" (repeatable)', collect, [])
    .option('--seed-artist <name>', "seed from an artist's profile and genres (repeatable; at most 5 seeds in all)", collect, [])
    .option('--audio-only', 'rank by audio distance only: no genre or artist blend (filters and diversity stay)')
    .option('--blend <weights>', 'blend weights, name=value (audio, genre, artist, collaborator, soundsLike, wordGenre)')
    .option('--limit <n>', 'results, 1-100', '10')
    .option('--metric <metric>', 'cosine (default) or euclidean')
    .option('--plain', 'plain k nearest neighbours: no filters, no diversity (the notebook)')
    .option('--search <mode>', 'auto (approximate index from 500,000 tracks on), exact, or approximate', 'auto')
    .option('--index-cache <dir>', 'where approximate indexes are cached (default: $SPOTIFY_INTEL_CACHE or ~/.cache/spotify-intel)')
    .option('--max-per-artist <n>', 'at most n tracks per main artist (default 2; 0 = no limit)')
    .option('--allow-versions', 'allow several versions of the same song')
    .option(
      '--include-holiday',
      'keep holiday songs (christmas, xmas, navidad, ... in title or album): left out by default; holiday seeds get only holiday songs',
    )
    .option('--mmr <lambda>', 'MMR re-ranking, 0-1 (1 = relevance only)')
    .option('--json', 'print JSON')
    .option('--csv', 'print CSV')
    .option('--uris', 'print one spotify:track URI per line, to paste into a playlist');
}

function pairs(text: string | undefined, prefix: string, flag: string, params: Params): void {
  for (const part of (text ?? '').split(',').filter((p) => p.trim())) {
    const [name, value, extra] = part.split('=');
    if (!name || value === undefined || extra !== undefined) throw new InputError(`${flag}: expected column=value, got "${part}"`);
    params[`${prefix}_${name.trim()}`] = value.trim();
  }
}

/** CLI options -> the same request the HTTP API builds from its parameters. */
export function requestFromOptions(options: RecommendOptions, space: FeatureSpace): RecommendRequest {
  const params: Params = {};
  if (options.like !== undefined) params.like = options.like;
  pairs(options.min, 'min', '--min', params);
  pairs(options.max, 'max', '--max', params);
  if (options.genre) params.seed_genres = options.genre;
  if (options.excludeGenre) params.exclude_genres = options.excludeGenre;
  if (!options.explicit) params.explicit = 'false';
  if (options.seedTrack.length) params.seed_tracks = options.seedTrack.join(',');
  if (options.seed.length) params.seed_names = options.seed;
  if (options.seedArtist.length) params.seed_artists = options.seedArtist;
  if (options.audioOnly) params.audio_only = 'true';
  if (options.limit !== undefined) params.limit = options.limit;
  if (options.metric !== undefined) params.metric = options.metric;
  if (options.plain) params.plain = 'true';
  if (options.search !== undefined) params.search = options.search;
  if (options.maxPerArtist !== undefined) params.max_per_artist = options.maxPerArtist;
  if (options.allowVersions) params.allow_versions = 'true';
  if (options.includeHoliday) params.include_holiday = 'true';
  if (options.mmr !== undefined) params.mmr = options.mmr;
  const request = requestFromParams(params, space);
  const explicitTargets = options.target ? parseTargets(options.target, space) : [];
  const overridden = new Set(explicitTargets.map((t) => t.feature));
  request.targets = [...(request.targets ?? []).filter((t) => !overridden.has(t.feature)), ...explicitTargets];
  if (options.weights) request.weights = parseWeights(options.weights);
  if (options.blend) request.blend = parseBlendWeights(options.blend, '--blend');
  return request;
}

/** Match (distance queries, 2 decimals as the dashboard) or cosine similarity, and the blended score when there is one. */
function closeness(r: RecommendResult['results'][number]): string {
  const audio = r.similarity !== undefined ? `similarity ${r.similarity.toFixed(3)}` : `match ${(r.match ?? 0).toFixed(2)}`;
  return r.score !== undefined ? `${audio} | score ${r.score.toFixed(2)}` : audio;
}

export function formatRecommendations(result: RecommendResult, options: Pick<RecommendOptions, 'json' | 'csv' | 'uris'>): string {
  if (options.json) return `${JSON.stringify(result, null, 2)}\n`;
  if (options.uris) return result.results.map((r) => `${r.uri}\n`).join('');
  if (options.csv) {
    const header = [
      'rank',
      'track_id',
      'track_name',
      'artists',
      'genres',
      'popularity',
      result.metric === 'cosine' ? 'similarity' : 'match',
      'url',
      'reason',
    ];
    const rows = result.results.map((r) =>
      [
        r.rank,
        r.trackId,
        r.trackName,
        r.artists,
        r.genres.join(';'),
        r.popularity,
        (r.similarity ?? r.match ?? 0).toFixed(4),
        r.url,
        r.explanation.reason,
      ]
        .map(csvCell)
        .join(','),
    );
    return `${[header.join(','), ...rows].join('\n')}\n`;
  }
  const lines: string[] = [];
  const targets = result.targets.map(
    (t) => `${t.label} (${t.feature} ${Number(t.value.toFixed(3))}${t.weight !== 1 ? `, weight ${t.weight}` : ''})`,
  );
  if (result.seeds.length) lines.push(`Seeds: ${result.seeds.map((s) => `${s.artists} - ${s.trackName}`).join('; ')}`);
  lines.push(`Targets: ${targets.join(', ')}`);
  lines.push(
    `Pool after filters: ${result.poolSize.toLocaleString('en-US')} tracks; metric: ${result.metric}; search: ${result.search.reason}`,
  );
  lines.push('');
  for (const r of result.results) {
    lines.push(`${String(r.rank).padStart(2)}. ${r.trackName} - ${r.artists.replaceAll(';', ', ')}`);
    lines.push(`    ${closeness(r)} | popularity ${r.popularity} | ${r.genres.join(', ')}${r.explicit ? ' | explicit' : ''}`);
    lines.push(`    ${r.explanation.reason}`);
    lines.push(`    ${r.url}`);
  }
  if (result.results.length === 0) lines.push('No track passes the filters.');
  return escapeControl(`${lines.join('\n')}\n`);
}
