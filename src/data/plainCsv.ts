/**
 * The fast path for the usual catalogue file: a plain UTF-8 CSV whose every cell is well formed and
 * within the rules, parsed straight into typed columns with text dictionary-encoded as it is scanned.
 * Nothing crosses from DuckDB to JS: that transfer (about 100 MB/s through the C API), not parsing,
 * was most of a first load. The file streams through a reused 1 MiB window (on this machine touching
 * fresh memory for a whole 180 MB file cost more than reading it). Anything unusual (a cell that is
 * not a plain number, a value out of range, a ragged row, a stray quote or carriage return, invalid
 * UTF-8) makes it return null, and the DuckDB path reads the file and names each problem with its
 * line. Both give identical tables; test/plainCsv.test.ts compares them value for value.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { EncodedRows } from './encodedRows.js';
import { PageToucher } from './pageToucher.js';
import { NUMERIC_COLUMNS, NUMERIC_RULES, type NumericColumn, type NumericRule, STRING_COLUMNS, type StringColumn } from './schema.js';
import { sharedArray } from './sharedMemory.js';
import { booleanValue } from './validation.js';

/**
 * Bytes read at a time; a record longer than half the window doubles it. Small enough that the bytes
 * just read are still in cache when scanned, and that its fresh pages cost little (on this VM a first
 * touch costs about 4 ms per MB).
 */
const WINDOW_BYTES = 1 << 20;
/** Offsets into the window are 32-bit. */
const MAX_WINDOW_BYTES = 1 << 30;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** 10^0 .. 10^22, every one exact as a double. */
const EXACT_POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * What the scanner does with a field of the file: skip it after checking it is UTF-8 (index,
 * extras), parse a number, encode text, or pass over it unchecked (another thread's field, checked there).
 */
const SKIP = 0;
const NUMBER = 1;
const TEXT = 2;
const OTHER = 3;

/** Value bytes go to 1 MiB chunks: the arena grows without copying, into pages touched ahead. */
const CHUNK_BITS = 20;
const CHUNK_BYTES = 1 << CHUNK_BITS;

/**
 * Distinct byte strings of one column, numbered by first appearance, found by an open-addressing
 * hash table. Each value's bytes are copied to the arena, since the window they came from is reused.
 */
export interface ByteDictionary {
  /** Pairs (hash, code + 1) per slot, 0 = empty: one cache line holds both for a probe. */
  slots: Int32Array;
  /** Where value `code` starts in the arena: chunk * CHUNK_BYTES + offset; it ends at ends[code]. */
  starts: Int32Array;
  ends: Int32Array;
  /** 1 when the value was quoted with "" inside (decoded with the doubling undone). */
  escaped: Uint8Array;
  count: number;
  chunks: Buffer[];
  /** Bytes used in the last chunk. */
  used: number;
  /** The next chunk, allocated (and its pages touched) before it is needed. */
  spare: Buffer | undefined;
  pages: PageToucher | undefined;
}

/** A new arena chunk; with a page toucher, shared memory whose pages it touches meanwhile. */
function newChunk(pages: PageToucher | undefined): Buffer {
  if (!pages) return Buffer.allocUnsafe(CHUNK_BYTES);
  const memory = new SharedArrayBuffer(CHUNK_BYTES);
  pages.touch([new Int32Array(memory)]);
  return Buffer.from(memory);
}

/** A dictionary with room for `capacity` values (a power of two) before its table grows. */
export function newDictionary(capacity: number, pages: PageToucher | undefined): ByteDictionary {
  return {
    slots: new Int32Array(capacity * 4),
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    escaped: new Uint8Array(capacity),
    count: 0,
    chunks: [newChunk(pages)],
    used: 0,
    spare: pages ? newChunk(pages) : undefined,
    pages,
  };
}

/** The value's code, adding it when new. */
export function intern(d: ByteDictionary, bytes: Uint8Array, start: number, end: number, hash: number, escaped: number): number {
  const slots = d.slots;
  const mask = (slots.length >> 1) - 1;
  const length = end - start;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const entry = slots[2 * slot + 1] as number;
    if (entry === 0) return add(d, slot, bytes, start, end, hash, escaped);
    if (slots[2 * slot] !== hash) continue;
    const code = entry - 1;
    const from = d.starts[code] as number;
    if ((d.ends[code] as number) - from !== length) continue;
    const chunk = d.chunks[from >>> CHUNK_BITS] as Buffer;
    let at = from & (CHUNK_BYTES - 1);
    let i = start;
    while (i < end && chunk[at] === bytes[i]) {
      at++;
      i++;
    }
    if (i === end) return code;
  }
}

