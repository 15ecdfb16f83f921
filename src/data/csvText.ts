/**
 * Byte-level helpers for the CSV text itself. DuckDB parses the data; these only read the header
 * (so that empty or duplicated names survive exactly as written) and, on the error path, turn a
 * record number into the physical line a user sees in an editor (quoted fields may span lines).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { InputError } from './errors.js';

/** How a CSV file is written: its compression and its field separator. */
export interface CsvDialect {
  gzip: boolean;
  delimiter: ',' | ';' | '\t' | '|';
}

/** The file's bytes, decompressed when it is gzip. */
function byteStream(path: string, gzip: boolean): AsyncIterable<Buffer> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  return (gzip ? raw.pipe(createGunzip()) : raw) as AsyncIterable<Buffer>;
}

/** The first `limit` bytes of the (decompressed) file. */
async function head(path: string, gzip: boolean, limit: number): Promise<Buffer> {
  if (!gzip) {
    const handle = await open(path, 'r');
    try {
      const chunk = Buffer.alloc(limit);
      const { bytesRead } = await handle.read(chunk, 0, limit, 0);
      return chunk.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }
  const parts: Buffer[] = [];
  let size = 0;
  const stream = createReadStream(path).pipe(createGunzip());
  try {
    for await (const part of stream as AsyncIterable<Buffer>) {
      parts.push(part);
      size += part.length;
      if (size >= limit) break;
    }
  } catch (error) {
    throw new InputError(`${path}: the gzip data is damaged (${(error as Error).message}).`);
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, limit);
}

const DELIMITERS = [',', ';', '\t', '|'] as const;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * Reads the header record (RFC 4180 quoting, BOM stripped) and the separator: a comma unless the
 * header has none and holds semicolons, tabs or pipes (exports from European spreadsheets).
 */
export async function readCsvHeader(path: string, gzip: boolean): Promise<{ header: string[]; dialect: CsvDialect }> {
  const chunk = await head(path, gzip, 1 << 20);
  const split = (delimiter: number) => splitHeader(path, chunk, chunk.length, delimiter);
  const comma = split(COMMA);
  if (comma.length > 1) return { header: comma, dialect: { gzip, delimiter: ',' } };
  const others = DELIMITERS.slice(1).map((d) => ({ d, header: split(d.charCodeAt(0)) }));
  const best = others.reduce((a, b) => (b.header.length > a.header.length ? b : a));
  if (best.header.length > 1) return { header: best.header, dialect: { gzip, delimiter: best.d } };
  return { header: comma, dialect: { gzip, delimiter: ',' } };
}

function splitHeader(path: string, chunk: Buffer, bytesRead: number, delimiter: number): string[] {
  {
    let start = 0;
    if (bytesRead >= 3 && UTF8_BOM.every((b, i) => chunk[i] === b)) start = 3;
    if (bytesRead - start === 0) throw new InputError(`${path}: the file is empty; expected a CSV header line.`);
    const names: string[] = [];
    let field: number[] = [];
    let inQuotes = false;
    for (let i = start; i < bytesRead; i++) {
      const b = chunk[i] as number;
      if (inQuotes) {
        if (b === QUOTE) {
          if (chunk[i + 1] === QUOTE) {
            field.push(QUOTE);
            i++;
          } else inQuotes = false;
        } else field.push(b);
      } else if (b === QUOTE) inQuotes = true;
      else if (b === delimiter) {
        names.push(Buffer.from(field).toString('utf8'));
        field = [];
      } else if (b === LF || b === CR) {
        names.push(Buffer.from(field).toString('utf8'));
        return names;
      } else field.push(b);
    }
    if (bytesRead < 1 << 20 && !inQuotes) {
      names.push(Buffer.from(field).toString('utf8'));
      return names;
    }
    throw new InputError(`${path}: line 1: the header does not end within the first 1 MiB; is this a CSV file?`);
  }
}

/**
 * For data records numbered from 0 (the record after the header), the 1-based physical line of the
 * file on which each starts, as an editor numbers lines: LF, CRLF and a lone CR each end a line. Blank
 * lines are not records (the reader skips them). `records` must be sorted ascending. Streams the file once.
 */
export async function lineNumbersOfRecords(path: string, records: readonly number[], gzip = false): Promise<number[]> {
  const lines: number[] = [];
  if (records.length === 0) return lines;
  let line = 1;
  let record = -1; // the header is record -1
  let atRecordStart = true; // no byte of the current record seen yet
  let inQuotes = false;
  let afterCR = false; // the previous byte was a CR (a following LF belongs to it)
  let next = 0;
  for await (const chunk of byteStream(path, gzip)) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (b === LF && afterCR) {
        afterCR = false;
        continue;
      }
      afterCR = b === CR;
      const endOfLine = b === LF || b === CR;
      if (atRecordStart) {
        if (endOfLine && !inQuotes) {
          line++; // a blank line
          continue;
        }
        atRecordStart = false;
        while (next < records.length && records[next] === record) {
          lines.push(line);
          next++;
        }
        if (next === records.length) return lines;
      }
      if (b === QUOTE) inQuotes = !inQuotes;
      else if (endOfLine) {
        line++;
        if (!inQuotes) {
          record++;
          atRecordStart = true;
        }
      }
    }
  }
  while (next < records.length) {
    lines.push(line);
    next++;
  }
  return lines;
}
