import { loadCatalog } from './dist/src/data/index.js';
import { buildFeatureSpace } from './dist/src/features/featureSpace.js';
import { parseTargets, parsePhrases } from './dist/src/features/preferences.js';
import { recommend } from './dist/src/recommend/recommend.js';
const { catalog } = await loadCatalog('../shared/data/spotify_sample.csv');
const space = buildFeatureSpace(catalog);
const targets = parseTargets('0.8,0.9,-5.0,0.1,0.1,0.0,0.2,0.9,130', space);
for (const metric of ['euclidean', 'cosine']) {
  const r = recommend(catalog, space, { targets, plain: true, metric, limit: 5 });
  console.log(metric, r.results.map(x => x.trackId));
}
let t = performance.now();
const r = recommend(catalog, space, { targets: parsePhrases('high energy, fast tempo, happy mood', space), limit: 5 });
console.log(performance.now() - t, r.poolSize, r.results.map(x => [x.trackName, x.artists, x.similarity.toFixed(3), x.explanation.reason]));
const s = recommend(catalog, space, { seeds: ["Jason Mraz - I'm Yours"], limit: 5 });
console.log(s.seeds, s.results.map(x => [x.trackName, x.artists, x.similarity.toFixed(3), x.explanation.reason]));
