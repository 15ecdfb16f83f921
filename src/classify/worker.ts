/** Worker entry for the training pool (see workers.ts): grows forest trees or boosting trees. */
import { parentPort, workerData } from 'node:worker_threads';
import { type ForestJob, growForestTree } from './forest.js';
import { type BoostingJob, BoostingWorker } from './gbdt.js';
import { TreeGrower } from './tree.js';
import type { WorkerReply, WorkerRequest } from './workers.js';

const job = workerData as ForestJob | BoostingJob;
const port = parentPort;
if (!port) throw new Error('worker.js runs as a worker thread');

let handle: (task: unknown) => { result: unknown; transfer: ArrayBuffer[] };
if (job.kind === 'forest') {
  const grower = new TreeGrower(job.set);
  handle = (task) => {
    const tree = growForestTree(job, grower, task as number);
    return {
      result: tree,
      transfer: [tree.feature, tree.threshold, tree.right, tree.valueStart, tree.valueCount, tree.valueClass, tree.valueProb].map(
        (a) => a.buffer as ArrayBuffer,
      ),
    };
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
