/**
 * A small columnar file: typed arrays and string columns back to back (8-byte aligned) with a JSON
 * manifest beside it that lists each column's place and the SHA-1 of the whole file. Reading it is
 * one read and one digest; typed columns are views of the bytes read (no copy, no parsing), and a
 * text column with repeated values is stored as codes into its distinct values, so reading it makes
 * a string per distinct value, not per row. A file that does not match its manifest (truncated,
 * edited, half written) is refused, never trusted.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type Column = Float64Array | Int32Array | Uint8Array | string[];

/** `coded`: `count` Int32 codes, then the distinct values joined (`distinct` of them). */
type ColumnKind = 'f64' | 'i32' | 'u8' | 'joined' | 'json' | 'coded';

interface ColumnPlace {
  name: string;
  kind: ColumnKind;
  offset: number;
  bytes: number;
  count: number;
  distinct?: number;
}

export interface ColumnFileManifest<Meta> {
  format: number;
  bytes: number;
  /** Of the whole file, against damage (the manifest beside it could be rewritten as easily, so not against tampering): SHA-1 reads it 4x faster than SHA-256 here. */
  sha1: string;
  /** SHA-256 of the JSON of `meta`: the manifest's own values are checked too. */
  metaSha256: string;
  columns: ColumnPlace[];
  meta: Meta;
}

/** Strings travel joined by U+001F (split in one call); a column holding that character is stored as JSON. */
const SEPARATOR = '\u001f';
const COLUMN_FILE_FORMAT = 2;

/** Codes into the distinct values, or undefined when more than half the values are distinct (ids): then coding saves nothing. */
function distinctCodes(column: readonly string[]): { codes: Int32Array; values: string[] } | undefined {
  const index = new Map<string, number>();
  const values: string[] = [];
  const codes = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const value = column[i] as string;
    let code = index.get(value);
    if (code === undefined) {
      if ((values.length + 1) * 2 > column.length) return undefined;
      code = values.length;
      index.set(value, code);
      values.push(value);
    }
    codes[i] = code;
  }
  return { codes, values };
}

function encodeColumn(column: Column): { kind: ColumnKind; bytes: Buffer; distinct?: number } {
  if (column instanceof Float64Array) return { kind: 'f64', bytes: Buffer.from(column.buffer, column.byteOffset, column.byteLength) };
  if (column instanceof Int32Array) return { kind: 'i32', bytes: Buffer.from(column.buffer, column.byteOffset, column.byteLength) };
  if (column instanceof Uint8Array) return { kind: 'u8', bytes: Buffer.from(column.buffer, column.byteOffset, column.byteLength) };
  if (column.some((value) => value.includes(SEPARATOR))) return { kind: 'json', bytes: Buffer.from(JSON.stringify(column), 'utf8') };
  const coded = distinctCodes(column);
  if (!coded) return { kind: 'joined', bytes: Buffer.from(column.join(SEPARATOR), 'utf8') };
  const codes = Buffer.from(coded.codes.buffer, coded.codes.byteOffset, coded.codes.byteLength);
  return { kind: 'coded', bytes: Buffer.concat([codes, Buffer.from(coded.values.join(SEPARATOR), 'utf8')]), distinct: coded.values.length };
}

/** Writes `path` + `path.json` atomically (temporary names, then renames; the manifest last). */
export function writeColumnFile<Meta>(path: string, columns: Record<string, Column>, meta: Meta): number {
  mkdirSync(dirname(path), { recursive: true });
  const parts: Buffer[] = [];
  const places: ColumnPlace[] = [];
  let offset = 0;
  for (const [name, column] of Object.entries(columns)) {
    const { kind, bytes, distinct } = encodeColumn(column);
    places.push({ name, kind, offset, bytes: bytes.length, count: column.length, ...(distinct === undefined ? {} : { distinct }) });
    parts.push(bytes);
    offset += bytes.length;
    const pad = (8 - (offset % 8)) % 8;
    if (pad) parts.push(Buffer.alloc(pad));
    offset += pad;
  }
  const body = Buffer.concat(parts, offset);
  const manifest: ColumnFileManifest<Meta> = {
    format: COLUMN_FILE_FORMAT,
    bytes: body.length,
    sha1: createHash('sha1').update(body).digest('hex'),
    metaSha256: metaDigest(meta),
    columns: places,
    meta,
  };
  writeAtomically(path, body);
  writeAtomically(`${path}.json`, Buffer.from(JSON.stringify(manifest), 'utf8'));
  return body.length;
}

function metaDigest(meta: unknown): string {
  return createHash('sha256').update(JSON.stringify(meta)).digest('hex');
}

/** Writes at a temporary name in the same folder, then renames: readers never see half a file. */
export function writeAtomically(path: string, bytes: Uint8Array | string): void {
  const temporary = `${path}.${process.pid}.${Date.now()}.partial`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, { force: true });
  }
}

