/** The thread of trackRowsThread.ts: waits for the job, computes the rows, posts them, raises the signal. */
import { workerData } from 'node:worker_threads';
import { type TrackRowsJob, trackRows } from './trackRows.js';
import type { TrackRowsWorkerData } from './trackRowsThread.js';

const { port, signal } = workerData as TrackRowsWorkerData;
port.once('message', (job: TrackRowsJob) => {
  try {
    const rows = trackRows(job);
    const moved = [
      rows.offsets,
      rows.rowsOfGroup,
      rows.multiRow,
      rows.genrePresent,
      rows.genreOffsets,
      rows.genreCodes,
      rows.genrePopularity,
      rows.primaryGenre,
    ];
    port.postMessage(
      rows,
      moved.map((a) => a.buffer as ArrayBuffer),
    );
    Atomics.store(signal, 0, 1);
  } catch {
    Atomics.store(signal, 0, 2);
  } finally {
    Atomics.notify(signal, 0);
  }
});
