/** Times load + clean of one file in a fresh process; prints {seconds, peakRssMB, tracks} as JSON. */
import { openCatalog } from '../src/cache/openCatalog.js';
import { loadCatalog } from '../src/data/index.js';

const [path, cache] = process.argv.slice(2);
if (!path) throw new Error('usage: loadClean FILE [CACHE_DIR]');
const start = performance.now();
const loaded = await loadCatalog(path);
const seconds = (performance.now() - start) / 1000;
// With a cache folder: also write the cache entry (untimed), for the cached row of bench/load.ts.
if (cache) await openCatalog(path, { cache });
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, rows: loaded.stats.rows, tracks: loaded.stats.tracks })}\n`,
);
