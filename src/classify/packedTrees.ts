/**
 * The boosting predictor: trees packed into flat arrays, walked for a block of rows at a time so the
 * block's codes and scores stay in cache while every tree streams past once, and spread over worker
 * threads by row blocks for large inputs. A step is branch-free (the child is children[2 * node +
 * (code > threshold)]) and leaves point to themselves, so every row takes the tree's depth in steps
 * and eight rows walk in lockstep. Scores are summed per row in tree
 * order, so any block size or thread count gives the same bits as a row-by-row walk.
 */
import { binMatrix, transposeCodes } from './binning.js';
import type { FeatureMatrix } from './features.js';
import type { BoostingModel } from './gbdt.js';
import { defaultThreads, shared, WorkerPool } from './workers.js';

export interface PackedTrees {
  /** Root node of tree t, and the number of steps from it to its deepest leaf. */
  root: Int32Array;
  depth: Int32Array;
  feature: Uint8Array;
  threshold: Uint8Array;
  /**
   * children[2n] (code <= threshold) and children[2n + 1]. A leaf points to itself through both (its
   * threshold 255 sends every code left), so walking past a leaf stays on it.
   */
  children: Int32Array;
  /** Leaf values (0 at internal nodes). */
  value: Float64Array;
}

type TreeArrays = Pick<BoostingModel, 'treeStart' | 'feature' | 'threshold' | 'left' | 'right' | 'value'>;

export function packTrees(model: TreeArrays): PackedTrees {
  const trees = model.treeStart.length - 1;
  const nodes = model.feature.length;
  const packed: PackedTrees = {
    root: new Int32Array(trees),
    depth: new Int32Array(trees),
    feature: new Uint8Array(nodes),
    threshold: new Uint8Array(nodes),
    children: new Int32Array(2 * nodes),
    value: new Float64Array(nodes),
  };
  const depthOf = new Int32Array(nodes);
  for (let t = 0; t < trees; t++) {
    const start = model.treeStart[t] as number;
    const end = model.treeStart[t + 1] as number;
    packed.root[t] = start;
    let deepest = 0;
    // Children come after their parent, so one forward pass sees every parent before its children.
    for (let n = start; n < end; n++) {
      const f = model.feature[n] as number;
      if (f < 0) {
        packed.threshold[n] = 255;
        packed.children[2 * n] = n;
        packed.children[2 * n + 1] = n;
        packed.value[n] = model.value[n] as number;
        deepest = Math.max(deepest, depthOf[n] as number);
        continue;
      }
      packed.feature[n] = f;
      packed.threshold[n] = model.threshold[n] as number;
      packed.children[2 * n] = model.left[n] as number;
      packed.children[2 * n + 1] = model.right[n] as number;
      depthOf[model.left[n] as number] = (depthOf[n] as number) + 1;
      depthOf[model.right[n] as number] = (depthOf[n] as number) + 1;
    }
    packed.depth[t] = deepest;
  }
  return packed;
}

const BLOCK = 64;

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
  const { root, depth, feature, threshold, children, value } = packed;
  const trees = root.length;
  const out = new Float64Array((to - from) * classes);
  const block = new Float64Array(BLOCK * classes);
  for (let start = from; start < to; start += BLOCK) {
    const n = Math.min(BLOCK, to - start);
    for (let k = 0; k < classes; k++) block.fill(baseline[k] as number, k * BLOCK, k * BLOCK + n);
    for (let t = 0; t < trees; t++) {
      const at = (t % classes) * BLOCK;
      const r = root[t] as number;
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
        for (let s = 0; s < steps; s++) {
          n0 = children[2 * n0 + (((threshold[n0] as number) - (rowCodes[b0 + (feature[n0] as number)] as number)) >>> 31)] as number;
          n1 = children[2 * n1 + (((threshold[n1] as number) - (rowCodes[b1 + (feature[n1] as number)] as number)) >>> 31)] as number;
          n2 = children[2 * n2 + (((threshold[n2] as number) - (rowCodes[b2 + (feature[n2] as number)] as number)) >>> 31)] as number;
          n3 = children[2 * n3 + (((threshold[n3] as number) - (rowCodes[b3 + (feature[n3] as number)] as number)) >>> 31)] as number;
          n4 = children[2 * n4 + (((threshold[n4] as number) - (rowCodes[b4 + (feature[n4] as number)] as number)) >>> 31)] as number;
          n5 = children[2 * n5 + (((threshold[n5] as number) - (rowCodes[b5 + (feature[n5] as number)] as number)) >>> 31)] as number;
          n6 = children[2 * n6 + (((threshold[n6] as number) - (rowCodes[b6 + (feature[n6] as number)] as number)) >>> 31)] as number;
          n7 = children[2 * n7 + (((threshold[n7] as number) - (rowCodes[b7 + (feature[n7] as number)] as number)) >>> 31)] as number;
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
        let node = r;
        for (let s = 0; s < steps; s++)
          node = children[
            2 * node + (((threshold[node] as number) - (rowCodes[base + (feature[node] as number)] as number)) >>> 31)
          ] as number;
        block[at + j] = (block[at + j] as number) + (value[node] as number);
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
const PARALLEL_WORK = 20_000_000;

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
  const packed = packTrees(model);
  const rowCodes = transposeCodes(binMatrix(model.bins, matrix), rows, features);
  const blocks = Math.ceil(rows / BLOCK);
  const workers = Math.min(threads, blocks);
  if (workers <= 1 || rows * packed.root.length < PARALLEL_WORK) {
    return softmaxInPlace(rawScoresRows(packed, model.baseline, rowCodes, features, 0, rows), classes);
  }
  const job: PredictJob = {
    kind: 'predict',
    packed: {
      root: shared(packed.root),
      depth: shared(packed.depth),
      feature: shared(packed.feature),
      threshold: shared(packed.threshold),
      children: shared(packed.children),
      value: shared(packed.value),
    },
    baseline: shared(model.baseline),
    rowCodes: shared(rowCodes),
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
