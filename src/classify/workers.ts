/**
 * A small pool of worker_threads for training. Each worker receives one `init` message (the shared,
 * read-only training data: typed arrays over SharedArrayBuffers, so nothing is copied) and then tasks,
 * handed out one at a time to whichever worker is free. Results come back in task order, and every task
 * draws from its own seed stream, so the outcome does not depend on the number of workers.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

export interface WorkerRequest {
  id: number;
  task: unknown;
}

export type WorkerReply = { id: number; result: unknown } | { id: number; error: string };

export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

export class WorkerPool {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts `size` workers and sends each the same init payload. */
  static open(size: number, init: unknown): WorkerPool {
    const url = new URL('./worker.js', import.meta.url);
    const workers: Worker[] = [];
    for (let i = 0; i < size; i++) workers.push(new Worker(url, { workerData: init }));
    return new WorkerPool(workers);
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs the tasks over the workers; results in task order. onDone is called after each task. */
  run<R>(tasks: readonly unknown[], onDone?: (done: number) => void): Promise<R[]> {
    const results: R[] = new Array(tasks.length);
    let next = 0;
    let done = 0;
    return new Promise((resolve, reject) => {
      if (tasks.length === 0) {
        resolve(results);
        return;
      }
      let failed = false;
      const cleanups: (() => void)[] = [];
      const finish = (error?: Error) => {
        for (const cleanup of cleanups) cleanup();
        if (error) reject(error);
        else resolve(results);
      };
      for (const worker of this.workers) {
        const send = () => {
          if (next < tasks.length) {
            const id = next++;
            worker.postMessage({ id, task: tasks[id] } satisfies WorkerRequest);
          }
        };
        const onMessage = (reply: WorkerReply) => {
          if (failed) return;
          if ('error' in reply) {
            failed = true;
            finish(new Error(`training worker failed: ${reply.error}`));
            return;
          }
          results[reply.id] = reply.result as R;
          done++;
          onDone?.(done);
          if (done === tasks.length) finish();
          else send();
        };
        const onError = (error: Error) => {
          if (failed) return;
          failed = true;
          finish(error);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        cleanups.push(() => {
          worker.off('message', onMessage);
          worker.off('error', onError);
        });
        send();
      }
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