function add(d: ByteDictionary, slot: number, bytes: Uint8Array, start: number, end: number, hash: number, escaped: number): number {
  if (d.count === d.starts.length) {
    const length = d.count * 2;
    d.starts = resized(d.starts, length);
    d.ends = resized(d.ends, length);
    d.escaped = resized(d.escaped, length);
  }
  const length = end - start;
  if (d.used + length > CHUNK_BYTES) {
    // A value longer than a chunk gets a chunk of its own; otherwise the spare becomes the next one.
    if (length > CHUNK_BYTES) d.chunks.push(Buffer.allocUnsafe(length));
    else {
      d.chunks.push(d.spare ?? newChunk(undefined));
      d.spare = d.pages ? newChunk(d.pages) : undefined;
    }
    d.used = 0;
  }
  const code = d.count++;
  d.slots[2 * slot] = hash;
  d.slots[2 * slot + 1] = code + 1;
  const chunkIndex = d.chunks.length - 1;
  const chunk = d.chunks[chunkIndex] as Buffer;
  const from = chunkIndex * CHUNK_BYTES + d.used;
  d.starts[code] = from;
  d.ends[code] = from + length;
  let at = d.used;
  for (let i = start; i < end; i++) chunk[at++] = bytes[i] as number; // values are short: a loop beats a subarray per value
  d.used = at;
  d.escaped[code] = escaped;
  // Grown at three quarters full: linear probes over 8-byte slots mostly stay in one cache line, and a
  // smaller table is less fresh memory to touch (a million track ids).
  if (d.count * 8 > d.slots.length * 3) rehash(d);
  return code;
}

/** A copy of `a` with `length` elements (the first ones kept). */
function resized<T extends Int32Array | Uint8Array | Float64Array>(a: T, length: number): T {
  const copy = new (a.constructor as new (n: number) => T)(length);
  copy.set(a.subarray(0, Math.min(a.length, length)));
  return copy;
}

function rehash(d: ByteDictionary): void {
  const old = d.slots;
  const slots = new Int32Array(old.length * 2);
  const mask = (slots.length >> 1) - 1;
  for (let i = 0; i < old.length; i += 2) {
    if (old[i + 1] === 0) continue;
    let slot = (old[i] as number) & mask;
    while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
    slots[2 * slot] = old[i] as number;
    slots[2 * slot + 1] = old[i + 1] as number;
  }
  d.slots = slots;
}

/** The distinct values as text; null when one is not valid UTF-8 (decoding would hide it as U+FFFD). */
function decodeValues(d: ByteDictionary): string[] | null {
  // Values fill the chunks in code order: a chunk's used bytes end where its last value ends.
  const used = new Int32Array(d.chunks.length);
  for (let code = 0; code < d.count; code++) {
    const from = d.starts[code] as number;
    used[from >>> CHUNK_BITS] = (from & (CHUNK_BYTES - 1)) + (d.ends[code] as number) - from;
  }
  // An all-ASCII chunk is decoded once and its values cut from that text (V8 makes a long cut a view, not a copy):
  // one call per chunk rather than one per value, which is most of the cost for a million track ids.
  const asciiText = d.chunks.map((chunk, k) => {
    const bytes = chunk.subarray(0, used[k]);
    return isAscii(bytes) ? bytes.toString('latin1') : undefined;
  });
  const values = new Array<string>(d.count);
  for (let code = 0; code < d.count; code++) {
    const from = d.starts[code] as number;
    const start = from & (CHUNK_BYTES - 1);
    const end = start + (d.ends[code] as number) - from;
    const ascii = asciiText[from >>> CHUNK_BITS];
    let text: string;
    if (ascii !== undefined) text = ascii.substring(start, end);
    else {
      const chunk = d.chunks[from >>> CHUNK_BITS] as Buffer;
      text = chunk.toString('utf8', start, end);
      if (text.includes('\uFFFD') && !isUtf8(chunk.subarray(start, end))) return null;
    }
    values[code] = d.escaped[code] ? text.replaceAll('""', '"') : text;
  }
  return values;
}

