import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { cachedGenreModel } from '../src/cache/artifacts.js';
import { catalogFile, catalogKey, LOADER_VERSION } from '../src/cache/catalogCache.js';
import { type OpenedCatalog, openCatalog } from '../src/cache/openCatalog.js';
import { contentDigest, sourceDigest } from '../src/cache/sourceDigest.js';
import { fitModel, predictProba } from '../src/classify/model.js';
import type { Catalog } from '../src/data/catalog.js';
import { loadCatalog } from '../src/data/index.js';
import { explore } from '../src/explore/explore.js';
import { fixture } from './helpers.js';

/** A private copy of a fixture and an empty cache folder. */
function workspace(name = 'kaggle.csv') {
  const dir = mkdtempSync(join(tmpdir(), 'catalog-cache-'));
  const file = join(dir, name);
  copyFileSync(fixture(name), file);
  return { file, cache: join(dir, 'cache') };
}

async function open(file: string, cache: string | false, onInvalid: 'error' | 'skip' = 'error') {
  const lines: string[] = [];
  const opened = await openCatalog(file, { cache, onInvalid, log: (line) => lines.push(line) });
  return { opened, lines };
}

/** Every column of a catalogue as plain arrays, to compare two catalogues value by value. */
function plain(catalog: Catalog) {
  return {
    ...Object.fromEntries(Object.entries(catalog).map(([k, v]) => [k, ArrayBuffer.isView(v) ? Array.from(v as Int32Array) : v])),
    numeric: Object.fromEntries(Object.entries(catalog.numeric).map(([k, v]) => [k, Array.from(v)])),
    trackIndex: [...catalog.trackIndex.entries()],
  };
}

function assertSameAsFreshLoad(opened: OpenedCatalog, fresh: Awaited<ReturnType<typeof loadCatalog>>) {
  assert.deepEqual(plain(opened.catalog), plain(fresh.catalog));
  assert.deepEqual(opened.stats, fresh.stats);
  assert.deepEqual(opened.log, fresh.log);
  assert.deepEqual(opened.exploration(), explore(fresh.raw, fresh));
}

