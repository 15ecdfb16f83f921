/**
 * The map on disk, beside the approximate indexes: the coordinates as raw float32 and a manifest
 * (format, size, parameters, byte length, SHA-256, quality) under a name derived from the vectors,
 * the parameters and the format, so a changed catalogue or setting never meets a stale map and a
 * damaged or truncated file is rebuilt rather than read.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomically } from '../cache/columnFile.js';
import type { MapArtifact, MapParams } from './build.js';

/** Bumped whenever the layout, the fitting or the measures change. */
export const MAP_FORMAT = 1;

interface MapManifest extends Omit<MapArtifact, 'coords'> {
  format: number;
  size: number;
  bytes: number;
  sha256: string;
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The cache file for these standardized rows and parameters. */
export function mapCachePath(cacheDir: string, z: Float64Array, params: MapParams): string {
  const digest = createHash('sha256')
    .update(JSON.stringify({ MAP_FORMAT, ...params }))
    .update(new Uint8Array(z.buffer, z.byteOffset, z.byteLength))
    .digest('hex')
    .slice(0, 24);
  return join(cacheDir, `map-${digest}.f32`);
}

const manifestPath = (path: string) => `${path}.json`;

/** Writes the coordinates, then the manifest that vouches for them. */
export function saveMap(path: string, map: MapArtifact): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const bytes = new Uint8Array(map.coords.buffer, map.coords.byteOffset, map.coords.byteLength);
  writeAtomically(path, bytes);
  const { coords, ...rest } = map;
  const manifest: MapManifest = { ...rest, format: MAP_FORMAT, size: coords.length / 2, bytes: bytes.length, sha256: sha256(bytes) };
  writeAtomically(manifestPath(path), JSON.stringify(manifest));
}

/** The cached map for `size` tracks, or undefined when missing, damaged or not this one (then rebuild). */
export function openMap(path: string, size: number, params: MapParams): MapArtifact | undefined {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath(path), 'utf8')) as MapManifest;
    const bytes = readFileSync(path);
    if (
      manifest.format !== MAP_FORMAT ||
      manifest.size !== size ||
      JSON.stringify(manifest.params) !== JSON.stringify(params) ||
      manifest.bytes !== bytes.length ||
      bytes.length !== size * 8 ||
      manifest.sha256 !== sha256(bytes)
    )
      return undefined;
    const coords = new Float32Array(size * 2);
    new Uint8Array(coords.buffer).set(bytes);
    return {
      method: manifest.method,
      params: manifest.params,
      coords,
      quality: manifest.quality,
      fitted: manifest.fitted,
      buildSeconds: manifest.buildSeconds,
    };
  } catch {
    return undefined;
  }
}
