import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stratifiedSplit } from '../src/classify/split.js';
import { findTrack } from '../src/data/catalog.js';
import { loadCatalog } from '../src/data/index.js';
import { songKey } from '../src/data/text.js';
import { emerging, NOTEBOOK_WEIGHTS } from '../src/discover/emerging.js';
import { fitLogistic, hitLabels, rocAuc, trainHitModel } from '../src/discover/hitLikeness.js';
import { buildFeatureSpace } from '../src/features/featureSpace.js';
import { assertClose, REFERENCE, SAMPLE } from './helpers.js';

const { catalog } = await loadCatalog(SAMPLE);
const model = trainHitModel(catalog);

describe('emerging tracks and artists (heuristic)', () => {
  it("the notebook's settings reproduce the reference pool, top-10 tracks and top-10 artists", () => {
    // Notebook: df_clean[(popularity >= 40) & (popularity <= 70)] (one row per track_id, bounds inclusive),
    // emerging_score, top 10; artists: groupby(main_artist).mean() with no minimum, top 10.
    const result = emerging(catalog, { allowVersions: true, minTracks: 1, rankArtistsBy: 'mean' });
    assert.equal(result.poolSize, REFERENCE.emerging_pool_tracks);
    const tracks = REFERENCE.emerging_top10_tracks as [string, number][];
    assert.deepEqual(
      result.tracks.map((t) => t.trackId),
      tracks.map(([id]) => id),
    );
    for (const [i, t] of result.tracks.entries()) assertClose(t.score, tracks[i]?.[1] as number, 5e-7, `score of ${t.trackId}`);
    const artists = REFERENCE.emerging_top10_artists_mean_score as [string, number][];
    assert.deepEqual(
      result.artists.map((a) => a.artist),
      artists.map(([name]) => name),
    );
    for (const [i, a] of result.artists.entries()) assertClose(a.meanScore, artists[i]?.[1] as number, 5e-7, `mean score of ${a.artist}`);
  });

  it('each result carries its components, which add up to the score, and a Spotify link', () => {
    const result = emerging(catalog, { limit: 20 });
    assert.deepEqual(Object.keys(result.tracks[0]?.components ?? {}).sort(), Object.keys(NOTEBOOK_WEIGHTS).sort());
    for (const t of result.tracks) {
      const i = findTrack(catalog, t.trackId) as number;
      const n = catalog.numeric;
      const byHand =
        (n.danceability[i] as number) +
        (n.energy[i] as number) +
        (n.valence[i] as number) +
        (n.tempo[i] as number) / 200 -
        (n.loudness[i] as number) / 60;
      assertClose(t.score, byHand, 1e-12, 'score by hand');
      assertClose(
        Object.values(t.components).reduce((s, v) => s + (v as number), 0),
        t.score,
        1e-12,
        'sum of components',
      );
      assert.ok(t.popularity >= 40 && t.popularity <= 70);
      assert.equal(t.url, `https://open.spotify.com/track/${t.trackId}`);
    }
  });

  it('one entry per song by default: no two results share title and main artist', () => {
    const result = emerging(catalog, { limit: 1000 });
    const keys = result.tracks.map((t) => songKey(t.trackName, t.mainArtist));
    assert.equal(new Set(keys).size, keys.length);
    const withVersions = emerging(catalog, { limit: 1000, allowVersions: true });
    const versionKeys = withVersions.tracks.map((t) => songKey(t.trackName, t.mainArtist));
    assert.ok(new Set(versionKeys).size < versionKeys.length, 'the sample has songs in several versions');
    // One entry per distinct song key in the window, and each folded version is counted on its entry.
    const poolKeys = new Set<string>();
    for (let t = 0; t < catalog.size; t++) {
      const p = catalog.numeric.popularity[t] as number;
      if (p >= 40 && p <= 70) poolKeys.add(songKey(catalog.trackName[t] as string, catalog.mainArtist[t] as string));
    }
    assert.equal(result.entries, poolKeys.size);
    assert.equal(result.entries + result.tracks.reduce((s, t) => s + t.otherVersions, 0) <= result.poolSize, true);
  });

  it('window, weights and genre are configurable', () => {
    const narrow = emerging(catalog, { minPopularity: 50, maxPopularity: 55, allowVersions: true });
    let expected = 0;
    for (let t = 0; t < catalog.size; t++) {
      const p = catalog.numeric.popularity[t] as number;
      if (p >= 50 && p <= 55) expected++;
    }
    assert.equal(narrow.poolSize, expected);
    const valenceOnly = emerging(catalog, { weights: { danceability: 0, energy: 0, tempo: 0, loudness: 0 } });
    assert.deepEqual(valenceOnly.weights, { valence: 1 });
    assert.equal(valenceOnly.tracks[0]?.score, valenceOnly.tracks[0]?.components.valence);
    const rock = emerging(catalog, { genre: 'rock', limit: 50 });
    assert.ok(rock.poolSize > 0 && rock.poolSize < 8230);
    for (const t of rock.tracks) assert.ok(t.genres.includes('rock'), 'per-genre lists use the full genre set');
    assert.ok(
      rock.tracks.some((t) => t.genres[0] !== 'rock'),
      'tracks whose first genre is another one are kept',
    );
    assert.throws(() => emerging(catalog, { genre: 'polka' }), /unknown genre "polka"/);
    assert.throws(() => emerging(catalog, { minPopularity: 80, maxPopularity: 20 }), /window/);
  });

  it('artists: minimum tracks, count, shrunken mean toward the pool mean, popularity and genres', () => {
    const k = 3;
    const result = emerging(catalog, { limit: 50, priorStrength: k });
    assert.ok(result.artists.every((a) => a.tracks >= 2));
    for (const a of result.artists) {
      assertClose(a.shrunkScore, (a.tracks * a.meanScore + k * result.poolMeanScore) / (a.tracks + k), 1e-12, 'shrunken mean');
      assert.ok(a.meanPopularity >= 40 && a.meanPopularity <= 70);
      assert.ok(a.genres.length >= 1);
    }
    for (let i = 1; i < result.artists.length; i++) {
      assert.ok((result.artists[i - 1]?.shrunkScore as number) >= (result.artists[i]?.shrunkScore as number));
    }
    // The notebook's top artist has one track; with the default minimum of 2 it does not appear.
    assert.ok(!result.artists.some((a) => a.artist === 'Herbert Grönemeyer'));
    // With k = 0 and no minimum, the shrunken mean is the mean.
    const raw = emerging(catalog, { priorStrength: 0, minTracks: 1, allowVersions: true });
    assert.equal(raw.artists[0]?.artist, 'Aviões do Forró');
    assertClose(raw.artists[0]?.shrunkScore as number, raw.artists[0]?.meanScore as number, 1e-12, 'k = 0');
  });
});

