import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../src/data/index.js';
import { buildFeatureSpace, type FeatureSpace, rowNorms } from '../src/features/featureSpace.js';
import { buildClusterIndex, nearestPruned } from '../src/recommend/clusterSearch.js';
import { nearest } from '../src/recommend/search.js';
import { seededRandom } from '../src/stats/random.js';
import { SAMPLE } from './helpers.js';

const { catalog } = await loadCatalog(SAMPLE);
const space = buildFeatureSpace(catalog);
const dims = space.features.map((_, f) => f);
const weights = new Float64Array(dims.length).fill(1);
const random = seededRandom(7);

/** A target near a random track (as seed queries are), or anywhere (as stated tastes can be). */
function target(s: FeatureSpace, near: boolean): Float64Array {
  const d = s.features.length;
  const t = Math.floor(random() * s.size);
  return Float64Array.from({ length: d }, (_, f) => (near ? (s.z[t * d + f] as number) : 0) + (random() - 0.5) * (near ? 0.5 : 4));
}

describe('pruned exact search', () => {
  const index = buildClusterIndex(space);

  it('groups every track exactly once, and every member lies within its group radius', () => {
    assert.equal(index.order.length, catalog.size);
    assert.equal(new Set(index.order).size, catalog.size);
    assert.equal(index.groupStart[index.groups], catalog.size);
    const d = index.dimensions;
    for (let g = 0; g < index.groups; g++) {
      for (let i = index.groupStart[g] as number; i < (index.groupStart[g + 1] as number); i++) {
        const t = index.order[i] as number;
        let dot = 0;
        for (let f = 0; f < d; f++)
          dot += (space.z[t * d + f] as number) * (space.inverseNorm[t] as number) * (index.centroids[g * d + f] as number);
        assert.ok(Math.acos(Math.min(1, dot)) <= (index.radius[g] as number) + 1e-12, `track ${t} outside group ${g}`);
      }
    }
  });

  it('returns exactly what the full scan returns (ids, similarities, distances, order), with and without filters', () => {
    const masks: (Uint8Array | null)[] = [null];
    const popular = Uint8Array.from(catalog.numeric.popularity, (p) => (p >= 50 ? 1 : 0));
    const rare = Uint8Array.from(catalog.numeric.popularity, (p) => (p === 77 ? 1 : 0));
    masks.push(popular, rare);
    for (const mask of masks) {
      for (let i = 0; i < 150; i++) {
        const q = target(space, i % 3 !== 0);
        const count = [1, 5, 10, 100][i % 4] as number;
        const full = nearest(space, { dims, target: q, weights }, 'cosine', count, mask);
        assert.deepEqual(nearestPruned(index, q, count, mask), full);
      }
    }
  });

  it('handles a zero row, duplicate rows and more results asked than tracks', () => {
    const d = 3;
    const z = Float64Array.from([0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, -1, -1, 0, 0.5, 0.5, 0.5, 0, 0, 2]);
    const size = z.length / d;
    const small: FeatureSpace = { ...space, features: space.features.slice(0, d), size, z, ...rowNorms(z, size, d) };
    const smallIndex = buildClusterIndex(small);
    for (const q of [Float64Array.from([1, 0, 0]), Float64Array.from([0, 0, 0]), Float64Array.from([-1, 0.2, 3])]) {
      for (const count of [1, 3, 7, 20]) {
        const full = nearest(small, { dims: [0, 1, 2], target: q, weights: new Float64Array(d).fill(1) }, 'cosine', count, null);
        assert.deepEqual(nearestPruned(smallIndex, q, count, null), full);
      }
    }
  });
});
