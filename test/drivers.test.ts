import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadCatalog } from '../src/data/index.js';
import { AUDIO_FEATURES } from '../src/data/schema.js';
import { coefficientMatrix, coefficientOf, fitDrivers, rankGenres } from '../src/drivers/drivers.js';
import { checkNotebookClaims, driverInsights } from '../src/drivers/insights.js';
import { assertClose, REFERENCE, SAMPLE } from './helpers.js';

const { catalog } = await loadCatalog(SAMPLE);
const primary = fitDrivers(catalog);

describe('popularity drivers on the sample', () => {
  it('raw coefficients, intercept, R^2 and n equal scikit-learn LinearRegression per primary genre (reference, 1e-6)', () => {
    const reference = REFERENCE.drivers_per_primary_genre_ols as Record<string, Record<string, number>>;
    assert.deepEqual(primary.genres.map((g) => g.genre).sort(), Object.keys(reference).sort());
    for (const g of primary.genres) {
      const expected = reference[g.genre] as Record<string, number>;
      assert.equal(g.n, expected.n, `${g.genre} n`);
      // The reference is rounded to 6 decimals: allow the rounding (5e-7) plus 5e-7 of arithmetic.
      assertClose(g.intercept, expected.intercept as number, 1e-6, `${g.genre} intercept`);
      assertClose(g.r2, expected.r2 as number, 1e-6, `${g.genre} R^2`);
      for (const c of g.coefficients) assertClose(c.coef, expected[c.feature] as number, 1e-6, `${g.genre} ${c.feature}`);
    }
  });

  it('uncertainty for pop equals statsmodels OLS, and VIF equals variance_inflation_factor', () => {
    // Computed once with Debian's python3-statsmodels on the notebook's df_clean, genre "pop":
    //   m = sm.OLS(popularity, sm.add_constant(X[9 features])).fit(); m.bse, m.pvalues, m.conf_int(0.05),
    //   m.f_pvalue, m.fvalue, m.rsquared_adj; variance_inflation_factor(X_with_const, i + 1).
    const expected = {
      se: [
        20.40298825294512, 22.965994199398132, 1.4814952839923452, 38.66669634740296, 11.41649497730253, 30.85928880729861,
        23.012104084928044, 14.190905843302081, 0.08227847545397679,
      ],
      p: [
        0.692289142518407, 0.3240917013639584, 0.31224900599155775, 0.18434291808636993, 0.06551764865170026, 0.25855677009318534,
        0.47215482908799433, 0.16557132787374607, 0.22725780341521182,
      ],
      ciLow: [
        -32.13424439571035, -22.572735346560552, -1.4197624932638366, -127.72116878033577, -1.369155235604179, -95.79140577447706,
        -28.788116338982903, -47.71925206995732, -0.2618307062962533,
      ],
      ciHigh: [
        48.305379273627885, 67.9716450985503, 4.421093837918023, 24.723878198147908, 43.64084762339104, 25.87261459294175,
        61.93805423380333, 8.22898018947448, 0.06255558063156565,
      ],
      vif: [
        1.578769040567355, 3.189011747552976, 2.3828072830307994, 1.2957324949098823, 1.8731044875282998, 1.105150010686386,
        1.0375063192159246, 1.700801143477531, 1.0880134947823823,
      ],
    };
    const pop = primary.genres.find((g) => g.genre === 'pop');
    assert.ok(pop);
    pop.coefficients.forEach((c, j) => {
      assertClose(c.se, expected.se[j] as number, 1e-9, `SE ${c.feature}`);
      assertClose(c.p, expected.p[j] as number, 1e-11, `p ${c.feature}`);
      // statsmodels' interval uses scipy's t.ppf, itself good to ~1e-9.
      assertClose(c.ciLow, expected.ciLow[j] as number, 1e-7, `CI low ${c.feature}`);
      assertClose(c.ciHigh, expected.ciHigh[j] as number, 1e-7, `CI high ${c.feature}`);
      assertClose(c.vif, expected.vif[j] as number, 1e-9, `VIF ${c.feature}`);
    });
    assertClose(pop.interceptSe, 25.935819809930468, 1e-9, 'SE intercept');
    assertClose(pop.fPValue, 0.10493632759405926, 1e-11, 'F-test p');
    assertClose(pop.fStatistic, 1.6424429118429433, 1e-11, 'F');
    assertClose(pop.adjR2, 0.025608713537031536, 1e-12, 'adjusted R^2');
    // Standardized = raw coefficient x SD of valence within pop (pandas .std(), ddof = 1): -4.330693480839533.
    assertClose(coefficientOf(pop, 'valence').stdCoef, -4.330693480839533, 1e-9, 'standardized valence');
  });

  it('Benjamini-Hochberg over all 1,026 tests equals statsmodels multipletests(fdr_bh)', () => {
    // statsmodels.stats.multitest.multipletests(all 1026 OLS p-values, alpha=0.05, method="fdr_bh"): 36 rejected.
    assert.equal(primary.tests, 114 * 9);
    assert.equal(primary.significantCount, 36);
    for (const [genre, feature, expected] of [
      ['blues', 'valence', 3.577954177644067e-5],
      ['reggaeton', 'energy', 0.011872505700064012],
      ['pop', 'valence', 0.5741965017673905],
      ['metal', 'valence', 0.8697595638530711],
      ['house', 'valence', 0.004561710514203874],
    ] as const) {
      const g = primary.genres.find((x) => x.genre === genre);
      assert.ok(g);
      assertClose(coefficientOf(g, feature).pAdjusted, expected, 1e-10, `adjusted p ${genre} ${feature}`);
    }
  });

  it('full genre membership counts each (track, genre) pair: n equals the reference genre summary', () => {
    const all = fitDrivers(catalog, { membership: 'all' });
    const summary = REFERENCE.genre_summary as Record<string, { unique_tracks: number }>;
    for (const g of all.genres) assert.equal(g.n, summary[g.genre]?.unique_tracks, g.genre);
    assert.equal(
      all.genres.reduce((s, g) => s + g.n, 0),
      24616,
    );
  });

  it('genres below the minimum are skipped with the reason', () => {
    const strict = fitDrivers(catalog, { minTracks: 200 });
    assert.ok(strict.skipped.length > 0 && strict.genres.every((g) => g.n >= 200));
    assert.match(strict.skipped[0]?.reason ?? '', /fewer than 200/);
    assert.equal(strict.tests, strict.genres.length * 9);
  });

  it('rankings order genres by the coefficient; the matrix is genres x features of standardized coefficients', () => {
    const ranking = rankGenres(primary, 'valence');
    assert.equal(ranking.length, 114);
    for (let i = 1; i < ranking.length; i++) assert.ok((ranking[i - 1]?.stdCoef as number) >= (ranking[i]?.stdCoef as number));
    const raw = rankGenres(primary, 'valence', false);
    for (let i = 1; i < raw.length; i++) assert.ok((raw[i - 1]?.coef as number) >= (raw[i]?.coef as number));
    const matrix = coefficientMatrix(primary);
    assert.deepEqual(matrix.features, AUDIO_FEATURES);
    const pop = matrix.genres.indexOf('pop');
    assert.equal(matrix.stdCoef[pop]?.[7], coefficientOf(primary.genres[pop] as never, 'valence').stdCoef);
  });

  it('insights come only from significant results, with the numbers, and the notebook claims are checked', () => {
    const insights = driverInsights(primary);
    assert.equal(insights.length, primary.significantCount);
    for (const insight of insights) {
      const c = coefficientOf(primary.genres.find((g) => g.genre === insight.genre) as never, insight.feature);
      assert.ok(c.significant && c.pAdjusted <= 0.05);
      assert.ok(c.stdCiLow > 0 || c.stdCiHigh < 0, 'a significant interval excludes 0');
      assert.match(
        insight.text,
        new RegExp(`^In ${insight.genre}, \\+1 SD of ${insight.feature} .* popularity points \\(95% CI .*adjusted p`),
      );
    }
    const claims = checkNotebookClaims(primary, catalog.genreNames);
    const verdict = (genre: string) => claims.find((c) => c.genre === genre)?.verdict;
    // On the sample, valence is not a significant driver in pop, dance or metal; "dance pop" is no genre here.
    assert.equal(verdict('pop'), 'not significant');
    assert.equal(verdict('dance pop'), 'genre not in the catalogue');
    assert.equal(verdict('dance'), 'not significant');
    assert.equal(verdict('metal'), 'not significant');
    assert.match(claims.find((c) => c.genre === 'pop')?.text ?? '', /does not support it.*-4\.3 popularity points.*opposite sign/);
  });
});
