/** The PageToucher's thread (pageToucher.ts): touches each page of the posted shared buffers once. */
import { parentPort } from 'node:worker_threads';

const PAGE_WORDS = 1024; // 4 KiB of 32-bit words
/** Slices per buffer: every buffer advances by one slice before any advances by two. */
const SLICES = 4096;

parentPort?.on('message', (buffers: SharedArrayBuffer[]) => {
  const words = buffers.map((buffer) => new Int32Array(buffer, 0, buffer.byteLength >> 2));
  for (let slice = 0; slice < SLICES; slice++) {
    for (const view of words) {
      const from = Math.ceil((view.length * slice) / SLICES / PAGE_WORDS) * PAGE_WORDS;
      const to = Math.ceil((view.length * (slice + 1)) / SLICES / PAGE_WORDS) * PAGE_WORDS;
      // Adding 0 atomically writes the page without changing what the main thread may have put there.
      for (let at = from; at < to && at < view.length; at += PAGE_WORDS) Atomics.add(view, at, 0);
    }
  }
});
