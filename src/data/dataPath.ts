import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InputError } from './errors.js';

export const DEFAULT_DATA_CANDIDATES = ['data/dataset.csv', '../shared/data/spotify_sample.csv'] as const;

/**
 * The demo excerpt shipped with the package (3,000 real rows over all 114 genres), found beside the
 * package rather than the working directory so a fresh install runs from any folder.
 */
export const DEMO_DATA_PATH = fileURLToPath(new URL('../../../examples/demo_tracks.csv', import.meta.url));

/** Where to put the full catalogue, said wherever the demo is used. */
export const FULL_DATA_HINT =
  'for the full catalogue, save the Kaggle "Spotify Tracks Dataset" file dataset.csv ' +
  '(https://www.kaggle.com/datasets/maharshipandya/-spotify-tracks-dataset) as data/dataset.csv, or pass --data FILE';

/** True when `path` is the bundled demo excerpt. */
export function isDemoData(path: string): boolean {
  return path === DEMO_DATA_PATH;
}

/**
 * The catalogue to read: `--data`, else `$SPOTIFY_INTEL_DATA`, else the first existing default
 * (`data/dataset.csv`, then `../shared/data/spotify_sample.csv`, relative to the working directory),
 * else the package's demo excerpt.
 */
export function resolveDataPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  if (env.SPOTIFY_INTEL_DATA) return env.SPOTIFY_INTEL_DATA;
  const found = DEFAULT_DATA_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  if (existsSync(DEMO_DATA_PATH)) return DEMO_DATA_PATH;
  throw new InputError(
    'no catalogue to read: pass --data FILE or set SPOTIFY_INTEL_DATA.\n' +
      `  Looked for: ${DEFAULT_DATA_CANDIDATES.join(', ')} (relative to ${process.cwd()}) and ${DEMO_DATA_PATH}.\n` +
      '  Get the Kaggle "Spotify Tracks Dataset" (maharshipandya/-spotify-tracks-dataset, file dataset.csv)\n' +
      '  and save it as data/dataset.csv in this folder.',
  );
}
