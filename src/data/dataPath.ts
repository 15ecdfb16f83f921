import { existsSync } from 'node:fs';
import { InputError } from './errors.js';

export const DEFAULT_DATA_CANDIDATES = ['data/dataset.csv', '../shared/data/spotify_sample.csv'] as const;

/**
 * The catalogue to read: `--data`, else `$SPOTIFY_INTEL_DATA`, else the first existing default
 * (`data/dataset.csv`, then `../shared/data/spotify_sample.csv`), relative to the working directory.
 */
export function resolveDataPath(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return explicit;
  if (env.SPOTIFY_INTEL_DATA) return env.SPOTIFY_INTEL_DATA;
  const found = DEFAULT_DATA_CANDIDATES.find((p) => existsSync(p));
  if (found) return found;
  throw new InputError(
    'no catalogue to read: pass --data FILE or set SPOTIFY_INTEL_DATA.\n' +
      `  Looked for: ${DEFAULT_DATA_CANDIDATES.join(', ')} (relative to ${process.cwd()}).\n` +
      '  Get the Kaggle "Spotify Tracks Dataset" (maharshipandya/-spotify-tracks-dataset, file dataset.csv)\n' +
      '  and save it as data/dataset.csv in this folder.',
  );
}
