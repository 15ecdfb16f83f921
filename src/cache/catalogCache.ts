/**
 * The catalogue cache: a cleaned catalogue, its cleaning statistics and its exploration, stored as
 * columns (see columnFile.ts) under a name derived from the source file's content (SHA-256 of every
 * byte) and the loader's version, so an edited file or a newer loader never meets an old entry.
 *
 * Why the full content hash rather than size + mtime: copies, `touch`, `rsync -t` and editors that
 * keep the timestamp make metadata lie; the content is the only key that cannot serve another file's
 * catalogue. The digest itself is remembered per file version (see sourceDigest.ts).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Catalog } from '../data/catalog.js';
import { encodeKeys } from '../data/catalog.js';
import type { CleaningStats, CleaningStep } from '../data/clean.js';
import { NUMERIC_COLUMNS, type NumericColumn } from '../data/schema.js';
import { TrackIndex } from '../data/trackIndex.js';
import type { Exploration } from '../explore/explore.js';
import { type Column, type ColumnFileManifest, DamagedFile, readColumns, readManifest, writeColumnFile } from './columnFile.js';

/** Bump whenever loading or cleaning produce different values for the same file. */
export const LOADER_VERSION = 3;

/** Where a catalogue's cached files live: `<dir>/catalog-<key>.columns` and artifacts named after it. */
export interface CacheEntry {
  dir: string;
  key: string;
}

/** A catalogue as the cache gives it back: everything a command needs, without the raw rows. */
export interface CachedCatalog {
  catalog: Catalog;
  stats: CleaningStats;
  log: CleaningStep[];
  exploration: Exploration;
}

/** Passed as the expected length of a column whose length is not known in advance. */
const ANY_LENGTH = -1;

interface CatalogMeta {
  loaderVersion: number;
  key: string;
  size: number;
  genreNames: string[];
  songCount: number;
  absentColumns: string[];
  stats: CleaningStats;
  log: CleaningStep[];
  exploration: Exploration;
}

/** The cache key: the content, the loader's version and every option that changes what is loaded. */
export function catalogKey(contentSha256: string, options: Record<string, unknown>, loaderVersion = LOADER_VERSION): string {
  return createHash('sha256').update(JSON.stringify({ loaderVersion, contentSha256, options })).digest('hex').slice(0, 32);
}

export function catalogFile(entry: CacheEntry): string {
  return join(entry.dir, `catalog-${entry.key}.columns`);
}

/** A path for an artifact derived from this catalogue (a model, an evaluation), beside it. */
export function artifactFile(entry: CacheEntry, name: string): string {
  return join(entry.dir, `catalog-${entry.key}.${name}`);
}

/** Writes the catalogue's columns and manifest; returns the bytes written. */
export function writeCachedCatalog(entry: CacheEntry, cached: CachedCatalog): number {
  const { catalog } = cached;
  const artists = encodeKeys(catalog.artistName);
  const columns: Record<string, Column> = {
    trackId: catalog.trackId,
    trackName: catalog.trackName,
    albumName: catalog.albumName,
    artists: catalog.artists,
    explicit: catalog.explicit,
    primaryGenre: catalog.primaryGenre,
    genreOffsets: catalog.genreOffsets,
    genreCodes: catalog.genreCodes,
    genrePopularity: catalog.genrePopularity,
    artistTrack: catalog.artistTrack,
    artistCode: artists.codes,
    artistNames: artists.names,
    songCode: catalog.songCode,
    mainArtistCode: catalog.mainArtistCode,
    mainArtistNames: catalog.mainArtistNames,
  };
  for (const c of NUMERIC_COLUMNS) columns[`numeric.${c}`] = catalog.numeric[c];
  const meta: CatalogMeta = {
    loaderVersion: LOADER_VERSION,
    key: entry.key,
    size: catalog.size,
    genreNames: catalog.genreNames,
    songCount: catalog.songCount,
    absentColumns: [...(catalog.absentColumns ?? [])],
    stats: cached.stats,
    log: cached.log,
    exploration: cached.exploration,
  };
  return writeColumnFile(catalogFile(entry), columns, meta);
}

/**
 * The cached catalogue, undefined when there is none; throws DamagedFile when the files exist but do
 * not check out (then the caller rebuilds them).
 */