/**
 * Where the data starts: just after the header record, which must have `fields` fields and lie in
 * the first `length` bytes. -1 when it does not (the DuckDB path then reads the file).
 */
function dataStart(bytes: Uint8Array, length: number, fields: number, delimiter: number): number {
  let p = UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
  let seen = 1;
  let quoted = false;
  for (; p < length - 1; p++) {
    const b = bytes[p];
    if (quoted) {
      if (b === QUOTE) {
        if (bytes[p + 1] === QUOTE) p++;
        else quoted = false;
      }
    } else if (b === QUOTE) quoted = true;
    else if (b === delimiter) seen++;
    else if (b === LF) return seen === fields ? p + 1 : -1;
    else if (b === CR) return seen === fields && bytes[p + 1] === LF ? p + 2 : -1;
  }
  return -1;
}

/** How each of the file's fields is read. */
export interface PlainCsvRequest {
  path: string;
  delimiter: string;
  /** Fields per record (the header's length). */
  fields: number;
  /** Our column -> its position in the header, for the columns the file has. */
  positions: ReadonlyMap<string, number>;
  /** The genre given to every row when the file has no genre column. */
  noGenre: string;
  /** Bytes read at a time (default 1 MiB); tests use tiny windows to cut records everywhere. */
  windowBytes?: number;
  /**
   * Whether a worker touches the columns' pages ahead of the parse (default: files of 32 MiB and up,
   * where it saves more than the worker costs to start).
   */
  touchPages?: boolean;
}

const TOUCH_PAGES_FROM_BYTES = 32 << 20;

const TEXT_COLUMNS = [...STRING_COLUMNS, 'track_genre', 'explicit'] as const;
export type TextColumn = (typeof TEXT_COLUMNS)[number];

/** Whether every value keeps the column's rule (as validation.ts states it in SQL). */
function allWithinRule(values: Float64Array, rule: NumericRule): boolean {
  const min = rule.min ?? Number.NEGATIVE_INFINITY;
  const max = rule.max ?? Number.POSITIVE_INFINITY;
  const also = rule.also ?? [];
  for (let r = 0; r < values.length; r++) {
    const v = values[r] as number;
    if (v >= min && v <= max) {
      if (rule.integer && v !== Math.round(v)) return false;
    } else if (!also.includes(v) || !Number.isFinite(v)) return false;
  }
  return true;
}

/** Whether every number the shape parses keeps its column's rule, over the first `rows` records. */
export function numbersWithinRules(shape: RecordShape, numbers: Float64Array[], rows: number): boolean {
  return Array.from(shape.roles).every((role, field) => {
    if (role !== NUMBER) return true;
    const i = shape.targets[field] as number;
    return allWithinRule((numbers[i] as Float64Array).subarray(0, rows), NUMERIC_RULES[NUMERIC_COLUMNS[i] as NumericColumn]);
  });
}

/** The parse so far: the columns filled for `rows` records, each grown as needed. */
export interface Parsed {
  rows: number;
  /** Rows the columns have room for (a scan that fills only text, or only numbers, has no columns of the other). */
  capacity: number;
  numbers: Float64Array[];
  codes: Int32Array[];
  dictionaries: ByteDictionary[];
}

/** What the scanner does with each field of a record, by position. */
export interface RecordShape {
  fields: number;
  delimiter: number;
  /** SKIP (index, extras), NUMBER, TEXT or OTHER (another thread's field). */
  roles: Uint8Array;
  /** The NUMERIC_COLUMNS index of a number field, the text column index of a text field. */
  targets: Int32Array;
  /** 1 for a byte that can continue an unquoted field: not the delimiter, a quote, CR, LF or NUL. */
  plain: Uint8Array;
}

/** The `plain` table of a delimiter. NUL is excluded so the 0 after the window's bytes stops a scan. */
function plainBytes(delimiter: number): Uint8Array {
  const plain = new Uint8Array(256).fill(1);
  for (const b of [delimiter, QUOTE, CR, LF, 0]) plain[b] = 0;
  return plain;
}

