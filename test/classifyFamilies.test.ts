import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deriveFamilies, outOfFoldConfusion } from '../src/classify/families.js';
import { catalogMatrix, FEATURE_SETS, genreLabels, selectLabels, selectRows } from '../src/classify/features.js';
import { evaluateFamilies, familyGuesses, familyOfClasses, GENRE_FAMILIES } from '../src/classify/genreFamilies.js';
import { stratifiedSplit } from '../src/classify/split.js';
import { loadCatalog } from '../src/data/index.js';
import { assertClose, SAMPLE } from './helpers.js';

describe('deriveFamilies', () => {
  // Six genres of 10 tracks: 0-1-2 confused with each other, 3-4 with each other, 5 with nobody.
  const sizes = Float64Array.from([10, 10, 10, 10, 10, 10]);
  const confusion = new Float64Array(36);
  const confuse = (a: number, b: number, n: number) => {
    confusion[a * 6 + b] = n;
  };
  confuse(0, 1, 3);
  confuse(1, 2, 2);
  confuse(2, 0, 2);
  confuse(3, 4, 4);
  confuse(5, 0, 0.1);

  it('groups the genres a classifier confuses, largest family first', () => {
    assert.deepEqual(Array.from(deriveFamilies(confusion, sizes, { families: 3, maxShare: 1 })), [0, 0, 0, 1, 1, 2]);
  });

  it('never lets a family pass the share cap', () => {
    // Cap 0.4 of 60 tracks = 24: the 0-1-2 block (30 tracks) cannot form; 0-1 merge first (strongest).
    const familyOf = deriveFamilies(confusion, sizes, { families: 4, maxShare: 0.4 });
    const count = (f: number) => familyOf.filter((x) => x === f).length;
    for (let f = 0; f < 4; f++) assert.ok(count(f) * 10 <= 24, `family ${f}: ${count(f)} genres`);
    assert.equal(familyOf[0], familyOf[1]);
    assert.equal(familyOf[3], familyOf[4]);
    assert.notEqual(familyOf[2], familyOf[0]);
  });
});

describe('family-level evaluation and hierarchical answers', () => {
  const families = [
    { name: 'loud', genres: ['metal', 'punk'] },
    { name: 'calm', genres: ['piano', 'ambient', 'sleep'] },
  ];
  const classNames = ['metal', 'punk', 'piano', 'ambient', 'sleep'];
  const familyOf = familyOfClasses(classNames, families) as Int32Array;
  // Row 0: metal 0.3, punk 0.3 -> loud 0.6 (right: metal). Row 1: piano 0.5 but calm 0.55 < loud 0.45? no: calm wins.
  const proba = Float64Array.from(
    [
      [0.3, 0.3, 0.2, 0.1, 0.1],
      [0.2, 0.25, 0.5, 0.05, 0],
      [0.1, 0.1, 0.35, 0.25, 0.2],
      [0.4, 0.1, 0.3, 0.1, 0.1],
    ].flat(),
  );
  const truth = Int32Array.from([0, 1, 4, 3]);

  it('family accuracy from summed genre probabilities, chance = the largest family share', () => {
    // Families: row 0 loud .6 (true loud), row 1 loud .45 vs calm .55 (true loud: wrong), row 2 calm .8 (true calm),
    // row 3 loud .5 vs calm .5: tie -> first family, loud (true calm: wrong). 2 of 4 right; families of truth: 2 loud, 2 calm.
    const e = evaluateFamilies(truth, proba, 5, familyOf, families);
    assertClose(e.accuracy, 0.5, 1e-12, 'accuracy');
    assertClose(e.chanceAccuracy, 0.5, 1e-12, 'chance');
    assert.deepEqual(
      e.shares.map((s) => s.share),
      [0.5, 0.5],
    );
  });

  it('hierarchical guesses: families by summed probability, each with its genres in order', () => {
    const guesses = familyGuesses(classNames, proba, 2, familyOf, families, 2, 2);
    assert.deepEqual(
      guesses.map((g) => [g.family, Number(g.probability.toFixed(10))]),
      [
        ['calm', 0.8],
        ['loud', 0.2],
      ],
    );
    assert.deepEqual(
      guesses[0]?.genres.map((g) => g.genre),
      ['piano', 'ambient'],
    );
  });
});

describe('GENRE_FAMILIES on the sample', async () => {
  const { catalog } = await loadCatalog(SAMPLE);
  const { labels, classNames } = genreLabels(catalog);

  it('covers every genre once, 10-15 families, none above 20% of the tracks', () => {
    const familyOf = familyOfClasses(classNames);
    assert.ok(familyOf, 'every genre of the sample is in a family');
    const all = GENRE_FAMILIES.flatMap((f) => f.genres);
    assert.equal(new Set(all).size, all.length, 'no genre twice');
    assert.equal(all.length, classNames.length);
    assert.ok(GENRE_FAMILIES.length >= 10 && GENRE_FAMILIES.length <= 15);
    const counts = new Float64Array(GENRE_FAMILIES.length);
    for (const c of labels) counts[familyOf[c] as number] = (counts[familyOf[c] as number] as number) + 1;
    for (let f = 0; f < counts.length; f++)
      assert.ok((counts[f] as number) / labels.length <= 0.2, `${GENRE_FAMILIES[f]?.name}: ${(counts[f] as number) / labels.length}`);
  });

  it('is what the derivation gives on the seed-42 training tracks (derived, not chosen)', async () => {
    const matrix = catalogMatrix(catalog, [...FEATURE_SETS.audio9]);
    const split = stratifiedSplit(labels, 0.2, 42);
    const trainLabels = selectLabels(labels, split.train);
    const confusion = await outOfFoldConfusion(selectRows(matrix, split.train), trainLabels, classNames, 42, 5, 2);
    const sizes = new Float64Array(classNames.length);
    for (const c of trainLabels) sizes[c] = (sizes[c] as number) + 1;
    const derived = deriveFamilies(confusion, sizes, { families: 12, maxShare: 0.2 });
    const documented = familyOfClasses(classNames) as Int32Array;
    assert.deepEqual(Array.from(derived), Array.from(documented));
  });
});
