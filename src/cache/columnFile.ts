/**
 * A small columnar file: typed arrays and string columns back to back (8-byte aligned) with a JSON
 * manifest beside it that lists each column's place and the SHA-256 of the whole file. Reading it is
 * one read, one digest and a copy per column, with no parsing of numbers; a file that does not match
 * its manifest (truncated, edited, half written) is refused, never trusted.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export type Column = Float64Array | Int32Array | Uint8Array | string[];

type ColumnKind = 'f64' | 'i32' | 'u8' | 'joined' | 'json';

interface ColumnPlace {
  name: string;
  kind: ColumnKind;
  offset: number;
  bytes: number;
  count: number;
}

export interface ColumnFileManifest<Meta> {
  format: number;
  bytes: number;
  sha256: string;
  /** SHA-256 of the JSON of `meta`: the manifest's own values are checked too. */
  metaSha256: string;
  columns: ColumnPlace[];
  meta: Meta;
}

/** Strings travel joined by U+001F (split in one call); a column holding that character is stored as JSON. */
const SEPARATOR = '\u001f';
const COLUMN_FILE_FORMAT = 1;

function encodeColumn(column: Column): { kind: ColumnKind; bytes: Buffer } {
  if (column instanceof Float64Array) return { kind: 'f64', bytes: Buffer.from(column.buffer, column.byteOffset, column.byteLength) };
  if (column instanceof Int32Array) return { kind: 'i32', bytes: Buffer.from(column.buffer, column.byteOffset, column.byteLength) };
  if (column instanceof Uint8Array) return { kind: 'u8', bytes: Buffer.from(column.buffer, column.byteOffset, column.byteLength) };
  if (column.some((value) => value.includes(SEPARATOR))) return { kind: 'json', bytes: Buffer.from(JSON.stringify(column), 'utf8') };
  return { kind: 'joined', bytes: Buffer.from(column.join(SEPARATOR), 'utf8') };
}

/** Writes `path` + `path.json` atomically (temporary names, then renames; the manifest last). */
export function writeColumnFile<Meta>(path: string, columns: Record<string, Column>, meta: Meta): number {
  mkdirSync(dirname(path), { recursive: true });
  const parts: Buffer[] = [];
  const places: ColumnPlace[] = [];
  let offset = 0;
  for (const [name, column] of Object.entries(columns)) {
    const { kind, bytes } = encodeColumn(column);
    places.push({ name, kind, offset, bytes: bytes.length, count: column.length });
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
    sha256: createHash('sha256').update(body).digest('hex'),
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

function decodeColumn(body: Buffer, place: ColumnPlace): Column {
  const end = place.offset + place.bytes;
  if (place.offset < 0 || end > body.length) throw new DamagedFile(`column ${place.name} lies outside the file`);
  const copy = () => {
    const out = new ArrayBuffer(place.bytes);
    body.copy(new Uint8Array(out), 0, place.offset, end);
    return out;
  };
  let column: Column;
  if (place.kind === 'f64') column = new Float64Array(copy());
  else if (place.kind === 'i32') column = new Int32Array(copy());
  else if (place.kind === 'u8') column = new Uint8Array(copy());
  else if (place.kind === 'joined') column = place.count === 0 ? [] : body.toString('utf8', place.offset, end).split(SEPARATOR);
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
  if (createHash('sha256').update(body).digest('hex') !== manifest.sha256)
    throw new DamagedFile(`${path} does not match the checksum in its manifest`);
  return Object.fromEntries(manifest.columns.map((place) => [place.name, decodeColumn(body, place)]));
}
