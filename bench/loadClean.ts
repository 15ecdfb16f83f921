/** Times load + clean of one file in a fresh process; prints {seconds, peakRssMB, tracks} as JSON. */
import { loadCatalog } from '../src/data/index.js';

const path = process.argv[2];
if (!path) throw new Error('usage: loadClean FILE');
const start = performance.now();
const loaded = await loadCatalog(path);
const seconds = (performance.now() - start) / 1000;
process.stdout.write(
  `${JSON.stringify({ seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, rows: loaded.stats.rows, tracks: loaded.stats.tracks })}\n`,
);