describe('catalogue cache', () => {
  it('a second open reads the cache and gives back exactly what parsing and cleaning give', async () => {
    const { file, cache } = workspace();
    const first = await open(file, cache);
    assert.equal(first.opened.fromCache, false);
    assert.match(first.lines.join('\n'), /catalogue cached at/);
    const second = await open(file, cache);
    assert.equal(second.opened.fromCache, true);
    assert.match(second.lines.join('\n'), /parsing and cleaning skipped/);
    const fresh = await loadCatalog(file);
    assertSameAsFreshLoad(first.opened, fresh);
    assertSameAsFreshLoad(second.opened, fresh);
    assert.equal(second.opened.catalog.trackIndex.get('trackB000000000000002'), fresh.catalog.trackIndex.get('trackB000000000000002'));
    // Read lazily (explore needs only the stored exploration): the columns still decode on first use.
    const lazy = await openCatalog(file, { cache, needs: 'exploration' });
    assert.equal(lazy.fromCache, true);
    assertSameAsFreshLoad(lazy, fresh);
  });

  it('an edited file misses the cache and loads its new values', async () => {
    const { file, cache } = workspace();
    await open(file, cache);
    const text = readFileSync(file, 'utf8');
    // Same length, one digit changed: a key from size alone would serve the old catalogue.
    const edited = text.replace(',Song Two,30,', ',Song Two,31,');
    assert.notEqual(edited, text);
    assert.equal(edited.length, text.length);
    writeFileSync(file, edited);
    const { opened } = await open(file, cache);
    assert.equal(opened.fromCache, false);
    const t = opened.catalog.trackIndex.get('trackB000000000000002') as number;
    assert.equal(opened.catalog.numeric.popularity[t], 31);
    assert.equal((await open(file, cache)).opened.catalog.numeric.popularity[t], 31);
  });

  it('a damaged cache (truncated, a flipped byte, a broken manifest) is detected and rebuilt', async () => {
    const { file, cache } = workspace();
    const fresh = await loadCatalog(file);
    await open(file, cache);
    const [entry] = readdirSync(cache).filter((f) => f.endsWith('.columns'));
    const columns = join(cache, entry as string);
    const damages: [string, () => void][] = [
      ['truncated', () => writeFileSync(columns, readFileSync(columns).subarray(0, 100))],
      [
        'one byte changed',
        () => {
          const bytes = readFileSync(columns);
          bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 0xff;
          writeFileSync(columns, bytes);
        },
      ],
      ['manifest cut', () => writeFileSync(`${columns}.json`, readFileSync(`${columns}.json`).subarray(0, 50))],
    ];
    for (const [what, damage] of damages) {
      damage();
      const { opened, lines } = await open(file, cache);
      assert.equal(opened.fromCache, false, what);
      assert.match(lines.join('\n'), /damaged or stale/, what);
      assertSameAsFreshLoad(opened, fresh);
      assert.equal((await open(file, cache)).opened.fromCache, true, `${what}: rebuilt`);
    }
  });

  it('a new loader version uses another key; an entry written by another version is not trusted', async () => {
    const { file, cache } = workspace();
    const digest = await contentDigest(file);
    assert.notEqual(catalogKey(digest, { onInvalid: 'error' }), catalogKey(digest, { onInvalid: 'error' }, LOADER_VERSION + 1));
    assert.notEqual(catalogKey(digest, { onInvalid: 'error' }), catalogKey(digest, { onInvalid: 'skip' }));
    const { opened } = await open(file, cache);
    const manifestPath = `${catalogFile(opened.cache as { dir: string; key: string })}.json`;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    // A well-formed entry (its checksums recomputed) from an older loader at the same name.
    manifest.meta.loaderVersion = LOADER_VERSION - 1;
    manifest.metaSha256 = createHash('sha256').update(JSON.stringify(manifest.meta)).digest('hex');
    writeFileSync(manifestPath, JSON.stringify(manifest));
    const reopened = await open(file, cache);
    assert.equal(reopened.opened.fromCache, false);
    assert.match(reopened.lines.join('\n'), /loader version/);
  });

  it('the source digest is remembered per file version; an edit that keeps size and mtime is still seen', async () => {
    const { file, cache } = workspace();
    await new Promise((resolve) => setTimeout(resolve, 2100)); // older than the racy-clean margin
    const first = await sourceDigest(file, cache);
    assert.equal(first.reused, false);
    assert.equal(first.sha256, await contentDigest(file));
    const second = await sourceDigest(file, cache);
    assert.equal(second.reused, true);
    assert.equal(second.sha256, first.sha256);
    const { mtime, atime } = statSync(file);
    writeFileSync(file, readFileSync(file, 'utf8').replace(',Song Two,30,', ',Song Two,31,'));
    utimesSync(file, atime, mtime); // size and mtime as before: only the ctime tells
    const edited = await sourceDigest(file, cache);
    assert.equal(edited.reused, false);
    assert.equal(edited.sha256, await contentDigest(file));
    assert.notEqual(edited.sha256, first.sha256);
  });

  it('cache: false neither reads nor writes', async () => {
    const { file, cache } = workspace();
    const { opened } = await open(file, false);
    assert.equal(opened.cache, undefined);
    assert.equal(existsSync(cache), false);
  });

  it('the genre model is fitted once, then loaded; a damaged model file is refitted', async () => {
    const { file, cache } = workspace();
    const { opened } = await open(file, cache);
    const lines: string[] = [];
    const store = { entry: opened.cache as { dir: string; key: string }, log: (line: string) => lines.push(line) };
    const matrix = { names: ['a', 'b'], rows: 6, values: Float64Array.from([0, 0, 1, 1, 0, 1, 5, 5, 6, 6, 5, 6]) };
    const labels = Int32Array.from([0, 0, 0, 1, 1, 1]);
    let fits = 0;
    const fit = () => {
      fits++;
      return fitModel(matrix, labels, ['x', 'y'], { kind: 'rf', seed: 1, trees: 5 }, { threads: 1 });
    };
    const trained = await cachedGenreModel(store, 'test', fit);
    const loaded = await cachedGenreModel(store, 'test', fit);
    assert.equal(fits, 1);
    assert.deepEqual(Array.from(predictProba(loaded, matrix)), Array.from(predictProba(trained, matrix)));
    assert.equal(lines.filter((l) => l.startsWith('genre model trained')).length, 1);
    assert.equal(lines.filter((l) => l.startsWith('genre model loaded')).length, 1);
    const [modelFile] = readdirSync(cache).filter((f) => f.endsWith('.model'));
    writeFileSync(join(cache, modelFile as string), 'not a model');
    await cachedGenreModel(store, 'test', fit);
    assert.equal(fits, 2);
    assert.match(lines.join('\n'), /saved genre model is damaged/);
  });
});
