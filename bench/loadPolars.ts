/**
 * The anchor: nodejs-polars reading the same file, dropping rows without names, keeping the first row
 * per track_id and handing the 9 features to JS as typed arrays. Fresh process; prints
 * {seconds, peakRssMB, rows, tracks} as JSON.
 */
import pl from 'nodejs-polars';
import { AUDIO_FEATURES } from '../src/data/schema.js';

const path = process.argv[2];
if (!path) throw new Error('usage: loadPolars FILE');
const start = performance.now();
const frame = pl.readCSV(path, { hasHeader: true, quoteChar: '"' });
const rows = frame.height;
const named = frame.dropNulls(['artists', 'album_name', 'track_name']);
const tracks = named.unique(['track_id'], 'first', true);
const features = AUDIO_FEATURES.map((f) => Float64Array.from(tracks.getColumn(f).cast(pl.Float64).toArray() as number[]));
const seconds = (performance.now() - start) / 1000;
if (features.some((f) => f.length !== tracks.height)) throw new Error('feature length mismatch');
process.stdout.write(`${JSON.stringify({ seconds, peakRssMB: process.resourceUsage().maxRSS / 1024, rows, tracks: tracks.height })}\n`);
