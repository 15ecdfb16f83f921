/**
 * Model files: a versioned binary container.
 *
 *   "SPIGENRE" | format version (u32 LE) | header length (u32 LE) | header JSON | pad to 8
 *   | typed arrays, each padded to 8 | SHA-256 of everything before (32 bytes)
 *
 * The header names the model kind, features, classes, parameters and each array (name, type, length).
 * Reading checks the magic, the version, the size the header implies (a short file is "truncated"),
 * the checksum, and then the structure (every child, feature, class and value index in range), so a
 * damaged or foreign file is an InputError naming the file, never a crash or a silently wrong model.
 */
import { createHash } from 'node:crypto';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../data/errors.js';
import type { ForestModel, ForestParams } from './forest.js';
import type { BoostingModel, BoostingParams } from './gbdt.js';
import type { GenreModel } from './model.js';
import { MAX_PACKED_FEATURES, MAX_PACKED_LEAVES } from './packedTrees.js';

const MAGIC = Buffer.from('SPIGENRE', 'latin1');
/** Version 2 added node covers (TreeSHAP); version 1 files are refused with a message to retrain. */
export const FORMAT_VERSION = 2;
const CHECKSUM_BYTES = 32;

type ArrayType = 'f64' | 'f32' | 'i32' | 'i16' | 'u16' | 'u8';
type Typed = Float64Array | Float32Array | Int32Array | Int16Array | Uint16Array | Uint8Array;
const CONSTRUCTORS = {
  f64: Float64Array,
  f32: Float32Array,
  i32: Int32Array,
  i16: Int16Array,
  u16: Uint16Array,
  u8: Uint8Array,
} as const;

function typeOf(array: Typed): ArrayType {
  for (const [name, C] of Object.entries(CONSTRUCTORS)) if (array instanceof C) return name as ArrayType;
  throw new Error('unsupported array type');
}

