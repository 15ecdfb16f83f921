/**
 * A path between two tracks as a chain of real tracks: points evenly spaced on the straight line
 * between them in the standardized 9-D space, each replaced by the nearest track not already on the
 * chain (so the chain moves through what lies between the two, not through what the map suggests).
 * With song codes, no song appears twice (versions of one recording share their features exactly).
 */
import type { FeatureSpace } from '../features/featureSpace.js';

/** Track indices from `from` to `to` through `steps` intermediate points. */
export function pathBetween(space: FeatureSpace, from: number, to: number, steps: number, songCode?: Int32Array): number[] {
  const d = space.features.length;
  const chain = [from];
  const used = new Set([from, to]);
  const songs = new Set(songCode ? [songCode[from], songCode[to]] : []);
  const point = new Float64Array(d);
  for (let s = 1; s <= steps; s++) {
    const w = s / (steps + 1);
    for (let f = 0; f < d; f++) point[f] = (1 - w) * (space.z[from * d + f] as number) + w * (space.z[to * d + f] as number);
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (let t = 0; t < space.size; t++) {
      if (used.has(t) || (songCode && songs.has(songCode[t]))) continue;
      let sum = 0;
      for (let f = 0; f < d && sum < bestDistance; f++) sum += ((space.z[t * d + f] as number) - (point[f] as number)) ** 2;
      if (sum < bestDistance) {
        bestDistance = sum;
        best = t;
      }
    }
    if (best >= 0) {
      used.add(best);
      if (songCode) songs.add(songCode[best]);
      chain.push(best);
    }
  }
  if (to !== from) chain.push(to);
  return chain;
}
