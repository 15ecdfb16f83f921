import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../src/data/index.js';
import { foldText } from '../src/recommend/text.js';
import { buildTrackSearchIndex, searchTracks } from '../src/recommend/trackSearch.js';
import { SAMPLE } from './helpers.js';

describe('track search (autocomplete)', async () => {
  const { catalog } = await loadCatalog(SAMPLE);
  const index = buildTrackSearchIndex(catalog);
  // Tier from the raw names: 0 the title or the first artist starts with the query, 1 a later word of
  // the artists or title does, 2 elsewhere.
  const tierOf = (t: number, q: string) => {
    const title = foldText(catalog.trackName[t] as string);
    const words = foldText(`${catalog.artists[t]} - ${catalog.trackName[t]}`).split(' ');
    if (title.startsWith(q) || words.join(' ').startsWith(q)) return 0;
    if (words.some((_, i) => words.slice(i).join(' ').startsWith(q))) return 1;
    return 2;
  };

  for (const query of ['love', 'beyonce', 'the night']) {
    it(`"${query}": only matches, best tier first, popular first within a tier, none better left out`, () => {
      const q = foldText(query);
      const found = searchTracks(catalog, index, q, 20);
      const all = Array.from({ length: catalog.size }, (_, t) => t).filter((t) =>
        foldText(`${catalog.artists[t]} - ${catalog.trackName[t]}`).includes(q),
      );
      assert.equal(found.length, Math.min(20, all.length));
      const key = (t: number) => [tierOf(t, q), -(catalog.numeric.popularity[t] as number), t];
      const before = (a: number, b: number) => {
        const [x, y] = [key(a), key(b)];
        for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number);
        return false;
      };
      for (let i = 1; i < found.length; i++) assert.ok(before(found[i - 1] as number, found[i] as number), `order at ${i}`);
      const last = found.at(-1) as number;
      const shown = new Set(found);
      for (const t of all) if (!shown.has(t)) assert.ok(before(last, t), `${catalog.trackName[t]} should have been listed`);
    });
  }

  it('accents and case are ignored', () => {
    assert.deepEqual(searchTracks(catalog, index, foldText('BEYONCÉ'), 5), searchTracks(catalog, index, 'beyonce', 5));
  });
});
