/**
 * Exact TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2; the recursion of the shap package's C++
 * tree_shap): the Shapley value of each feature for one row and one tree, where a coalition's value is
 * the tree's expectation with the other features integrated out by node cover (path-dependent
 * expectation). Polynomial time: O(leaves x depth^2) per tree, depth counted in distinct features.
 * The sum of the contributions plus expectedValue(tree) is the tree's output for the row.
 */

/** A binary tree over binned features; `left` null means the left child is the next node (preorder). */
export interface ShapTree {
  feature: Int16Array;
  threshold: Uint8Array;
  left: Int32Array | null;
  right: Int32Array;
  cover: Float32Array;
}

/** Writes the `outputs` values of leaf `node` into out[0..outputs). */
export type LeafValues = (node: number, out: Float64Array) => void;

/** Path elements of every recursion level, flat: level l owns slots from l * width. */
interface Path {
  feature: Int32Array;
  zero: Float64Array;
  one: Float64Array;
  weight: Float64Array;
}

export class TreeShap {
  private path: Path;
  private readonly width: number;
  private readonly leaf: Float64Array;

  /** `features`: the row's feature count; `outputs`: values per leaf explained at once. */
  constructor(
    features: number,
    private readonly outputs: number,
  ) {
    this.width = features + 2;
    this.path = this.allocate(64);
    this.leaf = new Float64Array(outputs);
  }

  private allocate(levels: number): Path {
    const n = levels * this.width;
    return { feature: new Int32Array(n), zero: new Float64Array(n), one: new Float64Array(n), weight: new Float64Array(n) };
  }

  private skip: ((node: number) => boolean) | undefined;

  /**
   * Adds tree `root`'s contributions for the row to phi[f * outputs + o]. `code(f)` is the row's bin
   * code of feature f; a row goes left when code <= threshold. `skip(node)`, when given, says that every
   * leaf under the node is worth 0 for every output, so the subtree adds nothing and is not visited.
   */
  explain(
    tree: ShapTree,
    root: number,
    code: (f: number) => number,
    values: LeafValues,
    phi: Float64Array,
    skip?: (node: number) => boolean,
  ): void {
    this.skip = skip;
    if (skip?.(root)) return;
    this.recurse(tree, root, code, values, phi, 0, 0, 1, 1, -1);
  }

  private recurse(
    tree: ShapTree,
    node: number,
    code: (f: number) => number,
    values: LeafValues,
    phi: Float64Array,
    level: number,
    parentDepth: number,
    zeroFraction: number,
    oneFraction: number,
    featureIndex: number,
  ): void {
    if ((level + 2) * this.width > this.path.feature.length) {
      const bigger = this.allocate(2 * (level + 2));
      for (const key of ['feature', 'zero', 'one', 'weight'] as const) (bigger[key] as Float64Array).set(this.path[key] as Float64Array);
      this.path = bigger;
    }
    const { feature: pf, zero, one, weight } = this.path;
    const at = level * this.width;
    // Copy the parent's path (its level) into this level, then extend it.
    if (level > 0) {
      const from = (level - 1) * this.width;
      for (let i = 0; i < parentDepth; i++) {
        pf[at + i] = pf[from + i] as number;
        zero[at + i] = zero[from + i] as number;
        one[at + i] = one[from + i] as number;
        weight[at + i] = weight[from + i] as number;
      }
    }
    let depth = parentDepth;
    extendPath(this.path, at, depth, zeroFraction, oneFraction, featureIndex);

    const f = tree.feature[node] as number;
    if (f < 0) {
      values(node, this.leaf);
      // A leaf worth 0 for every output adds nothing (most forest leaves, for the few genres asked).
      let any = false;
      for (let o = 0; o < this.outputs; o++) if (this.leaf[o] !== 0) any = true;
      if (!any) return;
      for (let i = 1; i <= depth; i++) {
        const w = unwoundPathSum(this.path, at, depth, i);
        const scale = w * ((one[at + i] as number) - (zero[at + i] as number));
        const base = (pf[at + i] as number) * this.outputs;
        for (let o = 0; o < this.outputs; o++) phi[base + o] = (phi[base + o] as number) + scale * (this.leaf[o] as number);
      }
      return;
    }
    const left = tree.left ? (tree.left[node] as number) : node + 1;
    const right = tree.right[node] as number;
    const goesLeft = code(f) <= (tree.threshold[node] as number);
    const hot = goesLeft ? left : right;
    const cold = goesLeft ? right : left;
    const cover = tree.cover[node] as number;
    const hotZero = (tree.cover[hot] as number) / cover;
    const coldZero = (tree.cover[cold] as number) / cover;
    let incomingZero = 1;
    let incomingOne = 1;
    // A feature already on the path: undo its earlier split, so it is counted once.
    let k = 0;
    while (k <= depth && pf[at + k] !== f) k++;
    if (k <= depth) {
      incomingZero = zero[at + k] as number;
      incomingOne = one[at + k] as number;
      unwindPath(this.path, at, depth, k);
      depth--;
    }
    if (!this.skip?.(hot)) this.recurse(tree, hot, code, values, phi, level + 1, depth + 1, hotZero * incomingZero, incomingOne, f);
    if (!this.skip?.(cold)) this.recurse(tree, cold, code, values, phi, level + 1, depth + 1, coldZero * incomingZero, 0, f);
  }
}

