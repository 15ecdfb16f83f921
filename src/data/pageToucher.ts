/**
 * On some machines the first write to fresh memory is slow: every 4 KiB page faults, about 4 ms per
 * MB on the VM the benches run on, so the 134 MB of columns a 1M-row load fills cost it half a second.
 * A PageToucher is a worker thread that touches the pages of shared buffers ahead of the main thread,
 * on another core, so the main thread's writes find them mapped. A touch is an atomic add of 0 to one
 * 32-bit word per page: it never changes a value, even one the main thread has already written.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sharedArray } from './sharedMemory.js';

export type SharedColumn = Float64Array | Int32Array;

export class PageToucher {
  private constructor(private readonly worker: Worker) {}

  /** A toucher, or undefined on a single core (the touches would only take turns with the writes). */
  static start(): PageToucher | undefined {
    if (availableParallelism() < 2) return undefined;
    const worker = new Worker(new URL('./pageToucherWorker.js', import.meta.url));
    worker.unref(); // never what keeps the process alive
    worker.on('error', () => {}); // a failed toucher only means slower writes
    return new PageToucher(worker);
  }

  /** Columns of equal row count in shared memory, for a worker to touch. */
  static sharedColumns<T extends SharedColumn>(
    Kind: { new (buffer: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number },
    rows: number,
    count: number,
  ): T[] {
    return Array.from({ length: count }, () => sharedArray(Kind, rows));
  }

  /** Touches every page of the columns, all of them at the same relative position at a time (as rows are written). */
  touch(columns: readonly SharedColumn[]): void {
    this.worker.postMessage(columns.map((c) => c.buffer));
  }

  /** Stops the worker (touches still queued are dropped: they only ever save time). */
  close(): void {
    void this.worker.terminate();
  }
}
