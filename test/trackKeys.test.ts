import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeKeys } from '../src/data/catalog.js';
import { decode, lazyStrings, mapDistinct } from '../src/data/encodedRows.js';
import { songKey, splitArtists } from '../src/data/text.js';
import { trackKeys } from '../src/data/trackKeys.js';

// Dictionaries as the loader gives them, with repeats, versions, accents, features and blanks.
const titles = ['Yesterday', 'Yesterday - Remastered 2009', 'Café del Mar', 'Cafe Del Mar (feat. X)', '  ', 'Help!'];
const artists = ['The Beatles', 'The Beatles;George Martin', 'Energy 52', 'energy 52 ; Someone', ' ; ', 'Beatles, The'];
const titleCodes = Int32Array.from([0, 1, 2, 3, 4, 5, 0, 3, 1, 5]);
const artistCodes = Int32Array.from([0, 1, 2, 3, 4, 0, 5, 2, 0, 1]);

/** The per-track definition trackKeys must reproduce: encodeKeys over songKey and over the main artist. */
function bruteForce() {
  const title = decode(titleCodes, titles);
  const field = decode(artistCodes, artists);
  const mainArtist = field.map((f) => splitArtists(f)[0] ?? f.trim());
  const songs = encodeKeys(title.map((t, i) => songKey(t, mainArtist[i] as string)));
  const mains = encodeKeys(mainArtist);
  const exploded = field.flatMap((f, t) => splitArtists(f).map((name) => [t, name] as const));
  return { mainArtist, songs, mains, exploded };
}

describe('trackKeys: keys once per distinct value', () => {
  it('equals encodeKeys over songKey and the main artist, track by track', () => {
    const keys = trackKeys({ codes: titleCodes, values: titles }, { codes: artistCodes, values: artists });
    const expected = bruteForce();
    assert.deepEqual(keys.mainArtist, expected.mainArtist);
    assert.deepEqual([...keys.songCode], [...expected.songs.codes]);
    assert.equal(keys.songCount, expected.songs.names.length);
    assert.deepEqual([...keys.mainArtistCode], [...expected.mains.codes]);
    assert.deepEqual(keys.mainArtistNames, expected.mains.names);
    assert.deepEqual(
      [...keys.artistTrack].map((t, i) => [t, keys.artistName[i]]),
      expected.exploded.map(([t, name]) => [t, name]),
    );
    assert.equal(keys.distinctArtists, new Set(expected.exploded.map(([, name]) => name)).size);
    // Hand-checked: the remaster is the same song as the original; the accented title with a feature too.
    assert.equal(keys.songCode[0], keys.songCode[1]);
    assert.equal(keys.songCode[2], keys.songCode[3]);
    assert.notEqual(keys.songCode[0], keys.songCode[2]);
  });
});

describe('mapDistinct and lazyStrings', () => {
  it('merges values that map to the same text, so equal codes mean equal text', () => {
    const mapped = mapDistinct(Int32Array.from([0, 1, 2, 1]), ["['A', 'B']", 'A;B', 'C'], (v) =>
      v.replace(/[[\]' ]/g, '').replace(',', ';'),
    );
    assert.deepEqual(mapped.values, ['A;B', 'C']);
    assert.deepEqual([...mapped.codes], [0, 0, 1, 0]);
  });
  it('builds each column on first use, equal to decoding the codes', () => {
    const codes = {
      track_id: Int32Array.from([1, 0]),
      artists: Int32Array.from([0, 0]),
      album_name: Int32Array.from([0, 1]),
      track_name: Int32Array.from([1, 1]),
    };
    const values = { track_id: ['a', 'b'], artists: ['X'], album_name: ['', 'Al'], track_name: ['t0', 't1'] };
    const strings = lazyStrings(codes, values);
    assert.deepEqual(strings.track_id, ['b', 'a']);
    assert.equal(strings.track_id, strings.track_id);
    assert.deepEqual(strings.album_name, ['', 'Al']);
    assert.deepEqual({ ...strings }.track_name, ['t1', 't1']);
  });
});