function extendPath(p: Path, at: number, depth: number, zeroFraction: number, oneFraction: number, feature: number): void {
  const { weight } = p;
  p.feature[at + depth] = feature;
  p.zero[at + depth] = zeroFraction;
  p.one[at + depth] = oneFraction;
  weight[at + depth] = depth === 0 ? 1 : 0;
  for (let i = depth - 1; i >= 0; i--) {
    weight[at + i + 1] = (weight[at + i + 1] as number) + (oneFraction * (weight[at + i] as number) * (i + 1)) / (depth + 1);
    weight[at + i] = (zeroFraction * (weight[at + i] as number) * (depth - i)) / (depth + 1);
  }
}

function unwindPath(p: Path, at: number, depth: number, index: number): void {
  const { weight } = p;
  const oneFraction = p.one[at + index] as number;
  const zeroFraction = p.zero[at + index] as number;
  let next = weight[at + depth] as number;
  for (let i = depth - 1; i >= 0; i--) {
    if (oneFraction !== 0) {
      const t = weight[at + i] as number;
      weight[at + i] = (next * (depth + 1)) / ((i + 1) * oneFraction);
      next = t - ((weight[at + i] as number) * zeroFraction * (depth - i)) / (depth + 1);
    } else {
      weight[at + i] = ((weight[at + i] as number) * (depth + 1)) / (zeroFraction * (depth - i));
    }
  }
  for (let i = index; i < depth; i++) {
    p.feature[at + i] = p.feature[at + i + 1] as number;
    p.zero[at + i] = p.zero[at + i + 1] as number;
    p.one[at + i] = p.one[at + i + 1] as number;
  }
}

/**
 * Constant tables, so the hot loop multiplies instead of dividing: at [d * RATIO_WIDTH + i],
 * RATIO_UP = (d + 1) / (i + 1), RATIO_DOWN = (d - i) / (d + 1), RATIO_DOWN_INVERSE = (d + 1) / (d - i).
 */
const RATIO_WIDTH = 64;
const RATIO_UP = new Float64Array(RATIO_WIDTH * RATIO_WIDTH);
const RATIO_DOWN = new Float64Array(RATIO_WIDTH * RATIO_WIDTH);
const RATIO_DOWN_INVERSE = new Float64Array(RATIO_WIDTH * RATIO_WIDTH);
for (let d = 0; d < RATIO_WIDTH; d++)
  for (let i = 0; i < RATIO_WIDTH; i++) {
    RATIO_UP[d * RATIO_WIDTH + i] = (d + 1) / (i + 1);
    RATIO_DOWN[d * RATIO_WIDTH + i] = (d - i) / (d + 1);
    RATIO_DOWN_INVERSE[d * RATIO_WIDTH + i] = (d + 1) / (d - i);
  }

/**
 * The path weight with element `index` unwound, summed (shap's UnwoundPathSum). One fractions are 0
 * or 1 here (a row either follows a split or not), which drops the divisions by them.
 */
function unwoundPathSum(p: Path, at: number, depth: number, index: number): number {
  const { weight } = p;
  const zeroFraction = p.zero[at + index] as number;
  let total = 0;
  if (depth >= RATIO_WIDTH) return unwoundPathSumSlow(p, at, depth, index);
  const row = depth * RATIO_WIDTH;
  if ((p.one[at + index] as number) !== 0) {
    let next = weight[at + depth] as number;
    for (let i = depth - 1; i >= 0; i--) {
      const t = next * (RATIO_UP[row + i] as number);
      total += t;
      next = (weight[at + i] as number) - t * zeroFraction * (RATIO_DOWN[row + i] as number);
    }
  } else {
    for (let i = depth - 1; i >= 0; i--) total += (weight[at + i] as number) * (RATIO_DOWN_INVERSE[row + i] as number);
    total /= zeroFraction;
  }
  return total;
}

function unwoundPathSumSlow(p: Path, at: number, depth: number, index: number): number {
  const { weight } = p;
  const oneFraction = p.one[at + index] as number;
  const zeroFraction = p.zero[at + index] as number;
  let next = weight[at + depth] as number;
  let total = 0;
  for (let i = depth - 1; i >= 0; i--) {
    if (oneFraction !== 0) {
      const t = (next * (depth + 1)) / ((i + 1) * oneFraction);
      total += t;
      next = (weight[at + i] as number) - (t * zeroFraction * (depth - i)) / (depth + 1);
    } else {
      total += (weight[at + i] as number) / zeroFraction / ((depth - i) / (depth + 1));
    }
  }
  return total;
}

/**
 * The tree's expectation with every feature integrated out by cover (the value of the empty coalition,
 * with the same cover ratios TreeSHAP uses), for each output: out[o].
 */
export function expectedValue(tree: ShapTree, root: number, values: LeafValues, outputs: number): Float64Array {
  const out = new Float64Array(outputs);
  const leaf = new Float64Array(outputs);
  const walk = (node: number, share: number) => {
    if ((tree.feature[node] as number) < 0) {
      values(node, leaf);
      for (let o = 0; o < outputs; o++) out[o] = (out[o] as number) + share * (leaf[o] as number);
      return;
    }
    const left = tree.left ? (tree.left[node] as number) : node + 1;
    const right = tree.right[node] as number;
    const cover = tree.cover[node] as number;
    walk(left, (share * (tree.cover[left] as number)) / cover);
    walk(right, (share * (tree.cover[right] as number)) / cover);
  };
  walk(root, 1);
  return out;
}
