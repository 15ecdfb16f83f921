/**
 * The boosting predictor: trees packed into one 32-bit word per node, walked for a block of rows at a
 * time so the block's codes and scores stay in cache while every tree streams past once, and spread over
 * worker threads by row blocks for large inputs. Packing renumbers each tree breadth-first with the two
 * children of a node side by side, so a step is one load and no branch: the next node is n + offset +
 * (code > threshold). A leaf's offset is 0 and its threshold 255, so walking past a leaf stays on it.
 * Eight rows walk in lockstep until all eight stand on leaves (loss-guided trees are deep on one side:
 * walking every row to the deepest leaf took 2.2x the steps). Scores are summed per row in tree order,
 * so any block size or thread count gives the same bits as a row-by-row walk.
 */

import { sharedCopy } from '../data/sharedMemory.js';
import { binMatrix, transposeCodes } from './binning.js';
import type { FeatureMatrix } from './features.js';
import type { BoostingModel } from './gbdt.js';
import { defaultThreads, WorkerPool } from './workers.js';

export interface PackedTrees {
  /** Root node of tree t, and the number of steps from it to its deepest leaf. */
  root: Int32Array;
  depth: Int32Array;
  /**
   * Per node: threshold (bits 0-7; 255 marks a leaf, and only a leaf), feature (bits 8-15) and the offset
   * from the node to its first child (bits 16-31). Codes <= threshold go to the first child, the others
   * to the one after it.
   */
  node: Int32Array;
  /** Leaf values (0 at internal nodes). */
  value: Float32Array;
}

type TreeArrays = Pick<BoostingModel, 'treeStart' | 'feature' | 'threshold' | 'left' | 'right' | 'value'>;

const LEAF = 255;
/**
 * Breadth-first, a node's first child is fewer places after it than the tree has leaves, so the 16 bits
 * of offset hold any tree of up to 65,536 leaves; the fit and the model file allow no more, and no more
 * features than 8 bits name.
 */
export const MAX_PACKED_LEAVES = 65_536;
export const MAX_PACKED_FEATURES = 256;

/**
 * Packs the model's trees (into SharedArrayBuffers when `sharedMemory`, for worker threads: packing
 * straight into them saves copying fresh pages on every prediction).
 */
export function packTrees(model: TreeArrays, sharedMemory = false): PackedTrees {
  const trees = model.treeStart.length - 1;
  const nodes = model.feature.length;
  const make = <T>(Constructor: new (buffer: ArrayBufferLike) => T, length: number): T =>
    new Constructor(sharedMemory ? new SharedArrayBuffer(4 * length) : new ArrayBuffer(4 * length));
  const packed: PackedTrees = {
    root: make(Int32Array, trees),
    depth: make(Int32Array, trees),
    node: make(Int32Array, nodes),
    value: make(Float32Array, nodes),
  };
  let largest = 0;
  for (let t = 0; t < trees; t++) largest = Math.max(largest, (model.treeStart[t + 1] as number) - (model.treeStart[t] as number));
  // Breadth-first order within the tree: queue[q] is the model node packed at start + q.
  const queue = new Int32Array(largest);
  const depthOf = new Int32Array(largest);
  // A split sending every code left (threshold 255, which a fit never makes) is its left child.
  const effective = (n: number) => {
    let at = n;
    while ((model.feature[at] as number) >= 0 && (model.threshold[at] as number) >= LEAF) at = model.left[at] as number;
    return at;
  };
  for (let t = 0; t < trees; t++) {
    const start = model.treeStart[t] as number;
    const size = (model.treeStart[t + 1] as number) - start;
    packed.root[t] = start;
    queue[0] = effective(start);
    depthOf[0] = 0;
    let placed = 1;
    let deepest = 0;
    for (let q = 0; q < placed; q++) {
      const n = queue[q] as number;
      const feature = model.feature[n] as number;
      if (feature < 0) {
        packed.node[start + q] = LEAF;
        packed.value[start + q] = model.value[n] as number;
        deepest = Math.max(deepest, depthOf[q] as number);
        continue;
      }
      // decodeModel and the fit guarantee these; a violation would walk into the wrong nodes.
      if (placed + 2 > size || placed - q > 0xffff || feature >= MAX_PACKED_FEATURES)
        throw new Error(`boosting tree ${t} cannot be packed (shared subtrees, or too large)`);
      packed.node[start + q] = (model.threshold[n] as number) | (feature << 8) | ((placed - q) << 16);
      queue[placed] = effective(model.left[n] as number);
      queue[placed + 1] = effective(model.right[n] as number);
      depthOf[placed] = (depthOf[q] as number) + 1;
      depthOf[placed + 1] = (depthOf[q] as number) + 1;
      placed += 2;
    }
    packed.depth[t] = deepest;
  }
  return packed;
}