/**
 * The shape with only the fields `keep` names read; the other numbers and texts are passed over
 * unchecked (the thread that reads them checks them), the skipped fields still checked.
 */
export function keepingFields(shape: RecordShape, keep: (role: number, target: number) => boolean): RecordShape {
  return {
    ...shape,
    roles: shape.roles.map((role, field) => (role === SKIP || keep(role, shape.targets[field] as number) ? role : OTHER)),
  };
}

export const isNumberRole = (role: number) => role === NUMBER;

/** Returned by `scanWindow` when a value or record needs the DuckDB path. */
const DECLINE = -1;

/**
 * Parses the complete records in `bytes[from, limit)`; returns where the first incomplete record
 * starts (`limit` when none is), or DECLINE. `bytes[limit]` must be 0, which no rule accepts, so a
 * scan never runs on into stale bytes. A record cut by the window's end is parsed again whole from
 * the next window (its values interned on the first try are the same ones, in the same order).
 */
function scanWindow(bytes: Uint8Array, from: number, limit: number, atEnd: boolean, shape: RecordShape, out: Parsed): number {
  const { fields, delimiter, roles, targets, plain } = shape;
  let p = from;
  while (p < limit) {
    const record = p;
    if (out.rows === out.capacity) growRows(out);
    const row = out.rows;
    // The text field just scanned, interned once its end is confirmed.
    let start = 0;
    let end = 0;
    let hash = 0;
    let escaped = 0;
    let high = 0; // the OR of a skipped field's bytes: >= 0x80 means text to check as UTF-8
    for (let field = 0; field < fields; field++) {
      const role = roles[field];
      if (role === NUMBER) {
        // -?digits(.digits)?([eE][+-]?digits)? and nothing else; 15 digits or fewer with a small
        // exponent is one exact operation, correctly rounded (Clinger's fast path), else Number().
        const negative = bytes[p] === MINUS;
        if (negative) p++;
        const digitsFrom = p;
        let mantissa = 0;
        let digits = 0;
        let scale = 0;
        let b = bytes[p] as number;
        while (b >= ZERO && b <= NINE) {
          mantissa = mantissa * 10 + (b - ZERO);
          digits++;
          b = bytes[++p] as number;
        }
        if (digits === 0) return retryOrDecline(atEnd, p, limit, record);
        if (b === DOT) {
          b = bytes[++p] as number;
          const before = digits;
          while (b >= ZERO && b <= NINE) {
            mantissa = mantissa * 10 + (b - ZERO);
            digits++;
            scale--;
            b = bytes[++p] as number;
          }
          if (digits === before) return retryOrDecline(atEnd, p, limit, record);
        }
        if (b === 0x65 || b === 0x45) {
          b = bytes[++p] as number;
          const negativeExponent = b === MINUS;
          if (negativeExponent || b === PLUS) b = bytes[++p] as number;
          let exponent = 0;
          let exponentDigits = 0;
          while (b >= ZERO && b <= NINE) {
            exponent = exponent * 10 + (b - ZERO);
            exponentDigits++;
            b = bytes[++p] as number;
          }
          if (exponentDigits === 0 || exponentDigits > 4) return retryOrDecline(atEnd, p, limit, record);
          scale += negativeExponent ? -exponent : exponent;
        }
        let value: number;
        if (digits <= 15 && scale >= -22 && scale <= 22)
          value = scale < 0 ? mantissa / (EXACT_POWERS_OF_TEN[-scale] as number) : mantissa * (EXACT_POWERS_OF_TEN[scale] as number);
        else value = Number(Buffer.from(bytes.buffer, bytes.byteOffset + digitsFrom, p - digitsFrom).toString('latin1'));
        (out.numbers[targets[field] as number] as Float64Array)[row] = negative ? -value : value;
      } else {
        // Text or skipped: a quoted field (with "" for a quote) or a plain one without quotes.
        const isText = role === TEXT;
        hash = 0x811c9dc5 | 0; // FNV-1a over the field's bytes
        start = p;
        escaped = 0;
        high = 0;
        if (bytes[p] === QUOTE) {
          start = ++p;
          for (;;) {
            if (p >= limit) return atEnd ? DECLINE : record; // unterminated, or cut by the window
            const b = bytes[p++] as number;
            if (b === QUOTE) {
              if (bytes[p] !== QUOTE) break;
              escaped = 1;
              p++;
              if (isText) hash = Math.imul(Math.imul(hash ^ QUOTE, 16777619) ^ QUOTE, 16777619);
              continue;
            }
            if (isText) hash = Math.imul(hash ^ b, 16777619);
            else high |= b;
          }
          end = p - 1;
        } else {
          // One table lookup a byte; the loop stops at the delimiter, a quote, CR, LF or NUL.
          let b = bytes[p] as number;
          for (;;) {
            if (isText)
              while (plain[b] === 1) {
                hash = Math.imul(hash ^ b, 16777619);
                b = bytes[++p] as number;
              }
            else if (role === SKIP)
              while (plain[b] === 1) {
                high |= b;
                b = bytes[++p] as number;
              }
            else while (plain[b] === 1) b = bytes[++p] as number;
            if (b !== 0 || p >= limit) break;
            if (isText) hash = Math.imul(hash, 16777619); // a NUL inside the field (hash ^ 0)
            b = bytes[++p] as number;
          }
          if (b === QUOTE) return DECLINE; // a quote inside a plain field
          end = p;
        }
      }
      // The field must end exactly at the delimiter, or at the end of the record for the last one.
      const b = bytes[p];
      if (field < fields - 1) {
        if (b !== delimiter) return retryOrDecline(atEnd, p, limit, record);
        p++;
      } else if (b === LF) p++;
      else if (b === CR && bytes[p + 1] === LF) p += 2;
      else if (!(atEnd && p === limit)) return retryOrDecline(atEnd, p, limit, record);
      // Only now, with the field whole: a text cut short by the window's end must not become a value,
      // nor a character cut in two fail the UTF-8 check.
      if (role === TEXT) {
        const t = targets[field] as number;
        (out.codes[t] as Int32Array)[row] = intern(out.dictionaries[t] as ByteDictionary, bytes, start, end, hash, escaped);
      } else if (role === SKIP && high >= 0x80 && !isUtf8(bytes.subarray(start, end))) return DECLINE;
    }
    out.rows++;
  }
  return p;
}