export function readCachedCatalog(entry: CacheEntry, options: { lazy?: boolean } = {}): CachedCatalog | undefined {
  const path = catalogFile(entry);
  const manifest = readManifest<CatalogMeta>(path);
  if (!manifest) return undefined;
  const meta = manifest.meta;
  if (meta?.loaderVersion !== LOADER_VERSION || meta.key !== entry.key)
    throw new DamagedFile(`${path} was written by loader version ${meta?.loaderVersion} for another key`);
  const catalog = options.lazy ? lazyCatalog(meta, () => decodeCatalog(path, manifest)) : decodeCatalog(path, manifest);
  return { catalog, stats: meta.stats, log: meta.log, exploration: meta.exploration };
}

/** Every field of a Catalog but its size, which the manifest holds. */
const CATALOG_FIELDS = [
  'trackId',
  'trackName',
  'albumName',
  'artists',
  'mainArtist',
  'numeric',
  'explicit',
  'genreNames',
  'primaryGenre',
  'genreOffsets',
  'genreCodes',
  'genrePopularity',
  'artistTrack',
  'artistName',
  'songCode',
  'songCount',
  'mainArtistCode',
  'mainArtistNames',
  'trackIndex',
] as const satisfies readonly Exclude<keyof Catalog, 'size'>[];

/**
 * A catalogue whose columns are read (and checked) on first use: a command answered from the
 * cached exploration alone never reads the 150 MB of columns of a million-track catalogue.
 */
function lazyCatalog(meta: CatalogMeta, decode: () => Catalog): Catalog {
  let decoded: Catalog | undefined;
  const lazy = { size: meta.size, ...absent(meta) } as Catalog;
  for (const field of CATALOG_FIELDS) {
    Object.defineProperty(lazy, field, {
      enumerable: true,
      get: () => {
        decoded ??= decode();
        return decoded[field];
      },
    });
  }
  return lazy;
}

function decodeCatalog(path: string, manifest: ColumnFileManifest<CatalogMeta>): Catalog {
  const meta = manifest.meta;
  const columns = readColumns(path, manifest);
  const column = (name: string, length: number, is: (c: Column | undefined) => boolean): Column => {
    const found = columns[name];
    if (!is(found)) throw new DamagedFile(`${path}: column ${name} is missing or of the wrong type`);
    const c = found as Column;
    if (length >= 0 && c.length !== length) throw new DamagedFile(`${path}: column ${name} has ${c.length} values, expected ${length}`);
    return c;
  };
  const size = meta.size;
  const f64 = (name: string, length = size) => column(name, length, (c) => c instanceof Float64Array) as Float64Array;
  const i32 = (name: string, length = size) => column(name, length, (c) => c instanceof Int32Array) as Int32Array;
  const strings = (name: string, length = size) => column(name, length, Array.isArray) as string[];
  const numeric = Object.fromEntries(NUMERIC_COLUMNS.map((c) => [c, f64(`numeric.${c}`)])) as Record<NumericColumn, Float64Array>;
  const trackId = strings('trackId');
  const mainArtistCode = i32('mainArtistCode');
  const mainArtistNames = strings('mainArtistNames', ANY_LENGTH);
  const artistCode = i32('artistCode', ANY_LENGTH);
  const artistNames = strings('artistNames', ANY_LENGTH);
  const genreCodes = i32('genreCodes', ANY_LENGTH);
  return {
    size,
    trackId,
    trackName: strings('trackName'),
    albumName: strings('albumName'),
    artists: strings('artists'),
    mainArtist: Array.from(mainArtistCode, (code) => mainArtistNames[code] as string),
    numeric,
    explicit: column('explicit', size, (c) => c instanceof Uint8Array) as Uint8Array,
    genreNames: meta.genreNames,
    primaryGenre: i32('primaryGenre'),
    genreOffsets: i32('genreOffsets', size + 1),
    genreCodes,
    genrePopularity: f64('genrePopularity', genreCodes.length),
    artistTrack: i32('artistTrack', artistCode.length),
    artistName: Array.from(artistCode, (code) => artistNames[code] as string),
    songCode: i32('songCode'),
    songCount: meta.songCount,
    mainArtistCode,
    mainArtistNames,
    trackIndex: new TrackIndex(trackId),
    ...absent(meta),
  };
}

function absent(meta: CatalogMeta): Pick<Catalog, 'absentColumns'> {
  return meta.absentColumns?.length ? { absentColumns: meta.absentColumns } : {};
}

export { DamagedFile };
