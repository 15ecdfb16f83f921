import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../src/data/errors.js';
import { loadCatalog } from '../src/data/index.js';
import { isHolidayTitle } from '../src/discover/scoutFilters.js';
import { buildFeatureSpace } from '../src/features/featureSpace.js';
import { holidayTracks } from '../src/recommend/holiday.js';
import { requestFromParams } from '../src/recommend/params.js';
import { fitRecommendState, recommend } from '../src/recommend/recommend.js';
import { runCli, SAMPLE } from './helpers.js';

const { catalog } = await loadCatalog(SAMPLE);
const space = buildFeatureSpace(catalog);
const context = fitRecommendState(catalog, space);
/** An independent check, written apart from HOLIDAY_WORDS: the plainest Christmas markers. */
const obviouslyHoliday = (t: number) =>
  /\b(christmas|xmas|navidad)|winter wonderland/i.test(`${catalog.trackName[t]} ${catalog.albumName[t]}`);
const id = (title: string, artist: string) =>
  catalog.trackId.findIndex((_, t) => catalog.trackName[t] === title && catalog.mainArtist[t] === artist);

describe('holiday songs in recommendations', () => {
  it('standards count as holiday titles; their single words do not', () => {
    for (const title of ['Winter Wonderland', 'Frosty The Snowman', 'The Little Drummer Boy', 'Deck The Halls', 'Carol of the Bells'])
      assert.ok(isHolidayTitle(title), title);
    for (const title of ['Winter', 'Wonderland', 'Little Boy', 'Bells', 'Happy']) assert.ok(!isHolidayTitle(title), title);
  });

  it('the fitted marks are the title-or-album rule on every track', () => {
    const marks = holidayTracks(catalog);
    let count = 0;
    for (let t = 0; t < catalog.size; t++) {
      assert.equal(marks[t], isHolidayTitle(catalog.trackName[t] as string, catalog.albumName[t] as string) ? 1 : 0);
      count += marks[t] as number;
      if (obviouslyHoliday(t)) assert.equal(marks[t], 1, catalog.trackName[t]);
    }
    assert.ok(count > 100 && count < catalog.size / 10, `${count} holiday tracks`);
  });

  it(`"I'm Yours" no longer brings "Winter Wonderland"; include_holiday brings it back`, () => {
    const seed = "Jason Mraz - I'm Yours";
    const result = recommend(catalog, space, { seeds: [seed] }, context);
    assert.equal(result.holiday, 'left out');
    for (const r of result.results) assert.ok(!/winter wonderland/i.test(r.trackName), r.trackName);
    const kept = recommend(catalog, space, requestFromParams({ seed_names: seed, include_holiday: 'true' }, space), context);
    assert.equal(kept.holiday, 'kept');
    // The pool grows by exactly the holiday tracks (none of them a version of the seed).
    assert.equal(kept.poolSize, result.poolSize + (context.holiday as Uint8Array).reduce((a, b) => a + b, 0));
    assert.ok(
      kept.results.some((r) => r.trackName === 'Winter Wonderland'),
      kept.results.map((r) => r.trackName).join(', '),
    );
  });

  it('no result of seed, phrase or target queries is a holiday track; holiday seeds get holiday songs only', () => {
    const requests = [
      { seeds: ['Billie Eilish - bad guy'] },
      { like: 'calm, acoustic, sad', limit: 50 },
      { like: 'romantic', limit: 50 },
      { targets: [{ feature: 'acousticness' as const, value: 0.9, label: 'acousticness 0.9' }], limit: 50 },
      { seedArtists: ['Michael Bublé'], limit: 30 },
    ];
    for (const request of requests) {
      const result = recommend(catalog, space, request, context);
      for (const r of result.results) {
        const t = catalog.trackId.indexOf(r.trackId);
        assert.ok(!obviouslyHoliday(t) && context.holiday?.[t] === 0, `${JSON.stringify(request)}: ${r.trackName} (${r.albumName})`);
      }
    }
    const holidaySeed = id('Winter Wonderland', 'Jason Mraz');
    assert.ok(holidaySeed >= 0);
    const seeded = recommend(catalog, space, { seeds: [catalog.trackId[holidaySeed] as string], limit: 20 }, context);
    assert.equal(seeded.holiday, 'only');
    assert.equal(seeded.results.length, 20);
    for (const r of seeded.results) assert.equal(context.holiday?.[catalog.trackId.indexOf(r.trackId)], 1, r.trackName);
    const mixed = recommend(catalog, space, { seeds: [catalog.trackId[holidaySeed] as string, "Jason Mraz - I'm Yours"] }, context);
    assert.equal(mixed.holiday, 'kept');
  });

  it('include_holiday is a boolean parameter; --include-holiday on the CLI', () => {
    assert.throws(
      () => requestFromParams({ like: 'happy', include_holiday: 'maybe' }, space),
      (e: unknown) => {
        return e instanceof InputError && /include_holiday/.test(e.message);
      },
    );
    const cli = runCli(['recommend', '--data', SAMPLE, '--seed', "Jason Mraz - I'm Yours", '--include-holiday', '--json']);
    assert.equal(cli.code, 0, cli.stderr);
    const json = JSON.parse(cli.stdout);
    assert.equal(json.holiday, 'kept');
    assert.ok(json.results.some((r: { trackName: string }) => r.trackName === 'Winter Wonderland'));
  });
});
