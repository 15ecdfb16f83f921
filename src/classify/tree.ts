/**
 * CART classification trees on binned features (Gini impurity, sample weights), grown depth-first into
 * flat typed arrays. A node's split search costs O(node size + bin range) per candidate feature:
 * the node's samples are sorted by bin (counting sort; insertion sort when small), then swept once while left weighted class counts
 * and their sums of squares are updated incrementally, so Gini is known at every bin boundary.
 */

/** The training data a tree sees: bin codes (column-major), labels 0..classes-1. */
export interface BinnedSet {
  codes: Uint8Array;
  rows: number;
  features: number;
  labels: Int32Array;
  classes: number;
}

export interface TreeParams {
  /** Maximum depth (root = 0); Infinity grows until leaves are pure. */
  maxDepth: number;
  minSamplesSplit: number;
  minSamplesLeaf: number;
  /** Candidate features per node. */
  maxFeatures: number;
}

/**
 * One tree, preorder: the left child of an internal node is the next node; `right` holds the right
 * child. Leaves (`feature` -1) own valueCount (class, probability) pairs from valueStart: leaves are
 * mostly pure, so sparse storage keeps a 100-tree forest over 114 classes small.
 */
export interface Tree {
  feature: Int16Array;
  threshold: Uint8Array;
  right: Int32Array;
  valueStart: Int32Array;
  valueCount: Uint16Array;
  valueClass: Uint16Array;
  valueProb: Float32Array;
  /** Weighted samples reaching each node (scikit-learn's weighted_n_node_samples), for TreeSHAP. */
  cover: Float32Array;
  /** Weighted impurity decrease per feature (unnormalized MDI). */
  importance: Float64Array;
}

class Growable {
  feature = new Int16Array(1024);
  threshold = new Uint8Array(1024);
  right = new Int32Array(1024);
  valueStart = new Int32Array(1024);
  valueCount = new Uint16Array(1024);
  cover = new Float32Array(1024);
  valueClass = new Uint16Array(1024);
  valueProb = new Float32Array(1024);
  nodes = 0;
  values = 0;

  addNode(): number {
    if (this.nodes === this.feature.length) {
      const size = this.nodes * 2;
      this.feature = grow(this.feature, new Int16Array(size));
      this.threshold = grow(this.threshold, new Uint8Array(size));
      this.right = grow(this.right, new Int32Array(size));
      this.valueStart = grow(this.valueStart, new Int32Array(size));
      this.valueCount = grow(this.valueCount, new Uint16Array(size));
      this.cover = grow(this.cover, new Float32Array(size));
    }
    return this.nodes++;
  }

  addValue(cls: number, prob: number): void {
    if (this.values === this.valueClass.length) {
      this.valueClass = grow(this.valueClass, new Uint16Array(this.values * 2));
      this.valueProb = grow(this.valueProb, new Float32Array(this.values * 2));
    }
    this.valueClass[this.values] = cls;
    this.valueProb[this.values++] = prob;
  }
}

function grow<T extends Int16Array | Uint8Array | Int32Array | Uint16Array | Float32Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

const IMPURITY_EPSILON = 1e-12;
/** Nodes up to this size are insertion-sorted by bin (cheaper than a pass over the bin range). */
const SMALL_NODE = 24;

/** Reusable buffers for growing many trees over one training set (one per thread). */
export class TreeGrower {
  private readonly classTotals: Float64Array;
  private readonly left: Float64Array;
  private readonly binStart = new Int32Array(257);
  private readonly sorted: Int32Array;
  private readonly sortedBin: Uint8Array;
  private readonly order: Int32Array;
  private readonly featureOrder: Int32Array;

  constructor(private readonly set: BinnedSet) {
    this.classTotals = new Float64Array(set.classes);
    this.left = new Float64Array(set.classes);
    this.sorted = new Int32Array(set.rows);
    this.sortedBin = new Uint8Array(set.rows);
    this.order = new Int32Array(set.rows);
    this.featureOrder = new Int32Array(set.features);
  }

