/** Worker entry for the pool (see workers.ts): grows forest trees or boosting trees, or predicts with packed trees. */
import { parentPort, workerData } from 'node:worker_threads';
import { type ForestJob, growForestTree } from './forest.js';
import { type BoostingJob, BoostingWorker } from './gbdt.js';
import { type PredictJob, rawScoresRows } from './packedTrees.js';
import { TreeGrower } from './tree.js';
import type { WorkerReply, WorkerRequest } from './workers.js';

const job = workerData as ForestJob | BoostingJob | PredictJob;
const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');

let handle: (task: unknown) => { result: unknown; transfer: ArrayBuffer[] };
if (job.kind === 'forest') {
  const grower = new TreeGrower(job.set);
  handle = (task) => {
    const tree = growForestTree(job, grower, task as number);
    return {
      result: tree,
      transfer: [
        tree.feature,
        tree.threshold,
        tree.right,
        tree.valueStart,
        tree.valueCount,
        tree.cover,
        tree.valueClass,
        tree.valueProb,
      ].map((a) => a.buffer as ArrayBuffer),
    };
  };
} else if (job.kind === 'predict') {
  handle = (task) => {
    const { from, to } = task as { from: number; to: number };
    const raw = rawScoresRows(job.packed, job.baseline, job.rowCodes, job.features, from, to);
    return { result: raw, transfer: [raw.buffer as ArrayBuffer] };
  };
} else {
  const booster = new BoostingWorker(job);
  handle = (task) => booster.handle(task);
}

port.on('message', (request: WorkerRequest) => {
  try {
    const { result, transfer } = handle(request.task);
    port.postMessage({ id: request.id, result } satisfies WorkerReply, transfer);
  } catch (error) {
    port.postMessage({
      id: request.id,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    } satisfies WorkerReply);
  }
});
