/** The options every data-reading command shares, and loading the catalogue they name. */
import { type Command, Option } from 'commander';
import type { ArtifactStore } from '../cache/artifacts.js';
import { type OpenedCatalog, openCatalog } from '../cache/openCatalog.js';
import { FULL_DATA_HINT, isDemoData, resolveDataPath } from '../data/dataPath.js';
import { InputError } from '../data/errors.js';
import { parseColumnMap } from '../data/layouts.js';
import type { OnInvalid } from '../data/load.js';
import { withProgress } from './progress.js';

export interface DataOptions {
  data?: string;
  onInvalid: OnInvalid;
  threads?: string;
  /** false with --no-cache. */
  cache?: boolean;
  columns?: string;
  genreColumn?: string;
}

/** Parses a whole number >= 1 given to `--<name>`; undefined stays undefined. */
export function positiveInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new InputError(`--${name} must be a whole number >= 1, got ${JSON.stringify(text)}.`);
  return n;
}

export function addDataOptions(command: Command): Command {
  return command
    .option(
      '--data <file>',
      'catalogue CSV or Parquet file (default: $SPOTIFY_INTEL_DATA, data/dataset.csv, ../shared/data/spotify_sample.csv, else the bundled demo)',
    )
    .addOption(
      new Option('--on-invalid <mode>', 'rows with invalid values: error (stop) or skip (leave out, count and list)')
        .choices(['error', 'skip'])
        .default('error'),
    )
    .option('--threads <n>', 'reading threads: DuckDB workers; 1 keeps the CSV reader on one thread (default: all cores)')
    .option('--columns <pairs>', 'where our columns are in another layout: ours=theirs,... (e.g. artists=artist_name,track_genre=genre)')
    .option('--genre-column <name>', "the file's column holding genres (e.g. playlist_subgenre in TidyTuesday's spotify_songs)")
    .option('--no-cache', 'neither read nor write the catalogue cache ($SPOTIFY_INTEL_CACHE or ~/.cache/spotify-intel)');
}

const log = (line: string) => process.stderr.write(`spotify-intel: ${line}\n`);

/** The catalogue the options name; says so on stderr when it is the bundled demo excerpt. */
export function dataPathFromOptions(options: DataOptions): string {
  const path = resolveDataPath(options.data);
  if (isDemoData(path)) log(`using the demo excerpt (3,000 tracks, examples/demo_tracks.csv): ${FULL_DATA_HINT}`);
  return path;
}

/**
 * Opens the catalogue the options name (from the catalogue cache when this file was loaded before),
 * with a spinner on a TTY. Cache decisions are logged when `verbose` (servers) or when a damaged
 * entry is rebuilt.
 */
export async function loadFromOptions(
  options: DataOptions,
  verbose = false,
  needs: 'catalog' | 'exploration' = 'catalog',
): Promise<OpenedCatalog> {
  const path = dataPathFromOptions(options);
  return withProgress(
    `loading ${path}`,
    openCatalog(path, {
      onInvalid: options.onInvalid,
      threads: positiveInteger('threads', options.threads),
      cache: options.cache === false ? false : undefined,
      ...(options.columns ? { columns: parseColumnMap(options.columns) } : {}),
      ...(options.genreColumn ? { genreColumn: options.genreColumn } : {}),
      needs,
      log: (line) => {
        if (verbose || line.includes('damaged')) log(line);
      },
    }),
  );
}

/** The artifact store beside the opened catalogue's cache entry (none with --no-cache). */
export function artifactsOf(opened: OpenedCatalog, logLine: (line: string) => void = log): ArtifactStore | undefined {
  return opened.cache ? { entry: opened.cache, log: logLine } : undefined;
}
