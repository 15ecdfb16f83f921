/**
 * The fast path for the usual catalogue file: a plain UTF-8 CSV whose every cell is well formed and
 * within the rules. It is parsed in one pass straight into typed columns, text dictionary-encoded as
 * it is scanned, so nothing crosses from DuckDB to JS (that transfer, not parsing, was most of a
 * first load: ~100 MB/s through the C API). Anything unusual (a cell that is not a plain number, a
 * value out of range, a ragged row, a stray quote or carriage return, invalid UTF-8) makes it
 * return null, and the DuckDB path reads the file and names each problem with its line. Both paths
 * give identical tables; test/plainCsv.test.ts compares them field by field.
 */

import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { EncodedRows } from './encodedRows.js';
import { NUMERIC_COLUMNS, NUMERIC_RULES, type NumericColumn, type NumericRule, STRING_COLUMNS, type StringColumn } from './schema.js';

/** Larger files go through DuckDB, which streams instead of holding the whole file. */
const MAX_FAST_BYTES = 1 << 30;

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

/** What the scanner does with a field of the file: skip it (index, extras), parse a number, or encode text. */
const SKIP = 0;
const NUMBER = 1;
const TEXT = 2;

/** Distinct byte strings of one column, numbered by first appearance, found by an open-addressing hash table. */
interface ByteDictionary {
  slots: Int32Array; // code + 1, 0 = empty
  hashes: Int32Array;
  starts: Int32Array;
  ends: Int32Array;
  /** 1 when the value was quoted with "" inside (decoded with the doubling undone). */
  escaped: Uint8Array;
  count: number;
}

function newDictionary(capacity: number): ByteDictionary {
  let slots = 1024;
  while (slots < capacity * 2) slots *= 2;
  return {
    slots: new Int32Array(slots),
    hashes: new Int32Array(capacity),
    starts: new Int32Array(capacity),
    ends: new Int32Array(capacity),
    escaped: new Uint8Array(capacity),
    count: 0,
  };
}

function sameBytes(bytes: Uint8Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (; a < aEnd; a++, b++) if (bytes[a] !== bytes[b]) return false;
  return true;
}

/** The value's code, adding it when new. The caller sizes the dictionary for at most one value per row. */
function intern(d: ByteDictionary, bytes: Uint8Array, start: number, end: number, hash: number, escaped: number): number {
  const mask = d.slots.length - 1;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const entry = d.slots[slot] as number;
    if (entry === 0) {
      if (d.count === d.hashes.length) grow(d);
      const code = d.count++;
      d.slots[slot] = code + 1;
      d.hashes[code] = hash;
      d.starts[code] = start;
      d.ends[code] = end;
      d.escaped[code] = escaped;
      if (d.count * 2 > d.slots.length) rehash(d);
      return code;
    }
    const code = entry - 1;
    if (d.hashes[code] === hash && sameBytes(bytes, d.starts[code] as number, d.ends[code] as number, start, end)) return code;
  }
}

function grow(d: ByteDictionary): void {
  const larger = <T extends Int32Array | Uint8Array>(a: T): T => {
    const copy = new (a.constructor as new (n: number) => T)(a.length * 2);
    copy.set(a);
    return copy;
  };
  d.hashes = larger(d.hashes);
  d.starts = larger(d.starts);
  d.ends = larger(d.ends);
  d.escaped = larger(d.escaped);
}

function rehash(d: ByteDictionary): void {
  const slots = new Int32Array(d.slots.length * 2);
  const mask = slots.length - 1;
  for (let code = 0; code < d.count; code++) {
    let slot = (d.hashes[code] as number) & mask;
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = code + 1;
  }
  d.slots = slots;
}

/** The distinct values as text; null when one is not valid UTF-8 (decoding would hide it as U+FFFD). */
function decodeValues(d: ByteDictionary, bytes: Buffer): string[] | null {
  const values = new Array<string>(d.count);
  for (let code = 0; code < d.count; code++) {
    const start = d.starts[code] as number;
    const end = d.ends[code] as number;
    const text = bytes.toString('utf8', start, end);
    if (text.includes('\uFFFD') && !isUtf8(bytes.subarray(start, end))) return null;
    values[code] = d.escaped[code] ? text.replaceAll('""', '"') : text;
  }
  return values;
}

