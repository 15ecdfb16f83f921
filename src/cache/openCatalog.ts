/**
 * Opening a catalogue file the way every command does: from the catalogue cache when this file (by
 * content) was loaded before by this loader version, otherwise loaded, cleaned, explored and cached.
 */
import { existsSync, statSync } from 'node:fs';
import type { LoadedCatalog } from '../data/index.js';
import type { LoadOptions } from '../data/load.js';
import { type Exploration, explore } from '../explore/explore.js';
import { defaultIndexCacheDir } from '../recommend/ann.js';
import {
  type CachedCatalog,
  type CacheEntry,
  catalogFile,
  catalogKey,
  DamagedFile,
  readCachedCatalog,
  writeCachedCatalog,
} from './catalogCache.js';
import { sourceDigest } from './sourceDigest.js';

export interface OpenOptions extends LoadOptions {
  /** The cache folder (default: $SPOTIFY_INTEL_CACHE or ~/.cache/spotify-intel), or false for no cache. */
  cache?: string | false;
  /** One line per cache decision (hit, miss, damaged entry rebuilt, write failure). */
  log?: (line: string) => void;
  /**
   * `exploration`: the command only shows the exploration, so a cached catalogue's columns are read
   * lazily (never, for `explore`); default `catalog`: read and checked now, rebuilt if damaged.
   */
  needs?: 'catalog' | 'exploration';
}

/** A catalogue ready for an engine, wherever it came from. */
export interface OpenedCatalog extends Omit<CachedCatalog, 'exploration'> {
  /** The file as the user named it. */
  source: string;
  /** The exploration (stored in the cache, or computed on first call). */
  exploration: () => Exploration;
  /** Where its cache entry and the engine's artifacts live; undefined without a cache. */
  cache: CacheEntry | undefined;
  fromCache: boolean;
}

/** The options that change what a load produces, and so belong in the cache key. */
function keyedOptions(options: LoadOptions): Record<string, unknown> {
  return { onInvalid: options.onInvalid ?? 'error', columns: options.columns ?? {}, genreColumn: options.genreColumn ?? null };
}

/** The parser, imported only when a file must be parsed: a cache hit never loads DuckDB. */
async function parseAndClean(path: string, options: LoadOptions): Promise<LoadedCatalog> {
  const { loadCatalog } = await import('../data/index.js');
  return loadCatalog(path, options);
}

export async function openCatalog(path: string, options: OpenOptions = {}): Promise<OpenedCatalog> {
  const log = options.log ?? (() => {});
  const { cache: cacheOption, log: _log, needs, ...loadOptions } = options;
  const cacheable = cacheOption !== false && existsSync(path) && statSync(path).isFile();
  if (!cacheable) {
    const loaded = await parseAndClean(path, loadOptions);
    let exploration: Exploration | undefined;
    return {
      ...loaded,
      source: loaded.raw.source,
      exploration: () => {
        exploration ??= explore(loaded.raw, loaded);
        return exploration;
      },
      cache: undefined,
      fromCache: false,
    };
  }
  const dir = cacheOption ?? defaultIndexCacheDir();
  const entry: CacheEntry = { dir, key: catalogKey((await sourceDigest(path, dir)).sha256, keyedOptions(loadOptions)) };
  try {
    const cached = readCachedCatalog(entry, { lazy: needs === 'exploration' });
    if (cached) {
      log(`catalogue read from the cache (${catalogFile(entry)}); parsing and cleaning skipped`);
      const exploration = { ...cached.exploration, source: path };
      return { ...cached, source: path, exploration: () => exploration, cache: entry, fromCache: true };
    }
  } catch (error) {
    if (!(error instanceof DamagedFile)) throw error;
    log(`the cached catalogue is damaged or stale (${error.message}); rebuilding it`);
  }
  const loaded = await parseAndClean(path, loadOptions);
  const exploration = explore(loaded.raw, loaded);
  const { catalog, stats, log: cleaningLog } = loaded;
  try {
    writeCachedCatalog(entry, { catalog, stats, log: cleaningLog, exploration });
    log(`catalogue cached at ${catalogFile(entry)}`);
  } catch (error) {
    log(`could not write the catalogue cache (${(error as Error).message}); going on without it`);
  }
  return { catalog, stats, log: cleaningLog, source: loaded.raw.source, exploration: () => exploration, cache: entry, fromCache: false };
}
