/**
 * Seed streams: every random choice of tree t (or boosting round i, class k) draws from its own
 * generator, seeded from (seed, t, k), so results do not depend on how work is spread over threads.
 */
import { seededRandom } from '../stats/random.js';

/** A 32-bit seed mixed from a base seed and stream indexes (murmur3's finalizer over each part). */
export function streamSeed(seed: number, ...parts: number[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of [...parts, parts.length]) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b) >>> 0;
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}

export function streamRandom(seed: number, ...parts: number[]): () => number {
  return seededRandom(streamSeed(seed, ...parts));
}
