/**
 * `spotify-intel emerging`: with earlier snapshots, tracks and artists rising now and likely to rise;
 * without, the notebook's audio heuristic, said to be what it is. `emerging backtest` scores the rankings.
 */
import type { Command } from 'commander';
import { InputError } from '../data/errors.js';
import { AUDIO_FEATURES } from '../data/schema.js';
import { escapeControl } from '../data/text.js';
import { type EmergingAnswer, type EvidenceSummary, summarizeEvidence } from '../discover/answer.js';
import type { BacktestResult, Estimate } from '../discover/backtest.js';
import type { EmergingResult } from '../discover/emerging.js';
import type { GrowthArtist } from '../discover/growth.js';
import { emergingRequestFromParams } from '../discover/params.js';
import { DEFAULT_ARTIST_CEILING, DEFAULT_EXCLUDED_GENRES } from '../discover/scoutFilters.js';
import { Engine } from '../engine/engine.js';
import { type Params, parseNumber } from '../engine/params.js';
import { addDataOptions, type DataOptions, loadFromOptions, positiveInteger } from './dataOptions.js';
import { addPreviousOptions, growthFromOptions, type PreviousOptions } from './previousOptions.js';
import { type Cell, renderTable } from './table.js';

interface EmergingOptions extends DataOptions, PreviousOptions {
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
  excludeGenre?: string;
  includeHoliday?: boolean;
  includePastHits?: boolean;
  artistCeiling?: string;
  releasedWithin?: string;
  list?: string;
  horizon?: string;
  maxPerArtist?: string;
  maxPerGenre?: string;
  notebook?: boolean;
}

interface BacktestOptions extends DataOptions, PreviousOptions {
  resamples?: string;
  seed?: string;
  folds?: string;
  json?: boolean;
}