function readWholeFile(path: string): Buffer | null {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_FAST_BYTES) return null;
    const bytes = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, bytes, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === size ? bytes : null;
  } finally {
    closeSync(fd);
  }
}

/** Upper bound on the records after `from`: one per line feed, plus a last line without one. */
function countLines(bytes: Buffer, from: number): number {
  let lines = 1;
  for (let i = bytes.indexOf(LF, from); i >= 0; i = bytes.indexOf(LF, i + 1)) lines++;
  return lines;
}

/**
 * Where the data starts: just after the header record, which must have `fields` fields. -1 when
 * the header is not a plain record (the DuckDB path then reads the file).
 */
function dataStart(bytes: Buffer, fields: number, delimiter: number): number {
  let p = UTF8_BOM.every((b, i) => bytes[i] === b) ? 3 : 0;
  let seen = 1;
  let quoted = false;
  for (; p < bytes.length; p++) {
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
}

const TEXT_COLUMNS = [...STRING_COLUMNS, 'track_genre', 'explicit'] as const;
type TextColumn = (typeof TEXT_COLUMNS)[number];

/** 1 / 0 for the spellings of a boolean that the DuckDB path accepts as written, undefined otherwise. */
const BOOLEAN_SPELLINGS: Record<string, number> = {
  True: 1,
  TRUE: 1,
  true: 1,
  1: 1,
  '1.0': 1,
  False: 0,
  FALSE: 0,
  false: 0,
  0: 0,
  '0.0': 0,
};

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

/**
 * Reads the file in one pass, or returns null when any record or value needs the DuckDB path. The
 * result is what `fetchEncodedRows` gives for the same rows, with every row valid.
 */
export function readPlainCsv(request: PlainCsvRequest): (EncodedRows & { rows: number }) | null {
  const delimiter = request.delimiter.charCodeAt(0);
  if (request.delimiter.length !== 1 || delimiter >= 0x80 || delimiter === QUOTE) return null;
  const file = readWholeFile(request.path);
  if (!file) return null;
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.length); // plain typed-array reads in the hot loop
  const start = dataStart(file, request.fields, delimiter);
  if (start < 0) return null;
  const capacity = countLines(file, start);

  const fields = request.fields;
  const roles = new Uint8Array(fields).fill(SKIP);
  const targetOf = new Int32Array(fields);
  const numbers = NUMERIC_COLUMNS.map(() => new Float64Array(capacity));
  const textPresent = TEXT_COLUMNS.filter((c) => request.positions.has(c));
  const dictionaries = textPresent.map(() => newDictionary(1 << 12));
  const codes = textPresent.map(() => new Int32Array(capacity));
  NUMERIC_COLUMNS.forEach((column, i) => {
    const at = request.positions.get(column);
    if (at === undefined) return;
    roles[at] = NUMBER;
    targetOf[at] = i;
  });
  textPresent.forEach((column, i) => {
    const at = request.positions.get(column) as number;
    roles[at] = TEXT;
    targetOf[at] = i;
  });

  const end = bytes.length;
  let p = start;
  let rows = 0;
  let skippedBytes = 0; // the OR of the bytes of fields we do not read: >= 0x80 means non-ASCII text to validate
  while (p < end) {
    for (let field = 0; field < fields; field++) {
      const role = roles[field];
      const last = field === fields - 1;
      if (role === NUMBER) {
        // -?digits(.digits)?([eE][+-]?digits)? and nothing else; 15 digits or fewer with a small
        // exponent is one exact operation, correctly rounded (Clinger's fast path), else Number().
        const from = p;
        const negative = bytes[p] === MINUS;
        if (negative) p++;
        let mantissa = 0;
        let digits = 0;
        let scale = 0;
        let b = bytes[p] as number;
        while (b >= ZERO && b <= NINE) {
          mantissa = mantissa * 10 + (b - ZERO);
          digits++;
          b = bytes[++p] as number;
        }
        if (digits === 0) return null;
        if (b === DOT) {
          b = bytes[++p] as number;
          const before = digits;
          while (b >= ZERO && b <= NINE) {
            mantissa = mantissa * 10 + (b - ZERO);
            digits++;
            scale--;
            b = bytes[++p] as number;
          }
          if (digits === before) return null;
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
          if (exponentDigits === 0 || exponentDigits > 4) return null;
          scale += negativeExponent ? -exponent : exponent;
        }
        let value: number;
        if (digits <= 15 && scale >= -22 && scale <= 22)
          value = scale < 0 ? mantissa / (EXACT_POWERS_OF_TEN[-scale] as number) : mantissa * (EXACT_POWERS_OF_TEN[scale] as number);
        else value = Number(file.toString('latin1', negative ? from + 1 : from, p));
        (numbers[targetOf[field] as number] as Float64Array)[rows] = negative ? -value : value;
      } else {
        // Text or skipped: a quoted field (with "" for a quote) or a plain one without quotes.
        const isText = role === TEXT;
        let hash = 0x811c9dc5 | 0; // FNV-1a over the field's bytes
        let from = p;
        let to: number;
        let escaped = 0;
        if (bytes[p] === QUOTE) {
          from = ++p;
          for (;;) {
            if (p >= end) return null; // an unterminated quote
            const b = bytes[p++] as number;
            if (b === QUOTE) {
              if (bytes[p] !== QUOTE) break;
              escaped = 1;
              p++;
              if (isText) hash = Math.imul(Math.imul(hash ^ QUOTE, 16777619) ^ QUOTE, 16777619);
              continue;
            }
            if (isText) hash = Math.imul(hash ^ b, 16777619);
            else skippedBytes |= b;
          }
          to = p - 1;
        } else {
          for (let b = bytes[p]; p < end && b !== delimiter && b !== LF && b !== CR; b = bytes[++p]) {
            if (b === QUOTE) return null; // a quote inside a plain field
            if (isText) hash = Math.imul(hash ^ (b as number), 16777619);
            else skippedBytes |= b as number;
          }
          to = p;
        }
        if (isText) {
          const t = targetOf[field] as number;
          (codes[t] as Int32Array)[rows] = intern(dictionaries[t] as ByteDictionary, bytes, from, to, hash, escaped);
        }
      }
      // The field must end exactly at the delimiter, or at the end of the record for the last one.
      const b = bytes[p];
      if (!last) {
        if (b !== delimiter) return null;
        p++;
      } else if (b === LF) p++;
      else if (b === CR && bytes[p + 1] === LF) p += 2;
      else if (p < end) return null;
    }
    rows++;
  }
  if (rows === 0 || (skippedBytes >= 0x80 && !isUtf8(file))) return null;
  return finish(request, file, rows, numbers, textPresent, dictionaries, codes);
}

