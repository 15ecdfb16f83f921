/** The options every data-reading command shares, and loading the catalogue they name. */
import { type Command, Option } from 'commander';
import { resolveDataPath } from '../data/dataPath.js';
import { InputError } from '../data/errors.js';
import { type LoadedCatalog, loadCatalog } from '../data/index.js';
import type { OnInvalid } from '../data/load.js';
import { withProgress } from './progress.js';

export interface DataOptions {
  data?: string;
  onInvalid: OnInvalid;
  threads?: string;
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
      'catalogue CSV or Parquet file (default: $SPOTIFY_INTEL_DATA, data/dataset.csv, ../shared/data/spotify_sample.csv)',
    )
    .addOption(
      new Option('--on-invalid <mode>', 'rows with invalid values: error (stop) or skip (leave out, count and list)')
        .choices(['error', 'skip'])
        .default('error'),
    )
    .option('--threads <n>', 'DuckDB threads (default: all cores)');
}

/** Loads and cleans the catalogue the options name, with a spinner on a TTY. */
export async function loadFromOptions(options: DataOptions): Promise<LoadedCatalog> {
  const path = resolveDataPath(options.data);
  return withProgress(
    `loading ${path}`,
    loadCatalog(path, { onInvalid: options.onInvalid, threads: positiveInteger('threads', options.threads) }),
  );
}
