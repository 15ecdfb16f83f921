/**
 * Stratified splits by track, seeded. The train/test split allocates rows per class as scikit-learn's
 * StratifiedShuffleSplit (test = ceil(fraction * n), per-class train counts by `_approximate_mode`:
 * floor of the proportional share, then the largest remainders, ties broken at random), so the sizes
 * match scikit-learn's; which rows go where is our own seeded shuffle.
 */
import { InputError } from '../data/errors.js';
import { seededRandom, shuffleInPlace } from '../stats/random.js';

export interface Split {
  train: Int32Array;
  test: Int32Array;
}

function membersByClass(labels: Int32Array): number[][] {
  const members: number[][] = [];
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i] as number;
    while (members.length <= c) members.push([]);
    (members[c] as number[]).push(i);
  }
  return members;
}

/** scikit-learn's _approximate_mode: integer draws per class summing to `draws`, close to proportional. */
export function approximateMode(counts: readonly number[], draws: number, random: () => number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const continuous = counts.map((c) => (c / total) * draws);
  const floored = continuous.map(Math.floor);
  let needed = draws - floored.reduce((a, b) => a + b, 0);
  const remainders = [...new Set(continuous.map((c, k) => c - (floored[k] as number)))].sort((a, b) => b - a);
  for (const value of remainders) {
    if (needed <= 0) break;
    const tied = continuous.map((c, k) => (c - (floored[k] as number) === value ? k : -1)).filter((k) => k >= 0);
    shuffleInPlace(tied, random);
    for (const k of tied.slice(0, needed)) floored[k] = (floored[k] as number) + 1;
    needed -= Math.min(needed, tied.length);
  }
  return floored;
}

/** Stratified shuffle split; labels are class indexes. Index lists come back ascending. */
export function stratifiedSplit(labels: Int32Array, testFraction: number, seed: number): Split {
  const n = labels.length;
  if (!(testFraction > 0 && testFraction < 1)) throw new InputError(`test fraction must be in (0, 1), got ${testFraction}`);
  const testSize = Math.ceil(testFraction * n);
  const trainSize = n - testSize;
  const members = membersByClass(labels);
  const classes = members.filter((m) => m.length > 0).length;
  if (trainSize < classes || testSize < classes)
    throw new InputError(`a stratified split of ${n} rows over ${classes} classes needs at least ${classes} rows on each side`);
  const random = seededRandom(seed);
  const trainCounts = approximateMode(
    members.map((m) => m.length),
    trainSize,
    random,
  );
  const train: number[] = [];
  const test: number[] = [];
  members.forEach((rows, c) => {
    const shuffled = [...rows];
    shuffleInPlace(shuffled, random);
    const k = trainCounts[c] as number;
    for (let j = 0; j < shuffled.length; j++) (j < k ? train : test).push(shuffled[j] as number);
  });
  return { train: Int32Array.from(train).sort(), test: Int32Array.from(test).sort() };
}

/**
 * Stratified k-fold: each class's rows are shuffled and dealt round-robin over the folds, continuing
 * where the previous class stopped, so every fold holds about n/k rows and each class's share.
 * Returns the fold (0..k-1) of every row.
 */
export function stratifiedFolds(labels: Int32Array, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new InputError(`folds must be a whole number >= 2, got ${k}`);
  if (labels.length < k) throw new InputError(`${k} folds need at least ${k} rows`);
  const random = seededRandom(seed);
  const fold = new Int32Array(labels.length);
  let dealt = 0;
  for (const rows of membersByClass(labels)) {
    const shuffled = [...rows];
    shuffleInPlace(shuffled, random);
    for (const row of shuffled) fold[row] = dealt++ % k;
  }
  return fold;
}

export function foldSplit(fold: Int32Array, which: number): Split {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < fold.length; i++) (fold[i] === which ? test : train).push(i);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/**
 * Groups renumbered 0..G-1 in order of first row (any integer ids allowed), and one label per group: the
 * most frequent label of its rows (ties: the smaller class index).
 */
function labelGroups(labels: Int32Array, groups: Int32Array): { groupOfRow: Int32Array; groupLabel: Int32Array } {
  if (groups.length !== labels.length) throw new InputError(`groups (${groups.length}) and labels (${labels.length}) differ in length`);
  const dense = new Map<number, number>();
  const groupOfRow = new Int32Array(labels.length);
  let classes = 0;
  for (let i = 0; i < labels.length; i++) {
    const id = groups[i] as number;
    let g = dense.get(id);
    if (g === undefined) {
      g = dense.size;
      dense.set(id, g);
    }
    groupOfRow[i] = g;
    classes = Math.max(classes, (labels[i] as number) + 1);
  }
  const votes = new Map<number, number>(); // group * classes + class -> rows
  for (let i = 0; i < labels.length; i++) {
    const key = (groupOfRow[i] as number) * classes + (labels[i] as number);
    votes.set(key, (votes.get(key) ?? 0) + 1);
  }
  const groupLabel = new Int32Array(dense.size).fill(-1);
  const best = new Int32Array(dense.size);
  for (const [key, count] of votes) {
    const g = Math.floor(key / classes);
    const c = key % classes;
    if (count > (best[g] as number) || (count === best[g] && c < (groupLabel[g] as number))) {
      best[g] = count;
      groupLabel[g] = c;
    }
  }
  return { groupOfRow, groupLabel };
}

/**
 * Stratified split with no group on both sides: groups (labelled by their most frequent label) are
 * split as stratifiedSplit splits rows, then every row follows its group. The test share is of groups,
 * so the row counts differ a little from a split by row.
 */
export function groupedStratifiedSplit(labels: Int32Array, groups: Int32Array, testFraction: number, seed: number): Split {
  const { groupOfRow, groupLabel } = labelGroups(labels, groups);
  const byGroup = stratifiedSplit(groupLabel, testFraction, seed);
  const inTest = new Uint8Array(groupLabel.length);
  for (const g of byGroup.test) inTest[g] = 1;
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < labels.length; i++) (inTest[groupOfRow[i] as number] ? test : train).push(i);
  return { train: Int32Array.from(train), test: Int32Array.from(test) };
}

/** stratifiedFolds over groups; every row gets its group's fold. */
export function groupedStratifiedFolds(labels: Int32Array, groups: Int32Array, k: number, seed: number): Int32Array {
  const { groupOfRow, groupLabel } = labelGroups(labels, groups);
  const groupFold = stratifiedFolds(groupLabel, k, seed);
  return Int32Array.from(groupOfRow, (g) => groupFold[g] as number);
}
