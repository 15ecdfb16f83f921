/** `spotify-intel emerging`: mid-popularity tracks and artists with a hit-like profile. */
import type { Command } from 'commander';
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES } from '../data/schema.js';
import type { EmergingResult } from '../discover/emerging.js';
import { emergingRequestFromParams } from '../discover/params.js';
import { Engine } from '../engine/engine.js';
import type { Params } from '../recommend/params.js';
import { addDataOptions, type DataOptions, loadFromOptions } from './dataOptions.js';
import { type Cell, renderTable } from './table.js';

interface EmergingOptions extends DataOptions {
  minPop?: string;
  maxPop?: string;
  weights?: string;
  by?: string;
  genre?: string;
  artists?: boolean;
  minTracks?: string;
  priorStrength?: string;
  rankArtistsBy?: string;
  allowVersions?: boolean;
  limit?: string;
  json?: boolean;
}

export function registerEmergingCommand(program: Command): void {
  addDataOptions(program.command('emerging').description('emerging tracks and artists: mid popularity, hit-like audio profile'))
    .option('--min-pop <n>', 'lowest popularity in the window (inclusive)', '40')
    .option('--max-pop <n>', 'highest popularity in the window (inclusive)', '70')
    .option(
      '--weights <pairs>',
      "score weights, merged over the notebook's (danceability=1,energy=1,valence=1,tempo=1/200,loudness=-1/60); 0 drops a feature",
    )
    .option('--by <score>', "heuristic (the notebook's score) or hit-likeness (P(popularity >= 70) from a logistic model)", 'heuristic')
    .option('--genre <genre>', 'only tracks carrying this genre (any of their genres)')
    .option('--artists', 'rank artists instead of tracks')
    .option('--min-tracks <n>', 'artists: at least n tracks in the pool', '2')
    .option('--prior-strength <k>', 'artists: shrink the mean toward the pool mean as if k more tracks scored the pool mean', '3')
    .option('--rank-artists-by <key>', 'artists: shrunk (default) or mean (the notebook)')
    .option('--allow-versions', 'keep every version of a song (default: its best version only)')
    .option('--limit <n>', 'results, 1-1000', '10')
    .option('--json', 'print JSON')
    .action(async (options: EmergingOptions) => {
      const loaded = await loadFromOptions(options);
      const { catalog } = loaded;
      const params: Params = {
        min_pop: options.minPop,
        max_pop: options.maxPop,
        by: options.by,
        genre: options.genre,
        min_tracks: options.minTracks,
        prior_strength: options.priorStrength,
        rank_artists_by: options.rankArtistsBy,
        limit: options.limit,
        allow_versions: options.allowVersions ? 'true' : undefined,
      };
      for (const part of (options.weights ?? '').split(',').filter((p) => p.trim())) {
        const [name, value, extra] = part.split('=');
        if (!name || value === undefined || extra !== undefined) throw new InputError(`--weights: expected feature=number, got "${part}"`);
        const feature = name.trim().toLowerCase();
        if (!(AUDIO_FEATURES as readonly string[]).includes(feature)) {
          throw new InputError(`--weights: unknown feature "${name}"; features: ${AUDIO_FEATURES.join(', ')}`);
        }
        params[`weight_${feature}`] = value.trim();
      }
      for (const key of Object.keys(params)) if (params[key] === undefined) delete params[key];
      const request = emergingRequestFromParams(params, catalog.genreNames);
      const result = Engine.fromOpened(loaded).emerging(request);
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatEmerging(result, Boolean(options.artists)));
    });
}

const fixed = (value: number, digits = 3) => value.toFixed(digits);