interface Header {
  kind: 'rf' | 'gbdt';
  featureNames: string[];
  classNames: string[];
  params: ForestParams | BoostingParams;
  iterations?: number;
  validationLoss?: number[];
  validationAccuracy?: number[];
  validationRounds?: number;
  meta: Record<string, unknown>;
  arrays: { name: string; type: ArrayType; length: number }[];
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

function arraysOf(model: GenreModel): Record<string, Typed> {
  const common = {
    binThresholds: model.bins.thresholds,
    binOffsets: model.bins.offsets,
    treeStart: model.treeStart,
    feature: model.feature,
    threshold: model.threshold,
    right: model.right,
    cover: model.cover,
    importances: model.importances,
  };
  if (model.kind === 'rf') {
    return {
      ...common,
      valueStart: model.valueStart,
      valueCount: model.valueCount,
      valueClass: model.valueClass,
      valueProb: model.valueProb,
    };
  }
  return { ...common, left: model.left, value: model.value, baseline: model.baseline };
}

/** The model as file bytes. `meta` (e.g. the feature set, training rows) is stored in the header. */
export function encodeModel(model: GenreModel, meta: Record<string, unknown> = {}): Buffer {
  const arrays = arraysOf(model);
  const header: Header = {
    kind: model.kind,
    featureNames: model.featureNames,
    classNames: model.classNames,
    params: model.params,
    ...(model.kind === 'gbdt'
      ? {
          iterations: model.iterations,
          validationLoss: model.validationLoss,
          validationAccuracy: model.validationAccuracy,
          validationRounds: model.validationRounds,
        }
      : {}),
    meta,
    arrays: Object.entries(arrays).map(([name, a]) => ({ name, type: typeOf(a), length: a.length })),
  };
  // JSON has no Infinity: maxDepth = Infinity is written as null.
  const headerBytes = Buffer.from(
    JSON.stringify(header, (_k, v) => (v === Number.POSITIVE_INFINITY ? null : v)),
    'utf8',
  );
  const parts: Buffer[] = [MAGIC, u32(FORMAT_VERSION), u32(headerBytes.length), headerBytes, Buffer.alloc(pad8(16 + headerBytes.length))];
  for (const a of Object.values(arrays)) {
    parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.alloc(pad8(a.byteLength)));
  }
  const body = Buffer.concat(parts);
  return Buffer.concat([body, createHash('sha256').update(body).digest()]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

/** Writes atomically: a temporary file in the same folder, then a rename. */
/**
 * Checks, before any training, that a model can be written to `path`: not a folder, in an existing
 * writable folder. `flag` names the option in messages.
 */
export function checkModelPath(path: string, flag = '--out'): void {
  if (existsSync(path) && statSync(path).isDirectory())
    throw new InputError(`${flag} ${path}: is a folder; give a file name, e.g. ${join(path, 'genres.model')}`);
  const folder = dirname(path);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new InputError(`${flag} ${path}: the folder ${folder} does not exist`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new InputError(`${flag} ${path}: cannot write in ${folder}`);
  }
}

/** Writes the model atomically (a temporary file beside it, then a rename); no temporary file is left on failure. */
export function saveModel(path: string, model: GenreModel, meta: Record<string, unknown> = {}): number {
  const bytes = encodeModel(model, meta);
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new InputError(`${path}: cannot write the model (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  return bytes.length;
}

export interface LoadedModel {
  model: GenreModel;
  meta: Record<string, unknown>;
  bytes: number;
}

/** Larger than any model this tool writes (a 500-tree forest on 1M tracks is a few hundred MB). */
const MAX_MODEL_BYTES = 4 * 2 ** 30;

export function loadModel(path: string): LoadedModel {
  let bytes: Buffer;
  try {
    // Refuse devices, pipes and the like before reading: /dev/zero would never end.
    const stat = statSync(path);
    if (!stat.isFile()) throw new InputError(`${path}: not a regular file; give the path of a model file written by \`classify train\`.`);
    if (stat.size > MAX_MODEL_BYTES)
      throw new InputError(`${path}: ${stat.size} bytes is larger than any model file; is this the right file?`);
    const head = Buffer.alloc(MAGIC.length);
    const fd = openSync(path, 'r');
    try {
      readSync(fd, head, 0, MAGIC.length, 0);
    } finally {
      closeSync(fd);
    }
    if (!head.equals(MAGIC))
      throw new InputError(
        `${path}: not a spotify-intel model file (no SPIGENRE header); make one with \`spotify-intel classify train --out FILE\`.`,
      );
    bytes = readFileSync(path);
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${path}: cannot read the model file (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  return decodeModel(bytes, path);
}

export function decodeModel(bytes: Buffer, path = 'model file'): LoadedModel {
  const fail = (why: string): never => {
    throw new InputError(`${path}: ${why}`);
  };
  if (bytes.length < MAGIC.length || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    fail('not a spotify-intel model file (no SPIGENRE header); make one with `spotify-intel classify train --out FILE`.');
  }
  if (bytes.length < 16) fail('truncated model file (the header is cut off).');
  const version = bytes.readUInt32LE(8);
  if (version !== FORMAT_VERSION) fail(`model format version ${version}; this build reads version ${FORMAT_VERSION}. Retrain the model.`);
  const headerLength = bytes.readUInt32LE(12);
  if (16 + headerLength > bytes.length) fail('truncated model file (the header is cut off).');
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(16, 16 + headerLength).toString('utf8'), (_k, v) => v) as Header;
  } catch {
    return fail('corrupt model file (the header is not valid JSON).');
  }
  if (!header || !Array.isArray(header.arrays) || (header.kind !== 'rf' && header.kind !== 'gbdt'))
    fail('corrupt model file (bad header).');
  let expected = 16 + headerLength + pad8(16 + headerLength);
  for (const a of header.arrays) {
    if (!(a.type in CONSTRUCTORS) || !Number.isInteger(a.length) || a.length < 0) fail(`corrupt model file (bad array ${a.name}).`);
    const size = a.length * CONSTRUCTORS[a.type].BYTES_PER_ELEMENT;
    expected += size + pad8(size);
  }
  if (bytes.length < expected + CHECKSUM_BYTES)
    fail(`truncated model file (${bytes.length} bytes, expected ${expected + CHECKSUM_BYTES}).`);
  if (bytes.length > expected + CHECKSUM_BYTES)
    fail(`corrupt model file (${bytes.length - expected - CHECKSUM_BYTES} unexpected trailing bytes).`);
  const digest = createHash('sha256').update(bytes.subarray(0, expected)).digest();
  if (!digest.equals(bytes.subarray(expected))) fail('corrupt model file (checksum mismatch).');

  const arrays: Record<string, Typed> = {};
  let offset = 16 + headerLength + pad8(16 + headerLength);
  for (const a of header.arrays) {
    const C = CONSTRUCTORS[a.type];
    const size = a.length * C.BYTES_PER_ELEMENT;
    // Copy into a fresh, aligned buffer.
    const copy = new Uint8Array(size);
    copy.set(bytes.subarray(offset, offset + size));
    arrays[a.name] = new C(copy.buffer);
    offset += size + pad8(size);
  }
  const model = buildModel(header, arrays, fail);
  checkStructure(model, fail);
  return { model, meta: header.meta ?? {}, bytes: bytes.length };
}

function buildModel(header: Header, arrays: Record<string, Typed>, fail: (why: string) => never): GenreModel {
  const get = <T extends Typed>(name: string, C: new (...args: never[]) => T): T => {
    const a = arrays[name];
    if (!(a instanceof C)) return fail(`corrupt model file (array ${name} missing or of the wrong type).`);
    return a;
  };
  if (!Array.isArray(header.featureNames) || !Array.isArray(header.classNames)) fail('corrupt model file (bad header).');
  const params = { ...header.params } as Record<string, unknown>;
  if (params.maxDepth === null) params.maxDepth = Number.POSITIVE_INFINITY;
  const common = {
    featureNames: header.featureNames,
    classNames: header.classNames,
    bins: { thresholds: get('binThresholds', Float64Array), offsets: get('binOffsets', Int32Array) },
    treeStart: get('treeStart', Int32Array),
    feature: get('feature', Int16Array),
    threshold: get('threshold', Uint8Array),
    right: get('right', Int32Array),
    cover: get('cover', Float32Array),
    importances: get('importances', Float64Array),
  };
  if (header.kind === 'rf') {
    return {
      kind: 'rf',
      ...common,
      params: params as unknown as ForestParams,
      valueStart: get('valueStart', Int32Array),
      valueCount: get('valueCount', Uint16Array),
      valueClass: get('valueClass', Uint16Array),
      valueProb: get('valueProb', Float32Array),
    } satisfies ForestModel;
  }
  return {
    kind: 'gbdt',
    ...common,
    params: params as unknown as BoostingParams,
    iterations: header.iterations ?? 0,
    validationLoss: header.validationLoss ?? [],
    validationAccuracy: header.validationAccuracy ?? [],
    validationRounds: header.validationRounds ?? header.iterations ?? 0,
    left: get('left', Int32Array),
    value: get('value', Float32Array),
    baseline: get('baseline', Float64Array),
  } satisfies BoostingModel;
}

/** Every index in range, so prediction can never read outside an array or loop. */
function checkStructure(model: GenreModel, fail: (why: string) => never): void {
  const bad = (what: string) => fail(`corrupt model file (${what}).`);
  const d = model.featureNames.length;
  const classes = model.classNames.length;
  const { offsets, thresholds } = model.bins;
  if (d < 1 || classes < 1 || offsets.length !== d + 1 || offsets[0] !== 0 || offsets[d] !== thresholds.length) bad('bins');
  for (let f = 0; f < d; f++) {
    const count = (offsets[f + 1] as number) - (offsets[f] as number);
    if (count < 0 || count > 255) bad('bins');
  }
  if (model.importances.length !== d) bad('importances');
  if (model.kind === 'gbdt' && d > MAX_PACKED_FEATURES) bad('feature count');
  const nodes = model.feature.length;
  const trees = model.treeStart.length - 1;
  if (trees < 1 || model.treeStart[0] !== 0 || model.treeStart[trees] !== nodes) bad('tree offsets');
  if (model.threshold.length !== nodes || model.right.length !== nodes || model.cover.length !== nodes) bad('node arrays');
  if (model.kind === 'gbdt') {
    if (model.left.length !== nodes || model.value.length !== nodes || model.baseline.length !== classes) bad('node arrays');
    if (trees !== model.iterations * classes) bad('tree count');
  } else if (model.valueStart.length !== nodes || model.valueCount.length !== nodes || model.valueProb.length !== model.valueClass.length) {
    bad('node arrays');
  }
  // Every node but a root has exactly one parent: a tree, not a graph that shares subtrees.
  const hasParent = new Uint8Array(nodes);
  for (let t = 0; t < trees; t++) {
    const start = model.treeStart[t] as number;
    const end = model.treeStart[t + 1] as number;
    if (end <= start) bad('tree offsets');
    if (model.kind === 'gbdt' && end - start > 2 * MAX_PACKED_LEAVES - 1) bad(`size of tree ${t}`);
    for (let node = start; node < end; node++) {
      const f = model.feature[node] as number;
      if (f >= d || f < -1) bad(`feature index at node ${node}`);
      if (f >= 0) {
        // Children come after their parent inside the same tree: no cycles, no escape.
        const right = model.right[node] as number;
        const left = model.kind === 'gbdt' ? (model.left[node] as number) : node + 1;
        if (left <= node || left >= end || right <= node || right >= end) bad(`child index at node ${node}`);
        if (left === right || hasParent[left] || hasParent[right]) bad(`child index at node ${node}`);
        hasParent[left] = 1;
        hasParent[right] = 1;
      } else if (model.kind === 'rf') {
        const s = model.valueStart[node] as number;
        const e = s + (model.valueCount[node] as number);
        if (s < 0 || e > model.valueClass.length || e === s) bad(`leaf values at node ${node}`);
      }
    }
  }
  if (model.kind === 'rf') for (const c of model.valueClass) if (c >= classes) bad('class index');
}
