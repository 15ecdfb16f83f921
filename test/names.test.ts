import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../src/data/index.js';
import { buildNameIndex, matchTrackName, searchTracks } from '../src/data/names.js';
import { foldText } from '../src/data/text.js';
import { SAMPLE } from './helpers.js';

describe('name index: autocomplete', async () => {
  const { catalog } = await loadCatalog(SAMPLE);
  const index = buildNameIndex(catalog);
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

describe('name index: seed names', async () => {
  const { catalog } = await loadCatalog(SAMPLE);
  const index = buildNameIndex(catalog);
  // Brute force over the raw strings: exact folded title and one exact folded artist, else containment.
  const bruteForce = (query: string) => {
    const [artistPart, titlePart] = query.includes(' - ') ? query.split(' - ').map(foldText) : ['', foldText(query)];
    const artistsOf = (t: number) => (catalog.artists[t] as string).split(';').map((a) => foldText(a));
    const all = Array.from({ length: catalog.size }, (_, t) => t);
    const exact = all.filter(
      (t) => foldText(catalog.trackName[t] as string) === titlePart && (artistPart === '' || artistsOf(t).includes(artistPart as string)),
    );
    if (exact.length) return exact;
    return all.filter(
      (t) =>
        foldText(catalog.trackName[t] as string).includes(titlePart as string) &&
        (artistPart === '' || artistsOf(t).some((a) => a.includes(artistPart as string))),
    );
  };

  for (const query of ["Jason Mraz - I'm Yours", 'BEYONCÉ - halo', 'love', 'queen - bohemian', 'zz no such song zz']) {
    it(`"${query}": the same matches as a brute force; the kept ones are the most popular`, () => {
      const expected = bruteForce(query);
      const found = matchTrackName(catalog, index, query, 5);
      assert.equal(found.total, expected.length);
      const byPopularity = [...expected].sort(
        (a, b) => (catalog.numeric.popularity[b] as number) - (catalog.numeric.popularity[a] as number) || a - b,
      );
      assert.deepEqual(found.tracks, byPopularity.slice(0, 5));
      assert.equal(found.oneSong, new Set(expected.map((t) => catalog.songCode[t])).size <= 1);
    });
  }
});