/** A failure within the last byte or two may just be the window's end: retry the record with more bytes. */
function retryOrDecline(atEnd: boolean, p: number, limit: number, record: number): number {
  return !atEnd && p >= limit - 1 ? record : DECLINE;
}

function growRows(out: Parsed): void {
  const length = Math.ceil(out.capacity * 1.5) + 1024;
  out.capacity = length;
  out.numbers = out.numbers.map((a) => resized(a, length));
  out.codes = out.codes.map((a) => resized(a, length));
}

/** The scanner's view of a file: how each field is read, and which text columns it has. */
export interface CsvShape {
  shape: RecordShape;
  textPresent: TextColumn[];
}

/** How the request's fields are read; null for a delimiter the scanner does not take. */
export function csvShape(request: Pick<PlainCsvRequest, 'delimiter' | 'fields' | 'positions'>): CsvShape | null {
  const delimiter = request.delimiter.charCodeAt(0);
  if (request.delimiter.length !== 1 || delimiter >= 0x80 || delimiter === QUOTE) return null;
  const textPresent = TEXT_COLUMNS.filter((c) => request.positions.has(c));
  const shape: RecordShape = {
    fields: request.fields,
    delimiter,
    roles: new Uint8Array(request.fields).fill(SKIP),
    targets: new Int32Array(request.fields),
    plain: plainBytes(delimiter),
  };
  NUMERIC_COLUMNS.forEach((column, i) => {
    const at = request.positions.get(column);
    if (at === undefined) return;
    shape.roles[at] = NUMBER;
    shape.targets[at] = i;
  });
  textPresent.forEach((column, i) => {
    const at = request.positions.get(column) as number;
    shape.roles[at] = TEXT;
    shape.targets[at] = i;
  });
  return { shape, textPresent };
}

