/**
 * The direct reader on two threads for large files, split by columns rather than rows: a worker scans
 * the whole file parsing the numbers and dictionary-encoding albums and artists, while this thread scans it
 * too and encodes the other text columns. Each skips the other's fields, so both find the same
 * records and nothing is merged: both write row r of their columns into the same shared arrays, and
 * the worker's dictionary comes back as it is. The result is the one-pass reader's to the bit
 * (tested). Either scan declining a file means the one-pass reader would too; a worker that fails, or
 * rows that outgrow the shared columns, send the file back to one pass.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { EncodedRows } from './encodedRows.js';
import { PageToucher } from './pageToucher.js';
import {
  type ByteDictionary,
  csvShape,
  finish,
  isNumberRole,
  keepingFields,
  newDictionary,
  numbersWithinRules,
  openCsv,
  type Parsed,
  type PlainCsvRequest,
  parseRange,
  type RecordShape,
  readPlainCsv,
  type TextColumn,
} from './plainCsv.js';
import { NUMERIC_COLUMNS } from './schema.js';

/** Below this the second thread costs more to start than it saves. */
const TWO_THREADS_FROM_BYTES = 64 << 20;
/** The text the worker encodes besides the numbers: with them about half the parse's work on a 1M-row file. */
const WORKER_TEXT: readonly TextColumn[] = ['album_name', 'artists'];

/** The worker's part: bytes [start, size) of the file, the fields its shape keeps, into the shared columns. */
export interface WorkerJob {
  path: string;
  shape: RecordShape;
  start: number;
  size: number;
  numbers: Float64Array[];
  codes: Int32Array[];
  windowBytes: number;
}

/** A dictionary as the worker sends it back (no hash table: only decoding is left). */
type SentDictionary = Pick<ByteDictionary, 'starts' | 'ends' | 'escaped' | 'count'> & { chunks: Uint8Array[] };

/**
 * ok is false when the worker failed, or the rows outgrew the shared columns (one pass reads the
 * file then), or `declined`: a record or a number needs the DuckDB path (one pass would say the same).
 */
export type WorkerResult = { ok: false; declined: boolean } | { ok: true; rows: number; dictionaries: (SentDictionary | null)[] };

/** Whether the scan kept writing into the shared columns (outgrowing them replaces them with copies). */
function stayedShared(parsed: Parsed, numbers: Float64Array[], codes: Int32Array[]): boolean {
  return parsed.numbers.every((c, i) => c.buffer === numbers[i]?.buffer) && parsed.codes.every((c, i) => c.buffer === codes[i]?.buffer);
}

/** The worker's part, run on the worker (its entry calls this); the buffers to transfer back with it. */
export function parseOnWorker(job: WorkerJob): { result: WorkerResult; transfer: ArrayBuffer[] } {
  const parsed: Parsed = {
    rows: 0,
    capacity: job.numbers[0]?.length ?? 0,
    numbers: job.numbers,
    codes: job.codes,
    dictionaries: job.codes.map(() => newDictionary(1 << 12, undefined)),
  };
  const fd = openSync(job.path, 'r');
  try {
    const window = new Uint8Array(Math.min(job.windowBytes, job.size - job.start) + 1);
    const filled = readSync(fd, window, 0, window.length - 1, job.start);
    const ok = parseRange(fd, job.shape, parsed, job.start, job.size, { window, filled });
    if (!ok) return { result: { ok: false, declined: true }, transfer: [] };
    if (!stayedShared(parsed, job.numbers, job.codes)) return { result: { ok: false, declined: false }, transfer: [] };
    // The rules are checked here, on the numbers' own thread, so that finishing the table need not.
    if (!numbersWithinRules(job.shape, parsed.numbers, parsed.rows)) return { result: { ok: false, declined: true }, transfer: [] };
  } finally {
    closeSync(fd);
  }
  const transfer: ArrayBuffer[] = [];
  const dictionaries = parsed.dictionaries.map((d) => {
    if (d.count === 0) return null;
    const chunks = d.chunks.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
    // Whole buffers move without a copy; a view into a shared pool is copied instead.
    for (const view of [...chunks, d.starts, d.ends, d.escaped])
      if (view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer)
        transfer.push(view.buffer);
    return { chunks, starts: d.starts, ends: d.ends, escaped: d.escaped, count: d.count };
  });
  return { result: { ok: true, rows: parsed.rows, dictionaries }, transfer };
}

function runWorker(job: WorkerJob): Promise<WorkerResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./plainCsvWorker.js', import.meta.url), { workerData: job });
    worker.once('message', (result: WorkerResult) => resolve(result));
    worker.once('error', () => resolve({ ok: false, declined: false }));
    worker.once('exit', () => resolve({ ok: false, declined: false })); // no effect after the message
  });
}

/** A returned dictionary, as decoding reads one. */
function received(sent: SentDictionary): ByteDictionary {
  return {
    ...sent,
    chunks: sent.chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)),
    slots: new Int32Array(0),
    used: 0,
    spare: undefined,
    pages: undefined,
  };
}

/** `readPlainCsv`, with a large file's numbers, albums and artists parsed on a second thread. */
export async function readPlainCsvTwoThreads(
  request: PlainCsvRequest & { twoThreadsFromBytes?: number },
): Promise<(EncodedRows & { rows: number }) | null> {
  const size = statSync(request.path).size;
  if (size < (request.twoThreadsFromBytes ?? TWO_THREADS_FROM_BYTES) || availableParallelism() < 2) return readPlainCsv(request);
  const csv = csvShape(request);
  const opened = csv && openCsv(request.path, csv.shape, request.windowBytes);
  if (!csv || !opened) return null;
  const { fd, start, expected, window, filled } = opened;
  const onWorker = (role: number, target: number) => isNumberRole(role) || WORKER_TEXT.includes(csv.textPresent[target] as TextColumn);
  const capacity = Math.ceil(expected * 1.1);
  const numbers = PageToucher.sharedColumns(Float64Array, capacity, NUMERIC_COLUMNS.length);
  const codes = PageToucher.sharedColumns(Int32Array, capacity, csv.textPresent.length);
  const here: Parsed = {
    rows: 0,
    capacity,
    numbers: [],
    codes,
    dictionaries: csv.textPresent.map(() => newDictionary(1 << 12, undefined)),
  };
  let done: WorkerResult;
  try {
    const worker = runWorker({
      path: request.path,
      shape: keepingFields(csv.shape, onWorker),
      start,
      size,
      numbers,
      codes,
      windowBytes: window.length - 1,
    });
    window.copyWithin(0, start, filled);
    const ok = parseRange(
      fd,
      keepingFields(csv.shape, (role, target) => !onWorker(role, target)),
      here,
      start,
      size,
      {
        window,
        filled: filled - start,
      },
    );
    done = await worker;
    if (!ok || here.rows === 0) return null;
  } finally {
    closeSync(fd);
  }
  if (!done.ok && done.declined) return null;
  if (!done.ok || done.rows !== here.rows || !stayedShared(here, [], codes)) return readPlainCsv(request);
  const dictionaries = here.dictionaries.map((d, t) => {
    const sent = done.ok ? done.dictionaries[t] : null;
    return sent ? received(sent) : d;
  });
  return finish(request, here.rows, numbers, csv.textPresent, dictionaries, codes, { numbersChecked: true });
}