/** Why a file was refused, for the log line that announces the rebuild. */
export class DamagedFile extends Error {
  override name = 'DamagedFile';
}

/** Reads only the manifest (small): undefined when there is none. */
export function readManifest<Meta>(path: string): ColumnFileManifest<Meta> | undefined {
  let text: string;
  try {
    text = readFileSync(`${path}.json`, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const manifest = JSON.parse(text) as ColumnFileManifest<Meta>;
    if (manifest.format !== COLUMN_FILE_FORMAT || !Array.isArray(manifest.columns)) throw new Error('unknown layout');
    if (metaDigest(manifest.meta) !== manifest.metaSha256) throw new Error('its values do not match their checksum');
    return manifest;
  } catch (error) {
    throw new DamagedFile(`the manifest ${path}.json is unreadable (${(error as Error).message})`);
  }
}

/** Joined values as text (`count` of them); ASCII text is decoded as Latin-1, which is the same and faster. */
function splitValues(body: Buffer, start: number, end: number, count: number): string[] {
  if (count === 0) return [];
  const bytes = body.subarray(start, end);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8').split(SEPARATOR);
}

type TypedKind<T> = { new (buffer: ArrayBuffer, offset: number, length: number): T; BYTES_PER_ELEMENT: number };

/** `count` values of the place's bytes from `from`: a view of the bytes read when aligned for the type (a large read is), else a copy. */
function typedValues<T extends Float64Array | Int32Array | Uint8Array>(
  Kind: TypedKind<T>,
  body: Buffer,
  place: ColumnPlace,
  from: number,
  count: number,
): T {
  if (count * Kind.BYTES_PER_ELEMENT > place.offset + place.bytes - from)
    throw new DamagedFile(`column ${place.name} is shorter than its ${count} values`);
  const at = body.byteOffset + from;
  if (at % Kind.BYTES_PER_ELEMENT === 0) return new Kind(body.buffer as ArrayBuffer, at, count);
  const copy = new ArrayBuffer(count * Kind.BYTES_PER_ELEMENT);
  body.copy(new Uint8Array(copy), 0, from, from + copy.byteLength);
  return new Kind(copy, 0, count);
}

/** A `coded` column: each row's value looked up from its code, so only the distinct values become new strings. */
function decodeCoded(body: Buffer, place: ColumnPlace): string[] {
  const codes = typedValues(Int32Array, body, place, place.offset, place.count);
  const values = splitValues(body, place.offset + place.count * 4, place.offset + place.bytes, place.distinct ?? 0);
  if (values.length !== place.distinct)
    throw new DamagedFile(`column ${place.name} holds ${values.length} distinct values, the manifest says ${place.distinct}`);
  const column = new Array<string>(codes.length);
  for (let i = 0; i < codes.length; i++) {
    const value = values[codes[i] as number];
    if (value === undefined) throw new DamagedFile(`column ${place.name} has a code outside its values at row ${i}`);
    column[i] = value;
  }
  return column;
}

function decodeColumn(body: Buffer, place: ColumnPlace): Column {
  const end = place.offset + place.bytes;
  if (place.offset < 0 || end > body.length) throw new DamagedFile(`column ${place.name} lies outside the file`);
  let column: Column;
  if (place.kind === 'f64') column = typedValues(Float64Array, body, place, place.offset, Math.floor(place.bytes / 8));
  else if (place.kind === 'i32') column = typedValues(Int32Array, body, place, place.offset, Math.floor(place.bytes / 4));
  else if (place.kind === 'u8') column = typedValues(Uint8Array, body, place, place.offset, place.bytes);
  else if (place.kind === 'joined') column = splitValues(body, place.offset, end, place.count);
  else if (place.kind === 'coded') column = decodeCoded(body, place);
  else column = JSON.parse(body.toString('utf8', place.offset, end)) as string[];
  if (column.length !== place.count)
    throw new DamagedFile(`column ${place.name} holds ${column.length} values, the manifest says ${place.count}`);
  return column;
}

/** Reads and checks the whole file against `manifest`; throws DamagedFile when anything differs. */
export function readColumns<Meta>(path: string, manifest: ColumnFileManifest<Meta>): Record<string, Column> {
  let body: Buffer;
  try {
    body = readFileSync(path);
  } catch (error) {
    throw new DamagedFile(`${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (body.length !== manifest.bytes) throw new DamagedFile(`${path} has ${body.length} bytes, its manifest says ${manifest.bytes}`);
  if (createHash('sha1').update(body).digest('hex') !== manifest.sha1)
    throw new DamagedFile(`${path} does not match the checksum in its manifest`);
  return Object.fromEntries(manifest.columns.map((place) => [place.name, decodeColumn(body, place)]));
}
