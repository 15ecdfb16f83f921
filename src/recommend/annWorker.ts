/** Builds an approximate index file off the main thread, so a server keeps answering meanwhile. */
import { parentPort, workerData } from 'node:worker_threads';
import { buildIndexFile } from './ann.js';
import type { Metric } from './search.js';

const job = workerData as { vectors: Float32Array; dimensions: number; metric: Metric; path: string; threads: number };
buildIndexFile(job.vectors, job.dimensions, job.metric, job.path, job.threads);
parentPort?.postMessage('built');