const BLOCK = 256;

/**
 * Raw scores (baseline + every tree of the class) of rows from..to-1, row-major: out[(i - from) * classes + k].
 * Tree t belongs to class t % classes. rowCodes is row-major: rowCodes[i * features + f].
 */
export function rawScoresRows(
  packed: PackedTrees,
  baseline: Float64Array,
  rowCodes: Uint8Array,
  features: number,
  from: number,
  to: number,
): Float64Array {
  const classes = baseline.length;
  const { root, depth, node, value } = packed;
  const trees = root.length;
  const out = new Float64Array((to - from) * classes);
  const block = new Float64Array(BLOCK * classes);
  for (let start = from; start < to; start += BLOCK) {
    const n = Math.min(BLOCK, to - start);
    for (let k = 0; k < classes; k++) block.fill(baseline[k] as number, k * BLOCK, k * BLOCK + n);
    for (let t = 0; t < trees; t++) {
      const at = (t % classes) * BLOCK;
      const r = root[t] as number;
      const rootWord = node[r] as number;
      const steps = depth[t] as number;
      let j = 0;
      // Eight rows walk together: their steps are independent, so the CPU overlaps their loads.
      // (threshold - code) >>> 31 is 1 exactly when code > threshold: no branch to mispredict.
      for (; j + 8 <= n; j += 8) {
        const b0 = (start + j) * features;
        const b1 = b0 + features;
        const b2 = b1 + features;
        const b3 = b2 + features;
        const b4 = b3 + features;
        const b5 = b4 + features;
        const b6 = b5 + features;
        const b7 = b6 + features;
        let n0 = r;
        let n1 = r;
        let n2 = r;
        let n3 = r;
        let n4 = r;
        let n5 = r;
        let n6 = r;
        let n7 = r;
        let w0 = rootWord;
        let w1 = rootWord;
        let w2 = rootWord;
        let w3 = rootWord;
        let w4 = rootWord;
        let w5 = rootWord;
        let w6 = rootWord;
        let w7 = rootWord;
        for (let s = 0; s < steps; s++) {
          n0 += (w0 >>> 16) + (((w0 & 255) - (rowCodes[b0 + ((w0 >>> 8) & 255)] as number)) >>> 31);
          w0 = node[n0] as number;
          n1 += (w1 >>> 16) + (((w1 & 255) - (rowCodes[b1 + ((w1 >>> 8) & 255)] as number)) >>> 31);
          w1 = node[n1] as number;
          n2 += (w2 >>> 16) + (((w2 & 255) - (rowCodes[b2 + ((w2 >>> 8) & 255)] as number)) >>> 31);
          w2 = node[n2] as number;
          n3 += (w3 >>> 16) + (((w3 & 255) - (rowCodes[b3 + ((w3 >>> 8) & 255)] as number)) >>> 31);
          w3 = node[n3] as number;
          n4 += (w4 >>> 16) + (((w4 & 255) - (rowCodes[b4 + ((w4 >>> 8) & 255)] as number)) >>> 31);
          w4 = node[n4] as number;
          n5 += (w5 >>> 16) + (((w5 & 255) - (rowCodes[b5 + ((w5 >>> 8) & 255)] as number)) >>> 31);
          w5 = node[n5] as number;
          n6 += (w6 >>> 16) + (((w6 & 255) - (rowCodes[b6 + ((w6 >>> 8) & 255)] as number)) >>> 31);
          w6 = node[n6] as number;
          n7 += (w7 >>> 16) + (((w7 & 255) - (rowCodes[b7 + ((w7 >>> 8) & 255)] as number)) >>> 31);
          w7 = node[n7] as number;
          // All eight on leaves: only a leaf has threshold 255.
          if ((w0 & w1 & w2 & w3 & w4 & w5 & w6 & w7 & 255) === LEAF) break;
        }
        block[at + j + 0] = (block[at + j + 0] as number) + (value[n0] as number);
        block[at + j + 1] = (block[at + j + 1] as number) + (value[n1] as number);
        block[at + j + 2] = (block[at + j + 2] as number) + (value[n2] as number);
        block[at + j + 3] = (block[at + j + 3] as number) + (value[n3] as number);
        block[at + j + 4] = (block[at + j + 4] as number) + (value[n4] as number);
        block[at + j + 5] = (block[at + j + 5] as number) + (value[n5] as number);
        block[at + j + 6] = (block[at + j + 6] as number) + (value[n6] as number);
        block[at + j + 7] = (block[at + j + 7] as number) + (value[n7] as number);
      }
      for (; j < n; j++) {
        const base = (start + j) * features;
        let current = r;
        let w = rootWord;
        while ((w & 255) !== LEAF) {
          current += (w >>> 16) + (((w & 255) - (rowCodes[base + ((w >>> 8) & 255)] as number)) >>> 31);
          w = node[current] as number;
        }
        block[at + j] = (block[at + j] as number) + (value[current] as number);
      }
    }
    for (let k = 0; k < classes; k++) for (let j = 0; j < n; j++) out[(start - from + j) * classes + k] = block[k * BLOCK + j] as number;
  }
  return out;
}

