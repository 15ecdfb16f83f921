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

type TaskHandler = (task: unknown) => { result: unknown; transfer: ArrayBuffer[] };

/** The handler for this worker's job, built once with the job's shared data. */
function handlerFor(job: ForestJob | BoostingJob | PredictJob): TaskHandler {
  if (job.kind === 'forest') {
    const grower = new TreeGrower(job.set);
    return (task) => {
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
  }
  if (job.kind === 'predict') {
    return (task) => {
      const { from, to } = task as { from: number; to: number };
      const raw = rawScoresRows(job.packed, job.baseline, job.rowCodes, job.features, from, to);
      return { result: raw, transfer: [raw.buffer as ArrayBuffer] };
    };
  }
  const booster = new BoostingWorker(job);
  return (task) => booster.handle(task);
}

const handle = handlerFor(job);

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