/** An open file with its data located: bytes [start, size), about `expected` records. */
export interface OpenedCsv {
  fd: number;
  size: number;
  start: number;
  expected: number;
  /** The first window, read to find the header's end: bytes [0, filled) of the file. */
  window: Uint8Array;
  filled: number;
}

/** Opens the file and finds where its data starts; null (file closed) when the header is not as declared. */
export function openCsv(path: string, shape: RecordShape, windowBytes = WINDOW_BYTES): OpenedCsv | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    let window = new Uint8Array(Math.min(windowBytes, size) + 1);
    let filled = readSync(fd, window, 0, window.length - 1, 0);
    let start = dataStart(window, filled, shape.fields, shape.delimiter);
    while (start < 0 && filled < size && window.length * 2 <= MAX_WINDOW_BYTES) {
      // A header longer than the window: a window twice as large, and more of the file.
      const larger = new Uint8Array(window.length * 2);
      larger.set(window.subarray(0, filled));
      window = larger;
      filled += readSync(fd, window, filled, window.length - 1 - filled, filled);
      start = dataStart(window, filled, shape.fields, shape.delimiter);
    }
    if (start < 0) {
      closeSync(fd);
      return null;
    }
    // Rows expected from the first window's bytes per line; the columns grow if the guess is short.
    let lines = 0;
    for (let i = start; i < filled; i++) if (window[i] === LF) lines++;
    const expected = Math.ceil(((size - start) / Math.max(1, filled - start)) * Math.max(1, lines) * 1.02) + 16;
    return { fd, size, start, expected, window, filled };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Parses the records of bytes [from, to) of the file into `parsed`, through `window` (which holds
 * bytes [from, from + filled) already). `to` must be the file's end or just after a line feed. False
 * when a record or value needs the DuckDB path (or lies across `to`: a split inside a quoted field).
 */
export function parseRange(
  fd: number,
  shape: RecordShape,
  parsed: Parsed,
  from: number,
  to: number,
  first: { window: Uint8Array; filled: number },
): boolean {
  let { window, filled } = first;
  let read = from + filled;
  let p = 0;
  for (;;) {
    const atEnd = read >= to;
    window[filled] = 0;
    const next = scanWindow(window, p, filled, atEnd, shape, parsed);
    if (next === DECLINE) return false;
    if (atEnd) return true;
    // Keep the cut record; a record longer than half the window doubles it.
    const kept = filled - next;
    if (kept * 2 > window.length) {
      if (window.length * 2 > MAX_WINDOW_BYTES) return false;
      const larger = new Uint8Array(window.length * 2);
      larger.set(window.subarray(next, filled));
      window = larger;
    } else window.copyWithin(0, next, filled);
    const more = readSync(fd, window, kept, Math.min(window.length - 1 - kept, to - read), read);
    if (more === 0) return false; // the file shrank while being read
    read += more;
    filled = kept + more;
    p = 0;
  }
}

/** Empty columns for `rows` records (in shared memory, for the toucher, when there is one) and empty dictionaries. */
function newParsed(rows: number, textColumns: readonly TextColumn[], pages: PageToucher | undefined): Parsed {
  return {
    rows: 0,
    capacity: rows,
    numbers: pages
      ? PageToucher.sharedColumns(Float64Array, rows, NUMERIC_COLUMNS.length)
      : NUMERIC_COLUMNS.map(() => new Float64Array(rows)),
    codes: pages ? PageToucher.sharedColumns(Int32Array, rows, textColumns.length) : textColumns.map(() => new Int32Array(rows)),
    dictionaries: textColumns.map(() => newDictionary(1 << 12, pages)),
  };
}

/**
 * Reads the file in one pass, or returns null when any record or value needs the DuckDB path. The
 * result is what `fetchEncodedRows` gives for the same rows, with every row valid.
 */
