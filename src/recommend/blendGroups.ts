/**
 * Groups that let the blended search skip whole sets of tracks exactly. Tracks are bucketed by their
 * first genre, and each bucket is split (k-d style: halve the widest z-feature at the middle of its
 * range) until a group holds at most `maxGroupSize` tracks. Each group keeps its bounding box in
 * z-space and the distinct genres of its members, so a query can bound the best blended score any
 * member could reach (closest point of the box for the audio part, the best genre and artist bonus of
 * its members) without reading the members. Genre buckets make the genre part of the bound tight:
 * groups of unrelated genres fall below the k-th best score and are never scanned.
 *
 * Built once per catalogue (the engine owns it): about 25 ms on the 22k-track sample.
 */
import type { Catalog } from '../data/catalog.js';
import type { FeatureSpace } from '../features/featureSpace.js';

export interface BlendGroups {
  dimensions: number;
  count: number;
  /** Members of group g: order[start[g] .. start[g + 1]), as track indexes. */
  start: Int32Array;
  order: Int32Array;
  /** Group of each track. */
  groupOf: Int32Array;
  /** Bounding box of each group in z-space, row-major (count x dimensions). */
  low: Float64Array;
  high: Float64Array;
  /** Distinct genre codes of group g's members: genres[genreStart[g] .. genreStart[g + 1]). */
  genreStart: Int32Array;
  genres: Int32Array;
}

/** Small enough that a box is tight, large enough that bounding groups costs little beside scanning them. */
export const MAX_GROUP_SIZE = 48;

export function buildBlendGroups(catalog: Catalog, space: FeatureSpace, maxGroupSize = MAX_GROUP_SIZE): BlendGroups {
  const n = space.size;
  const d = space.features.length;
  const z = space.z;
  const genreCount = catalog.genreNames.length;
  // Bucket by first genre (tracks without a genre share the last bucket): a counting sort.
  const bucketOf = new Int32Array(n);
  const bucketStart = new Int32Array(genreCount + 2);
  for (let t = 0; t < n; t++) {
    const first = catalog.genreOffsets[t] as number;
    const bucket = first < (catalog.genreOffsets[t + 1] as number) ? (catalog.genreCodes[first] as number) : genreCount;
    bucketOf[t] = bucket;
    bucketStart[bucket + 1] = (bucketStart[bucket + 1] as number) + 1;
  }
  for (let b = 0; b <= genreCount; b++) bucketStart[b + 1] = (bucketStart[b + 1] as number) + (bucketStart[b] as number);
  const order = new Int32Array(n);
  const fill = bucketStart.slice(0, genreCount + 1);
  for (let t = 0; t < n; t++) {
    const b = bucketOf[t] as number;
    order[fill[b] as number] = t;
    fill[b] = (fill[b] as number) + 1;
  }

  const starts: number[] = [];
  const low: number[] = [];
  const high: number[] = [];
  const boxLow = new Float64Array(d);
  const boxHigh = new Float64Array(d);
  const boxOf = (from: number, to: number) => {
    boxLow.fill(Number.POSITIVE_INFINITY);
    boxHigh.fill(Number.NEGATIVE_INFINITY);
    for (let i = from; i < to; i++) {
      const base = (order[i] as number) * d;
      for (let f = 0; f < d; f++) {
        const v = z[base + f] as number;
        if (v < (boxLow[f] as number)) boxLow[f] = v;
        if (v > (boxHigh[f] as number)) boxHigh[f] = v;
      }
    }
  };
  // Split ranges of `order` until small; a stack keeps the groups in bucket order, left half first.
  const pending: [number, number][] = [];
  for (let b = genreCount; b >= 0; b--)
    if ((bucketStart[b + 1] as number) > (bucketStart[b] as number)) pending.push([bucketStart[b] as number, bucketStart[b + 1] as number]);
  while (pending.length > 0) {
    const [from, to] = pending.pop() as [number, number];
    boxOf(from, to);
    let widest = 0;
    for (let f = 1; f < d; f++)
      if ((boxHigh[f] as number) - (boxLow[f] as number) > (boxHigh[widest] as number) - (boxLow[widest] as number)) widest = f;
    const middle = ((boxLow[widest] as number) + (boxHigh[widest] as number)) / 2;
    let split = from;
    if (to - from > maxGroupSize) {
      // Partition in place: values below the middle first.
      for (let i = from; i < to; i++) {
        const t = order[i] as number;
        if ((z[t * d + widest] as number) < middle) {
          order[i] = order[split] as number;
          order[split] = t;
          split++;
        }
      }
    }
    // Small enough, or nothing to split on (identical rows): a group.
    if (split === from || split === to) {
      starts.push(from);
      for (let f = 0; f < d; f++) {
        low.push(boxLow[f] as number);
        high.push(boxHigh[f] as number);
      }
      continue;
    }
    pending.push([split, to], [from, split]);
  }
  const count = starts.length;
  const start = Int32Array.from([...starts, n]);
  const groupOf = new Int32Array(n);
  const genreStart = new Int32Array(count + 1);
  const genres: number[] = [];
  const seen = new Int32Array(genreCount).fill(-1);
  for (let g = 0; g < count; g++) {
    for (let i = start[g] as number; i < (start[g + 1] as number); i++) {
      const t = order[i] as number;
      groupOf[t] = g;
      for (let k = catalog.genreOffsets[t] as number; k < (catalog.genreOffsets[t + 1] as number); k++) {
        const c = catalog.genreCodes[k] as number;
        if (seen[c] !== g) {
          seen[c] = g;
          genres.push(c);
        }
      }
    }
    genreStart[g + 1] = genres.length;
  }
  return {
    dimensions: d,
    count,
    start,
    order,
    groupOf,
    low: Float64Array.from(low),
    high: Float64Array.from(high),
    genreStart,
    genres: Int32Array.from(genres),
  };
}