  /** Grows a tree on the rows with weight > 0. */
  grow(weight: Float64Array, params: TreeParams, random: () => number): Tree {
    const { codes, rows, labels, features } = this.set;
    const order = this.order;
    let inBag = 0;
    for (let i = 0; i < rows; i++) if ((weight[i] as number) > 0) order[inBag++] = i;
    const out = new Growable();
    const importance = new Float64Array(features);
    const totals = this.classTotals;
    const left = this.left;
    const binStart = this.binStart;
    const sorted = this.sorted;
    const sortedBin = this.sortedBin;
    const featureOrder = this.featureOrder;
    const maxFeatures = Math.min(features, Math.max(1, params.maxFeatures));
    const minLeaf = Math.max(1, params.minSamplesLeaf);

    // Stack of pending nodes: [start, end, depth, parent (to set its right child) or -1].
    const stack: number[] = [0, inBag, 0, -1];
    while (stack.length > 0) {
      const parent = stack.pop() as number;
      const depth = stack.pop() as number;
      const end = stack.pop() as number;
      const start = stack.pop() as number;
      const node = out.addNode();
      if (parent >= 0) out.right[parent] = node;
      const n = end - start;

      // Class totals of the node; every per-node cost stays O(n + bin range), never O(classes),
      // because most nodes of a fully grown tree hold a handful of samples.
      let total = 0;
      let squares = 0;
      for (let j = start; j < end; j++) {
        const i = order[j] as number;
        const c = labels[i] as number;
        const w = weight[i] as number;
        const t = totals[c] as number;
        squares += w * (2 * t + w);
        totals[c] = t + w;
        total += w;
      }
      const impurity = 1 - squares / (total * total);
      out.cover[node] = total;

      let bestFeature = -1;
      let bestBin = 0;
      let bestProxy = Number.NEGATIVE_INFINITY;
      let bestLeftWeight = 0;
      let bestLeftSquares = 0;
      if (depth < params.maxDepth && n >= params.minSamplesSplit && n >= 2 * minLeaf && impurity > IMPURITY_EPSILON) {
        for (let f = 0; f < features; f++) featureOrder[f] = f;
        let remaining = features;
        let visited = 0;
        while (remaining > 0 && visited < maxFeatures) {
          const pick = Math.floor(random() * remaining);
          const f = featureOrder[pick] as number;
          featureOrder[pick] = featureOrder[remaining - 1] as number;
          featureOrder[--remaining] = f;

          // Sort the node's samples by bin: insertion sort for small nodes, else a counting sort.
          const base = f * rows;
          let lowBin: number;
          let highBin: number;
          if (n <= SMALL_NODE) {
            for (let j = 0; j < n; j++) {
              const i = order[start + j] as number;
              const key = codes[base + i] as number;
              let k = j - 1;
              while (k >= 0 && (sortedBin[k] as number) > key) {
                sorted[k + 1] = sorted[k] as number;
                sortedBin[k + 1] = sortedBin[k] as number;
                k--;
              }
              sorted[k + 1] = i;
              sortedBin[k + 1] = key;
            }
            lowBin = sortedBin[0] as number;
            highBin = sortedBin[n - 1] as number;
            if (lowBin === highBin) continue; // constant here: does not count towards maxFeatures
          } else {
            binStart.fill(0);
            lowBin = 255;
            highBin = 0;
            for (let j = start; j < end; j++) {
              const b = codes[base + (order[j] as number)] as number;
              binStart[b + 1] = (binStart[b + 1] as number) + 1;
              if (b < lowBin) lowBin = b;
              if (b > highBin) highBin = b;
            }
            if (lowBin === highBin) continue;
            for (let b = lowBin; b <= highBin; b++) binStart[b + 1] = (binStart[b + 1] as number) + (binStart[b] as number);
            for (let j = start; j < end; j++) {
              const i = order[j] as number;
              const b = codes[base + i] as number;
              const at = binStart[b] as number;
              sorted[at] = i;
              sortedBin[at] = b;
              binStart[b] = at + 1;
            }
          }
          visited++;

          for (let j = start; j < end; j++) left[labels[order[j] as number] as number] = 0;
          // Sweep in bin order; evaluate at each boundary between two different bins.
          let leftWeight = 0;
          let leftSquares = 0;
          let rightSquares = squares;
          for (let position = 0; position < n - 1; position++) {
            const i = sorted[position] as number;
            const c = labels[i] as number;
            const w = weight[i] as number;
            const l = left[c] as number;
            leftSquares += w * (2 * l + w);
            rightSquares += w * (w - 2 * ((totals[c] as number) - l));
            left[c] = l + w;
            leftWeight += w;
            const bin = sortedBin[position] as number;
            const nextBin = sortedBin[position + 1] as number;
            if (bin === nextBin || position + 1 < minLeaf || n - position - 1 < minLeaf) continue;
            const rightWeight = total - leftWeight;
            if (leftWeight <= 0 || rightWeight <= 0) continue;
            // Maximizing sum over children of squares / weight is minimizing the weighted child Gini.
            const proxy = leftSquares / leftWeight + rightSquares / rightWeight;
            if (proxy > bestProxy) {
              bestProxy = proxy;
              bestFeature = f;
              // Threshold midway between the last left bin and the first right bin.
              bestBin = (bin + nextBin - 1) >> 1;
              bestLeftWeight = leftWeight;
              bestLeftSquares = leftSquares;
            }
          }
        }
      }

      if (bestFeature < 0) {
        out.feature[node] = -1;
        out.valueStart[node] = out.values;
        let count = 0;
        for (let j = start; j < end; j++) {
          const c = labels[order[j] as number] as number;
          const t = totals[c] as number;
          if (t > 0) {
            out.addValue(c, t / total);
            totals[c] = 0; // emitted once; also leaves totals zeroed for the next node
            count++;
          }
        }
        out.valueCount[node] = count;
        continue;
      }
      for (let j = start; j < end; j++) totals[labels[order[j] as number] as number] = 0;

      // Partition the node's samples: bin <= threshold first.
      const base = bestFeature * rows;
      let a = start;
      let z = end - 1;
      while (a <= z) {
        if ((codes[base + (order[a] as number)] as number) <= bestBin) a++;
        else {
          const t = order[a] as number;
          order[a] = order[z] as number;
          order[z--] = t;
        }
      }
      out.feature[node] = bestFeature;
      out.threshold[node] = bestBin;
      const rightWeight = total - bestLeftWeight;
      const leftImpurity = 1 - bestLeftSquares / (bestLeftWeight * bestLeftWeight);
      const rightSquares = (bestProxy - bestLeftSquares / bestLeftWeight) * rightWeight;
      const rightImpurity = 1 - rightSquares / (rightWeight * rightWeight);
      importance[bestFeature] =
        (importance[bestFeature] as number) + total * impurity - bestLeftWeight * leftImpurity - rightWeight * rightImpurity;
      // Right child first on the stack, so the left child is the next node (preorder).
      stack.push(a, end, depth + 1, node, start, a, depth + 1, -1);
    }
    return {
      feature: out.feature.slice(0, out.nodes),
      threshold: out.threshold.slice(0, out.nodes),
      right: out.right.slice(0, out.nodes),
      valueStart: out.valueStart.slice(0, out.nodes),
      valueCount: out.valueCount.slice(0, out.nodes),
      cover: out.cover.slice(0, out.nodes),
      valueClass: out.valueClass.slice(0, out.values),
      valueProb: out.valueProb.slice(0, out.values),
      importance,
    };
  }
}

/** The leaf a row of `codes` (column-major, `rows` rows) falls into. */
export function leafOf(
  tree: Pick<Tree, 'feature' | 'threshold' | 'right'>,
  codes: Uint8Array,
  rows: number,
  row: number,
  root = 0,
): number {
  const { feature, threshold, right } = tree;
  let node = root;
  let f = feature[node] as number;
  while (f >= 0) {
    node = (codes[f * rows + row] as number) <= (threshold[node] as number) ? node + 1 : (right[node] as number);
    f = feature[node] as number;
  }
  return node;
}
