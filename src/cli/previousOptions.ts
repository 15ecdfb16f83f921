/** `--previous FILE` (earlier popularity snapshots) and `--as-of DATE`, shared by emerging, report and serve. */
import type { Command } from 'commander';
import type { Catalog } from '../data/catalog.js';
import { isInputError } from '../data/errors.js';
import { KAGGLE_AS_OF } from '../discover/approxDate.js';
import { fitGrowthEvidence, type GrowthEvidence } from '../discover/growth.js';
import { loadSnapshots, resolveSnapshotPaths } from '../discover/snapshots.js';

export interface PreviousOptions {
  /** Given files, or false for --no-previous. */
  previous?: string[] | false;
  asOf?: string;
}

const collect = (value: string, previous: string[] | false | undefined) => [...(previous || []), value];

export function addPreviousOptions(command: Command): Command {
  return command
    .option(
      '--previous <file>',
      'earlier popularity snapshots, CSV or Parquet with track_id, popularity[, snapshot, release_date] (repeatable; default: $SPOTIFY_INTEL_PREVIOUS, else ../shared/data/spotify_earlier_snapshots.csv when it exists)',
      collect,
    )
    .option('--no-previous', 'use no snapshot (no growth evidence)')
    .option('--as-of <date>', "the catalogue's own date (the Kaggle dataset was collected around 2022-10)", KAGGLE_AS_OF);
}

/** The snapshot files the options name ([] when none), loaded and joined; null without any. */
export async function growthFromOptions(catalog: Catalog, options: PreviousOptions): Promise<GrowthEvidence | null> {
  if (options.previous === false) return null;
  const paths = resolveSnapshotPaths(options.previous);
  if (paths.length === 0) return null;
  const files = await loadSnapshots(paths);
  const named = (options.previous && options.previous.length > 0) || Boolean(process.env.SPOTIFY_INTEL_PREVIOUS);
  try {
    return fitGrowthEvidence(catalog, files, { asOf: options.asOf ?? KAGGLE_AS_OF });
  } catch (error) {
    // The shared file belongs to the shared sample: on another catalogue it may not match at all,
    // which is no reason to stop a command that did not ask for it.
    if (named || !isInputError(error)) throw error;
    process.stderr.write(`spotify-intel: no growth evidence: ${error.message}\n`);
    return null;
  }
}