export function registerEmergingCommand(program: Command): void {
  const command = addPreviousOptions(
    addDataOptions(
      program
        .command('emerging')
        .description('emerging tracks and artists: rising now and likely to rise (with earlier snapshots), or the audio heuristic'),
    ),
  )
    .option('--min-pop <n>', 'lowest popularity in the window (inclusive; the earlier popularity for "rising now")', '40')
    .option('--max-pop <n>', 'highest popularity in the window (inclusive)', '70')
    .option(
      '--weights <pairs>',
      "score weights, merged over the notebook's (danceability=1,energy=1,valence=1,tempo=1/200,loudness=-1/60); 0 drops a feature",
    )
    .option(
      '--by <score>',
      "show the audio ranking instead of the growth lists: heuristic (the notebook's score) or hit-likeness (P(popularity >= 70) from a logistic model)",
    )
    .option('--list <which>', 'growth lists to show: rising, likely or both', 'both')
    .option('--horizon <years>', '"likely to rise": the forecast horizon in years', '2')
    .option('--genre <genre>', 'only tracks carrying this genre (any of their genres)')
    .option('--exclude-genre <genres>', `leave out tracks carrying any of these genres, or none`, DEFAULT_EXCLUDED_GENRES.join(','))
    .option('--include-holiday', 'keep holiday tracks (titles or albums with christmas, xmas, navidad, noël, weihnacht, ...)')
    .option('--include-past-hits', 'keep songs the catalogue also has on a greatest-hits, best-of, remastered or anniversary album')
    .option(
      '--artist-ceiling <n>',
      'leave out artists whose best track is at or above this popularity, or none',
      String(DEFAULT_ARTIST_CEILING),
    )
    .option(
      '--released-within <years>',
      'leave out tracks released longer ago than this, where the release date is known (none keeps all)',
      '10',
    )
    .option('--max-per-artist <n>', 'growth lists: at most n tracks per main artist (0 = no limit)', '2')
    .option('--max-per-genre <n>', 'growth lists: at most n tracks per primary genre (0 = no limit)', '3')
    .option('--notebook', "the notebook's exact ranking: heuristic score, no filter, every version, artists by plain mean")
    .option('--artists', 'rank artists instead of tracks')
    .option('--min-tracks <n>', 'artists: at least n tracks in the pool (default 2)')
    .option('--prior-strength <k>', 'artists: shrink the mean toward the pool mean as if k more tracks scored the pool mean (default 3)')
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
        list: options.list,
        horizon: options.horizon,
        max_per_artist: options.maxPerArtist,
        max_per_genre: options.maxPerGenre,
        released_within: options.releasedWithin,
        notebook: options.notebook ? 'true' : undefined,
        // The notebook flag drops the scout filters unless they are asked for explicitly. The default
        // genre list is left to the core, which skips the genres a catalogue does not have (another
        // export's vocabulary, or none); a list the user types is checked name by name.
        exclude_genres: command.getOptionValueSource('excludeGenre') === 'default' ? undefined : options.excludeGenre,
        artist_ceiling: options.notebook && command.getOptionValueSource('artistCeiling') === 'default' ? undefined : options.artistCeiling,
        include_holiday: options.includeHoliday ? 'true' : undefined,
        include_past_hits: options.includePastHits ? 'true' : undefined,
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
      const engine = Engine.fromOpened(loaded);
      const evidence = options.notebook ? null : await growthFromOptions(catalog, options);
      engine.useGrowth(evidence);
      const answer = engine.emergingAnswer(request);
      if (options.json) {
        process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`);
        return;
      }
      const audioView = !evidence || options.by !== undefined || options.notebook;
      const lines: string[] = [];
      if (!options.notebook) lines.push(wrap(answer.note), '');
      lines.push(formatFilters(answer), '');
      process.stdout.write(
        lines.join('\n') + (audioView ? formatEmerging(answer, Boolean(options.artists)) : formatGrowth(answer, Boolean(options.artists))),
      );
    });

  // Options after `backtest` belong to it (both commands have --json, --data, ...).
  command.enablePositionalOptions();
  addPreviousOptions(
    addDataOptions(
      command
        .command('backtest')
        .description('score emerging rankings against real earlier popularity: precision@k, AUC, Spearman with bootstrap intervals'),
    ),
  )
    .option('--resamples <n>', 'bootstrap resamples', '1000')
    .option('--seed <n>', 'seed of the bootstrap and the folds', '42')
    .option('--folds <n>', 'folds by artist for the out-of-fold model', '5')
    .option('--json', 'print JSON (the default row has "default": true)')
    .action(async (options: BacktestOptions) => {
      const loaded = await loadFromOptions(options);
      const evidence = await growthFromOptions(loaded.catalog, options);
      if (!evidence) {
        throw new InputError(
          'emerging backtest needs earlier popularity snapshots: pass --previous FILE (or set SPOTIFY_INTEL_PREVIOUS); ' +
            '../shared/data/spotify_earlier_snapshots.csv was not found.',
        );
      }
      const engine = Engine.fromOpened(loaded);
      engine.useGrowth(evidence);
      const result = engine.backtest({
        resamples: positiveInteger('resamples', options.resamples) ?? 1000,
        seed: parseNumber(options.seed ?? '42', 'seed', { min: 0, max: 2 ** 31, integer: true }),
        folds: positiveInteger('folds', options.folds) ?? 5,
      });
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : formatBacktest(result, summarizeEvidence(evidence)));
    });
}

/** Wraps a paragraph at about 110 columns. */
function wrap(text: string, width = 110): string {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(line);
  return out.join('\n');
}

function formatFilters(answer: EmergingAnswer): string {
  const f = answer.filters;
  const e = answer.excluded;
  const parts = [
    `genres ${f.excludeGenres.length ? f.excludeGenres.join(', ') : 'none'} (${e.genre})`,
    `holiday titles ${f.excludeHoliday ? 'out' : 'kept'} (${e.holiday})`,
    `artist ceiling ${f.artistCeiling ?? 'none'} (${e.artistCeiling})`,
  ];
  if (f.releasedWithinYears !== null) parts.push(`released within ${f.releasedWithinYears} years (${e.releaseAge})`);
  parts.push(`past hits ${f.excludePastHits ? 'out' : 'kept'} (${e.pastHit})`);
  return `Filters (tracks of the window left out): ${parts.join('; ')}`;
}

const signed = (v: number, digits = 1) => `${v >= 0 ? '+' : ''}${v.toFixed(digits)}`;

function formatGrowth(answer: EmergingAnswer, artists: boolean): string {
  const lines: string[] = [];
  const ev = answer.evidence as EvidenceSummary;
  lines.push(
    `Snapshots: ${ev.files.map((f) => f.path).join(', ')}: ${ev.rows.toLocaleString('en-US')} rows, ${ev.distinctIds.toLocaleString('en-US')} ids, ` +
      `${ev.matchedIds.toLocaleString('en-US')} matched, ${ev.unmatchedIds.toLocaleString('en-US')} unmatched${ev.unmatchedExamples.length ? ` (e.g. ${ev.unmatchedExamples.slice(0, 3).join(', ')})` : ''}, ` +
      `${ev.rowsNotEarlier} rows not before ${ev.asOf.text}; ${ev.pairs.toLocaleString('en-US')} tracks with an earlier value.`,
  );
  const rising = answer.risingNow;
  if (rising) {
    lines.push('');
    lines.push(
      `RISING NOW: observed change from the newest earlier snapshot to ${ev.asOf.text}, minus the mean change of peers that started ` +
        `from the same popularity (${rising.window.minPopularity}-${rising.window.maxPopularity} then; ${rising.poolSize} tracks after filters).`,
    );
    if (artists) {
      lines.push(
        `Artists by shrunken mean excess change (points above peers; shrunk toward the pool mean ${signed(rising.poolMeanExcess)}):`,
      );
      lines.push(artistTable(rising.artists, (v) => signed(v)));
    } else {
      const rows: Cell[][] = rising.tracks.map((t) => [
        t.rank,
        `${t.trackName} - ${t.mainArtist}`,
        t.genres.slice(0, 2).join(', '),
        `${t.earlierPopularity} -> ${t.popularity}`,
        `${t.years.toFixed(1)} y`,
        signed(t.changePerYear),
        signed(t.peerChange),
        signed(t.excessChange),
        t.releaseYear === null ? '' : String(t.releaseYear),
        t.url,
      ]);
      lines.push(
        renderTable(
          ['#', 'track - main artist', 'genres', 'popularity', 'over', 'per year', 'peers', 'vs peers', 'released', 'link'],
          rows,
        ),
      );
    }
  }
  const likely = answer.likelyToRise;
  if (likely) {
    lines.push('');
    lines.push(
      `LIKELY TO RISE (a forecast): P(+${likely.threshold} points within ${likely.horizonYears} years) from a model trained on the snapshot pairs, ` +
        `today's popularity ${likely.window.minPopularity}-${likely.window.maxPopularity} (${likely.poolSize.toLocaleString('en-US')} tracks after filters). ` +
        'It learns which starting points and genres rose in 2019-2022; `emerging backtest` shows how well that ranked.',
    );
    if (artists) {
      lines.push(`Artists by shrunken mean probability (pool mean ${likely.poolMeanProbability.toFixed(3)}):`);
      lines.push(artistTable(likely.artists, (v) => v.toFixed(3)));
    } else {
      const rows: Cell[][] = likely.tracks.map((t) => [
        t.rank,
        `${t.trackName} - ${t.mainArtist}`,
        t.genres.slice(0, 2).join(', '),
        t.popularity,
        t.probability.toFixed(3),
        t.drivers.map((d) => `${d.column} ${signed(d.logOdds, 2)}`).join(', '),
        t.url,
      ]);
      lines.push(renderTable(['#', 'track - main artist', 'genres', 'pop', 'P(rise)', 'largest log-odds parts', 'link'], rows));
    }
  }
  return escapeControl(`${lines.join('\n')}\n`);
}

