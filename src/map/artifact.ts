/**
 * The map as an engine artifact: opened from the cache when this catalogue's map was built before,
 * otherwise built once on a worker thread (the caller's event loop keeps running) and cached.
 */
import { Worker } from 'node:worker_threads';
import type { FeatureSpace } from '../features/featureSpace.js';
import { defaultIndexCacheDir } from '../recommend/ann.js';
import { MAP_PARAMS, type MapArtifact, type MapInput, type MapParams } from './build.js';
import { mapCachePath, openMap } from './cache.js';
import { type GenreMembership, type GenrePlace, genrePlaces } from './genres.js';

export interface TrackMap extends MapArtifact {
  genres: GenrePlace[];
  /** Where the map is cached. */
  path: string;
}

export interface MapBuildOptions {
  cacheDir?: string;
  params?: MapParams;
  log?: (line: string) => void;
}

/** The map of these tracks: cached, or built now on a worker thread and cached. */
export async function openOrBuildMap(space: FeatureSpace, membership: GenreMembership, options: MapBuildOptions = {}): Promise<TrackMap> {
  const params = options.params ?? MAP_PARAMS;
  const path = mapCachePath(options.cacheDir ?? defaultIndexCacheDir(), space.z, params);
  const withGenres = (artifact: MapArtifact): TrackMap => ({ ...artifact, genres: genrePlaces(artifact.coords, membership), path });
  const cached = openMap(path, space.size, params);
  if (cached) return withGenres(cached);
  options.log?.(`building the catalogue map for ${space.size.toLocaleString('en-US')} tracks (once; cached at ${path})`);
  const input: MapInput = {
    z: space.z,
    size: space.size,
    dims: space.features.length,
    membership: { genreNames: [...membership.genreNames], genreOffsets: membership.genreOffsets, genreCodes: membership.genreCodes },
  };
  const artifact = await new Promise<MapArtifact>((resolve, reject) => {
    const worker = new Worker(new URL('./mapWorker.js', import.meta.url), { workerData: { input, params, path } });
    worker.on('message', (message: { progress?: string; map?: MapArtifact }) => {
      if (message.progress) options.log?.(message.progress);
      if (message.map) resolve(message.map);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the map builder stopped (exit code ${code}) before answering`)));
  });
  options.log?.(`catalogue map ready in ${artifact.buildSeconds.toFixed(1)} s`);
  return withGenres(artifact);
}