/** Row-major raw scores to probabilities, in place (max-shifted softmax per row). */
export function softmaxInPlace(raw: Float64Array, classes: number): Float64Array {
  const rows = raw.length / classes;
  for (let i = 0; i < rows; i++) {
    const at = i * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < classes; k++) max = Math.max(max, raw[at + k] as number);
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const e = Math.exp((raw[at + k] as number) - max);
      raw[at + k] = e;
      sum += e;
    }
    for (let k = 0; k < classes; k++) raw[at + k] = (raw[at + k] as number) / sum;
  }
  return raw;
}

/** What a prediction worker needs: the packed trees and the rows' codes, in shared memory. */
export interface PredictJob {
  kind: 'predict';
  packed: PackedTrees;
  baseline: Float64Array;
  rowCodes: Uint8Array;
  features: number;
}

/** Below this many row-tree walks, starting workers costs more than it saves. */
export const PARALLEL_WORK = 20_000_000;

/**
 * Class probabilities (row-major) of a boosting model for the matrix's rows, over `threads` workers
 * when the input is large (default: all cores); the same numbers for any thread count.
 */
export async function boostingProbaParallel(
  model: BoostingModel,
  matrix: FeatureMatrix,
  threads = defaultThreads(),
): Promise<Float64Array> {
  const rows = matrix.rows;
  const features = model.featureNames.length;
  const classes = model.classNames.length;
  const trees = model.treeStart.length - 1;
  const rowCodes = transposeCodes(binMatrix(model.bins, matrix), rows, features);
  const blocks = Math.ceil(rows / BLOCK);
  const workers = Math.min(threads, blocks);
  if (workers <= 1 || rows * trees < PARALLEL_WORK) {
    return softmaxInPlace(rawScoresRows(packTrees(model), model.baseline, rowCodes, features, 0, rows), classes);
  }
  const job: PredictJob = {
    kind: 'predict',
    packed: packTrees(model, true),
    baseline: sharedCopy(model.baseline),
    rowCodes: sharedCopy(rowCodes),
    features,
  };
  // A few tasks per worker (whole blocks), so a worker slowed by other load does not hold up the rest.
  const parts = Math.min(blocks, workers * 4);
  const tasks = Array.from({ length: parts }, (_, w) => ({
    from: Math.min(rows, Math.floor((w * blocks) / parts) * BLOCK),
    to: Math.min(rows, Math.floor(((w + 1) * blocks) / parts) * BLOCK),
  }));
  const pool = WorkerPool.open(workers, job);
  try {
    const chunks = await pool.run<Float64Array>(tasks);
    const raw = new Float64Array(rows * classes);
    tasks.forEach((task, w) => {
      raw.set(chunks[w] as Float64Array, task.from * classes);
    });
    return softmaxInPlace(raw, classes);
  } finally {
    await pool.close();
  }
}
