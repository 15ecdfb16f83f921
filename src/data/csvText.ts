/**
 * Byte-level helpers for the CSV text itself. DuckDB parses the data; these only read the header
 * (so that empty or duplicated names survive exactly as written) and, on the error path, turn a
 * record number into the physical line a user sees in an editor (quoted fields may span lines).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputError } from './errors.js';

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Reads and splits the header record of a comma-separated file (RFC 4180 quoting, BOM stripped). */
export async function readCsvHeader(path: string): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, 0);
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
      else if (b === COMMA) {
        names.push(Buffer.from(field).toString('utf8'));
        field = [];
      } else if (b === LF || b === CR) {
        names.push(Buffer.from(field).toString('utf8'));
        return names;
      } else field.push(b);
    }
    if (bytesRead < chunk.length && !inQuotes) {
      names.push(Buffer.from(field).toString('utf8'));
      return names;
    }
    throw new InputError(`${path}: line 1: the header does not end within the first 1 MiB; is this a CSV file?`);
  } finally {
    await handle.close();
  }
}

/**
 * For data records numbered from 0 (the record after the header), the 1-based line of the file on
 * which each starts. `records` must be sorted ascending. Streams the file once.
 */
export async function lineNumbersOfRecords(path: string, records: readonly number[]): Promise<number[]> {
  const lines: number[] = [];
  if (records.length === 0) return lines;
  let line = 1;
  let record = -1; // the header is record -1
  let atRecordStart = true;
  let inQuotes = false;
  let next = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] as number;
      if (atRecordStart) {
        atRecordStart = false;
        while (next < records.length && records[next] === record) {
          lines.push(line);
          next++;
        }
        if (next === records.length) return lines;
      }
      if (b === QUOTE) inQuotes = !inQuotes;
      else if (b === LF) {
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