/** `rank[codes[r]]` for every row. */
function renumbered(codes: Int32Array, rank: Int32Array): Int32Array {
  const out = new Int32Array(codes.length);
  for (let r = 0; r < codes.length; r++) out[r] = rank[codes[r] as number] as number;
  return out;
}

/** Checks every value against the rules and assembles the table; null when one breaks a rule. */
function finish(
  request: PlainCsvRequest,
  bytes: Buffer,
  rows: number,
  numbers: Float64Array[],
  textPresent: TextColumn[],
  dictionaries: ByteDictionary[],
  codes: Int32Array[],
): (EncodedRows & { rows: number }) | null {
  const numeric = {} as Record<NumericColumn, Float64Array>;
  for (const [i, column] of NUMERIC_COLUMNS.entries()) {
    if (!request.positions.has(column)) {
      numeric[column] = new Float64Array(rows).fill(Number.NaN);
      continue;
    }
    const values = (numbers[i] as Float64Array).subarray(0, rows);
    if (!allWithinRule(values, NUMERIC_RULES[column])) return null;
    numeric[column] = values;
  }
  const decoded = new Map<TextColumn, { codes: Int32Array; values: string[] }>();
  for (const [i, column] of textPresent.entries()) {
    const values = decodeValues(dictionaries[i] as ByteDictionary, bytes);
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
    const flagOf = flags.values.map((v) => BOOLEAN_SPELLINGS[v]);
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
    genreCode: genres ? renumbered(genres.codes, rank) : new Int32Array(rows),
    trackGroups: ids.values.length,
    numeric,
    explicit,
  };
}
