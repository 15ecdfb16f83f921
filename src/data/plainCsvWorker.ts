/** Parses one range of a CSV file for `readPlainCsv` (plainCsv.ts) and posts the columns back. */
import { parentPort, workerData } from 'node:worker_threads';
import { type Parsed, parseRange, type RangeJob } from './plainCsv.js';

const parsed = parseRange(workerData as RangeJob);
const buffers = (p: Parsed) => [
  ...p.numbers.map((a) => a.buffer),
  ...p.codes.map((a) => a.buffer),
  ...p.dictionaries.flatMap((d) => [d.slots.buffer, d.starts.buffer, d.ends.buffer, d.escaped.buffer]),
];
parentPort?.postMessage(parsed, parsed ? (buffers(parsed) as ArrayBuffer[]) : []);