export function readPlainCsv(request: PlainCsvRequest): (EncodedRows & { rows: number }) | null {
  const csv = csvShape(request);
  const opened = csv && openCsv(request.path, csv.shape, request.windowBytes);
  if (!csv || !opened) return null;
  const { fd, size, start, expected, window, filled } = opened;
  let pages: PageToucher | undefined;
  try {
    pages = (request.touchPages ?? size >= TOUCH_PAGES_FROM_BYTES) ? PageToucher.start() : undefined;
    const parsed = newParsed(expected, csv.textPresent, pages);
    pages?.touch([...parsed.numbers, ...parsed.codes]);
    window.copyWithin(0, start, filled);
    if (!parseRange(fd, csv.shape, parsed, start, size, { window, filled: filled - start }) || parsed.rows === 0) return null;
    return finish(request, parsed.rows, parsed.numbers, csv.textPresent, parsed.dictionaries, parsed.codes);
  } finally {
    pages?.close();
    closeSync(fd);
  }
}

/** `rank[codes[r]]` for every row. */
function renumbered(codes: Int32Array, rank: Int32Array): Int32Array {
  // Shared memory, like the parsed columns, so that cleaning's worker reads it without a copy.
  const out = sharedArray(Int32Array, codes.length);
  for (let r = 0; r < codes.length; r++) out[r] = rank[codes[r] as number] as number;
  return out;
}

/**
 * Checks every value against the rules and assembles the table; null when one breaks a rule.
 * `numbersChecked`: the numbers were checked already (numbersWithinRules, on the thread that parsed them).
 */
export function finish(
  request: PlainCsvRequest,
  rows: number,
  numbers: Float64Array[],
  textPresent: TextColumn[],
  dictionaries: ByteDictionary[],
  codes: Int32Array[],
  { numbersChecked = false } = {},
): (EncodedRows & { rows: number }) | null {
  const numeric = {} as Record<NumericColumn, Float64Array>;
  for (const [i, column] of NUMERIC_COLUMNS.entries()) {
    if (!request.positions.has(column)) {
      numeric[column] = sharedArray(Float64Array, rows).fill(Number.NaN);
      continue;
    }
    const values = (numbers[i] as Float64Array).subarray(0, rows);
    if (!numbersChecked && !allWithinRule(values, NUMERIC_RULES[column])) return null;
    numeric[column] = values;
  }
  const decoded = new Map<TextColumn, { codes: Int32Array; values: string[] }>();
  for (const [i, column] of textPresent.entries()) {
    const values = decodeValues(dictionaries[i] as ByteDictionary);
    if (!values) return null;
    decoded.set(column, { codes: (codes[i] as Int32Array).subarray(0, rows), values });
  }
  const text = (column: TextColumn) => decoded.get(column) ?? null;

  // A blank track id or genre is a missing value, which the DuckDB path reports by line.
  const ids = text('track_id') as { codes: Int32Array; values: string[] };
  const genres = text('track_genre');
  if (ids.values.some((v) => v.trim() === '') || genres?.values.some((v) => v.trim() === '')) return null;

  const explicit = new Uint8Array(rows);
  const flags = text('explicit');
  if (flags) {
    // A boolean with spaces around it is left to DuckDB, like a number with spaces.
    const flagOf = flags.values.map((v) => (v === v.trim() ? booleanValue(v) : undefined));
    if (flagOf.some((v) => v === undefined)) return null;
    for (let r = 0; r < rows; r++) explicit[r] = flagOf[flags.codes[r] as number] as number;
  }

  const stringCodes = {} as Record<StringColumn, Int32Array>;
  const stringValues = {} as Record<StringColumn, string[]>;
  for (const column of STRING_COLUMNS) {
    const read = text(column);
    stringCodes[column] = read ? read.codes : new Int32Array(rows);
    stringValues[column] = read ? read.values : [''];
  }
  // Genres are coded in byte order of their UTF-8 text, as DuckDB's ORDER BY sorts them.
  const genreValues = genres?.values ?? [request.noGenre];
  const sorted = genreValues
    .map((_, code) => code)
    .sort((a, b) => Buffer.compare(Buffer.from(genreValues[a] as string), Buffer.from(genreValues[b] as string)));
  const rank = new Int32Array(genreValues.length);
  sorted.forEach((code, position) => {
    rank[code] = position;
  });
  return {
    rows,
    stringCodes,
    stringValues,
    genreNames: sorted.map((code) => genreValues[code] as string),
    genreCode: genres ? renumbered(genres.codes, rank) : sharedArray(Int32Array, rows),
    trackGroups: ids.values.length,
    numeric,
    explicit,
  };
}
