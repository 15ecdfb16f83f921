/**
 * trackRows on a worker while the caller goes on. The worker starts first and waits for its job,
 * so its start overlaps the caller's work; the job's arrays are in shared memory, so nothing is
 * copied there, and the result's arrays are moved back. Cleaning is synchronous, so the result is
 * awaited by blocking on a shared flag and reading the reply straight off the port.
 */
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { isShared, sharedCopy } from './sharedMemory.js';
import { gatherColumns, type TrackRows, type TrackRowsJob, trackRows } from './trackRows.js';

/** What the worker is given at its start (the job follows on the port). */
export interface TrackRowsWorkerData {
  port: MessagePort;
  /** 0 while working, 1 when the reply is posted, 2 when it failed. */
  signal: Int32Array;
}

/**
 * Far longer than the worker takes (well under a second for a million rows); past it, a worker that
 * never started is given up and the rows computed here, rather than waited for forever.
 */
const WAIT_MS = 30_000;

/** Whether a table's row arrays can go to a worker uncopied: all in shared memory. */
export function canShare(arrays: readonly ArrayBufferView[]): boolean {
  return arrays.every(isShared);
}

/** The job with every array not in shared memory copied there (tests run small tables on the worker this way). */
export function inSharedMemory(job: TrackRowsJob): TrackRowsJob {
  const shared = <T extends Uint8Array | Int32Array | Float64Array>(a: T): T => (isShared(a) ? a : sharedCopy(a));
  return {
    ...job,
    groupOfRow: shared(job.groupOfRow),
    genreCode: shared(job.genreCode),
    popularity: shared(job.popularity),
    numeric: job.numeric.map(shared),
    trackNumeric: job.trackNumeric.map(shared),
    nextColumn: shared(job.nextColumn),
    kept: shared(job.kept),
    firstRows: shared(job.firstRows),
  };
}

/** A started worker: give it a job (its arrays in shared memory), then block for the rows. */
export class TrackRowsWorker {
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly channel = new MessageChannel();
  private readonly worker: Worker | undefined;
  private job: TrackRowsJob | undefined;

  constructor() {
    try {
      const data: TrackRowsWorkerData = { port: this.channel.port2, signal: this.signal };
      this.worker = new Worker(new URL('./trackRowsWorker.js', import.meta.url), { workerData: data, transferList: [this.channel.port2] });
      this.worker.unref();
      this.worker.on('error', () => {}); // a failure shows as the signal, or as no reply: computed here then
    } catch {
      this.worker = undefined;
    }
  }

  post(job: TrackRowsJob): void {
    this.job = job;
    if (this.worker) this.channel.port1.postMessage(job);
  }

  /**
   * The rows, from the worker, or computed here if it failed (`fromWorker` tells which). This thread
   * first gathers the numeric columns the worker has not taken yet.
   */
  result(): { rows: TrackRows; fromWorker: boolean } {
    const job = this.job;
    if (!job) throw new Error('TrackRowsWorker.result before post');
    gatherColumns(job);
    if (this.worker) Atomics.wait(this.signal, 0, 0, WAIT_MS);
    const reply = Atomics.load(this.signal, 0) === 1 ? receiveMessageOnPort(this.channel.port1) : undefined;
    this.close();
    const rows = reply?.message as TrackRows | undefined;
    if (rows) return { rows, fromWorker: true };
    Atomics.store(job.nextColumn, 0, 0); // the failed worker's columns again (a worker still running writes the same values)
    return { rows: trackRows(job), fromWorker: false };
  }

  /** Stops the worker (also when cleaning failed before asking for the rows). */
  close(): void {
    void this.worker?.terminate();
    this.channel.port1.close();
  }
}