function artistTable(artists: GrowthArtist[], show: (v: number) => string): string {
  if (artists.length === 0) return 'No artist has enough tracks in the pool.';
  return renderTable(
    ['#', 'artist', 'tracks', 'mean', 'shrunk', 'mean pop', 'genres', 'best track'],
    artists.map((a) => [
      a.rank,
      a.artist,
      a.tracks,
      show(a.meanScore),
      show(a.shrunkScore),
      a.meanPopularity.toFixed(1),
      a.genres.slice(0, 3).join(', '),
      `${a.topTrack.trackName} ${a.topTrack.url}`,
    ]),
  );
}

export function formatBacktest(result: BacktestResult, evidence: EvidenceSummary): string {
  const f = (e: Estimate, digits = 3) => `${e.value.toFixed(digits)} [${e.low.toFixed(digits)}, ${e.high.toFixed(digits)}]`;
  const lines: string[] = [];
  lines.push(
    `Backtest: ${result.tracks.toLocaleString('en-US')} tracks whose earlier popularity was ${result.window.minPopularity}-${result.window.maxPopularity} ` +
      `(snapshots ${evidence.files.map((x) => x.path).join(', ')}; as of ${result.asOf}${result.undatedLeftOut ? `; ${result.undatedLeftOut} undated left out` : ''}).`,
  );
  lines.push(
    `A riser gained >= ${result.threshold} points by ${result.asOf}: ${result.risers} tracks, base rate ${(result.baseRate * 100).toFixed(1)}%. ` +
      `95% intervals: percentile bootstrap, ${result.resamples} resamples of the tracks, seed ${result.seed}.`,
  );
  lines.push('');
  const header = [
    'ranking',
    ...(result.rows[0]?.precision ?? []).map((p) => `precision@${p.k}`),
    'AUC',
    'Spearman (change)',
    'AUC - earlier alone (paired)',
  ];
  lines.push(
    renderTable(
      header,
      result.rows.map((r) => [
        `${r.name}${r.default ? ' (default)' : ''}`,
        ...r.precision.map((p) => f(p.estimate, 2)),
        f(r.auc),
        f(r.spearman),
        r.aucVsEarlier
          ? `${signed(r.aucVsEarlier.value, 3)} [${signed(r.aucVsEarlier.low, 3)}, ${signed(r.aucVsEarlier.high, 3)}]`
          : '(reference)',
      ]),
    ),
  );
  lines.push('');
  for (const r of result.rows) lines.push(`  ${r.name}: ${r.description}`);
  lines.push('');
  lines.push('Goals (default row):');
  for (const g of result.goals) lines.push(`  [${g.met ? 'met' : 'NOT met'}] ${g.goal}: ${g.detail}`);
  return escapeControl(`${lines.join('\n')}\n`);
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
    return escapeControl(`${lines.join('\n')}\n`);
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
  return escapeControl(`${lines.join('\n')}\n`);
}