describe('hit-likeness', () => {
  it('ROC AUC is the Mann-Whitney probability with ties counting one half', () => {
    // Positives 0.35, 0.8, 0.4, 0.1 against negatives 0.1, 0.4, 0.4, 0.9: wins 1 + 3 + (1 + 2 x 0.5) + 0.5 = 6.5
    // of 16 pairs; scikit-learn roc_auc_score gives the same 0.40625.
    assert.equal(rocAuc([0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.1], [0, 0, 1, 1, 0, 1, 0, 1]), 0.40625);
    assert.equal(rocAuc([1, 2, 3], [0, 1, 1]), 1);
    assert.ok(Number.isNaN(rocAuc([1, 2], [1, 1])));
  });

  it('the logistic fit equals scikit-learn LogisticRegression on the standardized features', () => {
    // scikit-learn 1.2.1 (Debian): X = StandardScaler().fit_transform(df_clean[9 features]),
    // y = popularity >= 70, LogisticRegression(C=C, solver="newton-cholesky", tol=1e-12, max_iter=100000)
    // .fit(X, y).coef_, .intercept_ (gradient norm 7e-13; the default lbfgs stops ~1e-5 short of the optimum).
    const space = buildFeatureSpace(catalog);
    const labels = hitLabels(catalog);
    for (const [C, coef, intercept] of [
      [
        1,
        [
          0.2907124010207927, -0.4447487659917941, 0.5250460172813209, -0.08610957710543615, -0.39945662714667285, -0.6810869808235355,
          -0.23668155009118866, -0.06008403082141194, -0.08427867875077749,
        ],
        -2.6272765567560032,
      ],
      [
        0.01,
        [
          0.2834768630982499, -0.3012763636730899, 0.39635382020233906, -0.08066398441111639, -0.32373114455952356, -0.571817566648808,
          -0.22782571986123287, -0.05604605885232367, -0.08390377699138007,
        ],
        -2.547547330525625,
      ],
    ] as const) {
      const fit = fitLogistic(space.z, labels, catalog.size, 9, C);
      for (const [j, c] of coef.entries()) assertClose(fit.weights[j] as number, c, 1e-9, `C=${C} coef ${j}`);
      assertClose(fit.intercept, intercept, 1e-9, `C=${C} intercept`);
    }
  });

  it('the held-out split is stratified, disjoint, complete and seeded', () => {
    const labels = hitLabels(catalog);
    const classes = Int32Array.from(labels);
    const { train, test } = stratifiedSplit(classes, 0.2, 42);
    assert.equal(train.length + test.length, catalog.size);
    assert.equal(new Set([...train, ...test]).size, catalog.size);
    const positives = (idx: Int32Array) => idx.reduce((s, t) => s + (labels[t] as number), 0);
    assert.equal(positives(test), Math.round(2073 * 0.2), '2,073 tracks have popularity >= 70 (pandas)');
    assert.deepEqual(stratifiedSplit(classes, 0.2, 42).test, test);
    assert.notDeepEqual(stratifiedSplit(classes, 0.2, 7).test, test);
  });

  it('the model is evaluated on the held-out part and ranks the pool by probability', () => {
    assert.equal(model.testSize, Math.round(2073 * 0.2) + Math.round((22332 - 2073) * 0.2));
    assert.ok(model.auc > 0.6 && model.auc < 1, `held-out AUC ${model.auc}`);
    assertClose(model.positiveRate, 2073 / 22332, 1e-12, 'hit share');
    const result = emerging(catalog, { by: 'hit-likeness', limit: 25 }, model);
    assert.equal(result.model?.auc, model.auc);
    for (let i = 0; i < result.tracks.length; i++) {
      const t = result.tracks[i];
      assert.ok(t && t.score > 0 && t.score < 1 && t.hitLikeness === t.score);
      if (i > 0) assert.ok((result.tracks[i - 1]?.score as number) >= t.score);
      // log-odds components + intercept = logit(score)
      const logit = Object.values(t.components).reduce((s, v) => s + (v as number), model.intercept);
      assertClose(1 / (1 + Math.exp(-logit)), t.score, 1e-12, 'components add up to the logit');
    }
  });
});
