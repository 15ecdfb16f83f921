/** Times opening a catalogue whose cache entry exists (all columns read and checked); prints JSON like loadClean. */
import { openCatalog } from '../src/cache/openCatalog.js';

const [path, cache] = process.argv.slice(2);
if (!path || !cache) throw new Error('usage: loadCached FILE CACHE_DIR');
const start = performance.now();
const opened = await openCatalog(path, { cache });
const seconds = (performance.now() - start) / 1000;
if (!opened.fromCache) throw new Error('expected a cache hit');
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, rows: opened.stats.rows, tracks: opened.stats.tracks })}\n`,
);