function describeScore(result: EmergingResult): string {
  if (result.by === 'hit-likeness' && result.model) {
    const m = result.model;
    return (
      `score = hit-likeness, P(popularity >= ${m.threshold}) from an L2 logistic regression (C=${m.C}) on the 9 standardized features; ` +
      `held-out ROC AUC ${m.auc.toFixed(3)} (${m.testSize.toLocaleString('en-US')} tracks, stratified, seed ${m.seed}); ` +
      `${(m.positiveRate * 100).toFixed(1)}% of tracks are hits`
    );
  }
  // Reads as the notebook writes it: danceability + energy + valence + tempo/200 - loudness/60.
  const terms = Object.entries(result.weights).map(([f, w], i) => {
    const size = Math.abs(w as number);
    const inverse = 1 / size;
    const body =
      size === 1
        ? f
        : Number.isInteger(Number(inverse.toFixed(9)))
          ? `${f}/${Math.round(inverse)}`
          : `${Number(size.toPrecision(4))} x ${f}`;
    return `${(w as number) < 0 ? (i ? '- ' : '-') : i ? '+ ' : ''}${body}`;
  });
  return `score = ${terms.join(' ')}`;
}

export function formatEmerging(result: EmergingResult, artists: boolean): string {
  const lines: string[] = [];
  const songs = result.entries === result.poolSize ? '' : ` (${result.entries.toLocaleString('en-US')} songs after folding versions)`;
  lines.push(
    `Emerging: popularity ${result.window.minPopularity}-${result.window.maxPopularity}${result.genre ? `, genre ${result.genre}` : ''}; ` +
      `pool ${result.poolSize.toLocaleString('en-US')} tracks${songs}`,
  );
  lines.push(describeScore(result));
  lines.push('');
  if (artists) {
    lines.push(
      `Artists with >= ${result.minTracks} tracks, by ${result.rankArtistsBy === 'shrunk' ? 'shrunken mean' : 'mean'} score ` +
        `(shrunken = (n x mean + ${result.priorStrength} x pool mean ${fixed(result.poolMeanScore)}) / (n + ${result.priorStrength}))`,
    );
    const rows: Cell[][] = result.artists.map((a) => [
      a.rank,
      a.artist,
      a.tracks,
      fixed(a.meanScore),
      fixed(a.shrunkScore),
      a.meanPopularity.toFixed(1),
      a.genres.slice(0, 3).join(', '),
      `${a.topTrack.trackName} ${a.topTrack.url}`,
    ]);
    lines.push(renderTable(['#', 'artist', 'tracks', 'mean', 'shrunk', 'mean pop', 'genres', 'best track'], rows));
    if (rows.length === 0) lines.push('No artist has enough tracks in the pool.');
    return `${lines.join('\n')}\n`;
  }
  if (result.by === 'hit-likeness') {
    const rows: Cell[][] = result.tracks.map((t) => {
      const drivers = Object.entries(t.components)
        .sort((a, b) => Math.abs(b[1] as number) - Math.abs(a[1] as number))
        .slice(0, 3)
        .map(([f, v]) => `${f} ${(v as number) >= 0 ? '+' : ''}${(v as number).toFixed(2)}`)
        .join(', ');
      return [t.rank, fixed(t.score), fixed(t.heuristicScore), t.popularity, `${t.trackName} - ${t.mainArtist}`, drivers, t.url];
    });
    lines.push(renderTable(['#', 'P(hit)', 'heuristic', 'pop', 'track - main artist', 'largest log-odds parts', 'link'], rows));
  } else {
    const features = Object.keys(result.weights);
    const rows: Cell[][] = result.tracks.map((t) => [
      t.rank,
      fixed(t.score),
      ...features.map((f) => fixed(t.components[f as keyof typeof t.components] as number)),
      t.popularity,
      `${t.trackName} - ${t.mainArtist}${t.otherVersions ? ` (+${t.otherVersions} version${t.otherVersions > 1 ? 's' : ''})` : ''}`,
      t.url,
    ]);
    lines.push(renderTable(['#', 'score', ...features, 'pop', 'track - main artist', 'link'], rows));
  }
  if (result.tracks.length === 0) lines.push('No track in the window.');
  return `${lines.join('\n')}\n`;
}
