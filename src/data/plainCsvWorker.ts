/** The second thread of plainCsvTwoThreads.ts. */
import { parentPort, workerData } from 'node:worker_threads';
import { parseOnWorker, type WorkerJob } from './plainCsvTwoThreads.js';

const { result, transfer } = parseOnWorker(workerData as WorkerJob);
parentPort?.postMessage(result, transfer);
