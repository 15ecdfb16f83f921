import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { evaluateGenres } from '../src/classify/evaluate.js';
import { loadCatalog } from '../src/data/index.js';
import { runBacktest } from '../src/discover/backtest.js';
import { emerging } from '../src/discover/emerging.js';
import { fitGrowthEvidence } from '../src/discover/growth.js';
import { trainHitModel } from '../src/discover/hitLikeness.js';
import { DEFAULT_SCOUT_FILTERS } from '../src/discover/scoutFilters.js';
import { loadSnapshots } from '../src/discover/snapshots.js';
import { fitDrivers, rankGenres } from '../src/drivers/drivers.js';
import { Engine } from '../src/engine/engine.js';
import { explore } from '../src/explore/explore.js';
import { buildFeatureSpace } from '../src/features/featureSpace.js';
import { parseTargets } from '../src/features/preferences.js';
import { recommend } from '../src/recommend/recommend.js';
import {
  buildReportData,
  DEFAULT_REPORT_SETTINGS,
  DRIVER_ENDS,
  NOTEBOOK_PHRASES,
  NOTEBOOK_TARGETS,
  type ReportData,
} from '../src/report/data.js';
import { formatCount, formatP, formatPoints, formatPopularity, formatScore, formatShare, formatWeight } from '../src/report/format.js';
import { escapeHtml, renderReportHtml } from '../src/report/html.js';
import { REFERENCE, ROOT, runCli, SAMPLE } from './helpers.js';
import { FIXTURE_GENRES, FIXTURE_TRACKS_PER_GENRE, writeReportFixture } from './reportFixture.js';

/** Well-formedness of one SVG document: every tag closed in order, attributes quoted, entities known. */
export function assertWellFormedXml(xml: string, what: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<!--[\s\S]*?-->/g;
  let last = 0;
  for (let m = tag.exec(xml); m; m = tag.exec(xml)) {
    const between = xml.slice(last, m.index);
    assert.ok(!/[<>]/.test(between), `${what}: stray < or > near offset ${last}: ${between.slice(0, 80)}`);
    assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+|#x[\da-fA-F]+);)/.test(between), `${what}: bad entity near offset ${last}`);
    last = tag.lastIndex;
    if (m[0].startsWith('<!--')) continue;
    const [, closing, name, , selfClosing] = m;
    if (closing) assert.equal(stack.pop(), name, `${what}: </${name}> closes the wrong element at offset ${m.index}`);
    else if (!selfClosing) stack.push(name as string);
  }
  assert.equal(xml.slice(last).trim(), '', `${what}: text after the root element`);
  assert.deepEqual(stack, [], `${what}: unclosed elements`);
}

function assertSelfContained(html: string): void {
  assert.doesNotMatch(html, /<script/i, 'no scripts');
  assert.doesNotMatch(html, /<link/i, 'no linked resources');
  assert.doesNotMatch(html, /<img/i, 'no images');
  assert.doesNotMatch(html, /@import/i, 'no @import');
  assert.doesNotMatch(html, /url\(\s*['"]?(?!#)/i, 'no url() other than in-document fragments');
  assert.doesNotMatch(html, /\b(src|href|xlink:href)\s*=\s*["']?\s*(https?:|\/\/|data:|file:)/i, 'no external src or href');
  for (const href of html.matchAll(/\bhref="([^"]*)"/g)) assert.match(href[1] as string, /^#/, `links stay inside the page: ${href[1]}`);
}

function svgsOf(html: string): string[] {
  return [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]);
}

/** The library's numbers, computed here directly, must be those in report.json. */
async function assertMatchesLibrary(data: ReportData, path: string, trees: number, rounds: number): Promise<void> {
  const loaded = await loadCatalog(path);
  const { catalog } = loaded;
  const exploration = explore(loaded.raw, loaded);
  assert.equal(data.overview.rows, exploration.rows);
  assert.equal(data.overview.tracks, exploration.tracks);
  assert.equal(data.overview.duplicateRows, exploration.duplicateRows);
  assert.deepEqual(data.overview.cleaningLog, exploration.cleaningLog);
  assert.deepEqual(data.overview.popularityHistogram, exploration.popularityHistogram);
  assert.deepEqual(data.overview.correlation, exploration.correlation);
  assert.deepEqual(data.genres, exploration.genres);
  assert.deepEqual(
    data.topGenres.map((g) => g.genre),
    exploration.topGenresByPopularity,
  );

  const space = buildFeatureSpace(catalog);
  const byNumbers = recommend(catalog, space, { targets: parseTargets(NOTEBOOK_TARGETS, space), limit: 5 });
  const byPhrases = recommend(catalog, space, { like: NOTEBOOK_PHRASES, limit: 5 });
  assert.deepEqual(data.recommendation.numbers.result, byNumbers);
  assert.deepEqual(data.recommendation.phrases.result, byPhrases);

  if (data.classification.status === 'ok') {
    const rf = await evaluateGenres(catalog, { model: 'rf', features: 'audio9', seed: 42, trees });
    const gbdt = await evaluateGenres(catalog, { model: 'gbdt', features: 'audio9', seed: 42, trees: rounds });
    for (const [ours, theirs] of [
      [data.classification.rf, rf],
      [data.classification.gbdt, gbdt],
    ] as const) {
      assert.ok(ours);
      assert.equal(ours.accuracy, theirs.accuracy);
      assert.equal(ours.macroF1, theirs.macroF1);
      assert.equal(ours.top5Accuracy, theirs.top5Accuracy);
      assert.deepEqual(ours.perGenre, theirs.perGenre);
      assert.deepEqual(ours.confusedPairs, theirs.confusedPairs);
      assert.deepEqual(ours.importances, theirs.importances);
      assert.deepEqual(ours.songOverlap, theirs.songOverlap);
    }
  }

  assert.deepEqual(data.emerging.tracks, JSON.parse(JSON.stringify(emerging(catalog, { limit: 10, filters: DEFAULT_SCOUT_FILTERS }))));
  assert.equal(data.emerging.hitModel?.auc, trainHitModel(catalog).auc);
  const drivers = fitDrivers(catalog, { membership: 'primary' });
  assert.equal(data.drivers.report.significantCount, drivers.significantCount);
  for (const feature of ['valence', 'energy', 'danceability'] as const) {
    const ranking = rankGenres(drivers, feature, true);
    const ends = ranking.length <= 2 * DRIVER_ENDS ? ranking : [...ranking.slice(0, DRIVER_ENDS), ...ranking.slice(-DRIVER_ENDS)];
    assert.deepEqual(data.drivers.rankings[feature], ends);
  }
}

/** The page's prose: tags, tables (data such as track names), charts and code spans removed. */
function proseOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/g, ' ')
    .replace(/<table>[\s\S]*?<\/table>/g, ' ')
    .replace(/<svg[\s\S]*?<\/svg>/g, ' ')
    .replace(/<code>[\s\S]*?<\/code>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&[a-z#0-9]+;/g, ' ');
}

/** Words that state a cause; a regression coefficient or a classifier confusion shows an association only. */
const CAUSAL_WORDING: readonly RegExp[] = [
  /\bdriv(e|es|en|ing|ers?)\b/i,
  /\bpays?\b/i,
  /(?<!gradient )\bboost(s|ed|ing)?\b/i,
  /\bcaus(e|es|ed|ing)\b/i,
  /\blead(s|ing)? to\b/i,
  /\bresults? in\b/i,
  /\bimpact/i,
  /\binfluenc/i,
  /\bdetermin(e|es|ed|ing)\b/i,
  /\bdue to\b/i,
  /\b(raises?|lifts?|increases?|improves?) popularity\b/i,
  /\bmakes? (a )?hits?\b/i,
  /\bcross-promotion\b/i,
  /\baudiences?\b/i,
  /\bscouting\b/i,
  /\bwhat works\b/i,
];

/** Every sentence of the report's prose that states a cause, with the phrase found. */
export function causalSentences(html: string): string[] {
  const sentences = proseOf(html)
    .split(/(?<=[.;:!?])\s+/)
    .map((s) => s.replace(/\s+/g, ' ').trim());
  return sentences.flatMap((sentence) => {
    const pattern = CAUSAL_WORDING.find((p) => p.test(sentence));
    return pattern ? [`${pattern.source}: ${sentence}`] : [];
  });
}

/** The report's layout and wording rules: summary first, no causal wording, no appendix before the sections. */
function assertReadsAsAssociations(html: string, data: ReportData): void {
  const ids = [...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
  assert.equal(ids[0], 'summary', 'the first section is the executive summary');
  assert.equal(ids.at(-1), 'appendix', 'cleaning tables and describe() sit in the appendix at the end');
  assert.ok(data.summary.length >= 3 && data.summary.length <= 6, `about five findings, got ${data.summary.length}`);
  for (const f of data.summary) {
    assert.match(f.text, /\d/, `a finding quotes its number: ${f.text}`);
    assert.ok(f.caveat.length > 10, `a finding has its caveat: ${f.title}`);
    assert.ok(html.includes(escapeHtml(f.text)) && html.includes(escapeHtml(f.caveat)), f.title);
  }
  assert.deepEqual(causalSentences(html), [], 'no sentence states a cause');
  // One format per kind of number: the prose never shows more than two decimals (p-values print as <0.001).
  // Exempt: the emerging score's formula weights (three significant digits) and p-values (0.004, <0.001).
  const prose = proseOf(html.replace(/<p>Popularity window[\s\S]*?<\/p>/, '').replace(/\bp ?(=|&lt;) ?\d\.\d+/g, ' '));
  assert.deepEqual(prose.match(/\d+\.\d{3,}/g) ?? [], [], 'no number with 3+ decimals in the prose');
}

test('one format per kind of number', () => {
  assert.equal(formatPopularity(51.241), '51.2');
  assert.equal(formatPopularity(46.6), '46.6');
  assert.equal(formatShare(0.21983), '22.0%');
  assert.equal(formatScore(0.7213), '0.72');
  assert.equal(formatPoints(-11.618), '-11.6');
  assert.equal(formatPoints(12), '+12.0');
  assert.equal(formatP(0.0004), '<0.001');
  assert.equal(formatP(0.0123), '0.01');
  assert.equal(formatP(0.004), '0.004');
  assert.equal(formatCount(24616), '24,616');
  assert.equal(formatWeight(1 / 300), '0.00333');
  assert.equal(formatShare(Number.NaN), '-');
});

test('the causal-wording scan catches the phrasing the report used to have', () => {
  const old = [
    '<p>Where valence pays most: in reggaeton, +1 SD of valence goes with 12.0 popularity points.</p>',
    '<p>Such neighbours are natural cross-promotion audiences.</p>',
    '<h2>6. What drives popularity, by genre</h2>',
    '<p>The notebook says valence strongly boosts popularity in pop.</p>',
    '<p>Scouting shortlist (popularity 40-70).</p>',
  ];
  for (const html of old) assert.equal(causalSentences(html).length, 1, html);
  // Words inside tables (track names) and code spans (command names) are data, not claims.
  assert.deepEqual(causalSentences('<table><tr><td>Drive</td></tr></table><p>Run <code>drivers</code> for all genres.</p>'), []);
  assert.deepEqual(causalSentences('<p>In rock, +1 SD of valence goes with -11.1 popularity points.</p>'), []);
  assert.deepEqual(causalSentences('<p>Gradient boosting reaches 22.0%.</p>'), [], 'the learner, not a claim');
});

test('report with the default boosting setting (0): forest only, and the page says why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-forest-'));
  const csv = join(dir, 'catalogue.csv');
  writeReportFixture(csv);
  const engine = Engine.fromLoaded(await loadCatalog(csv));
  const data = await buildReportData(engine, { ...DEFAULT_REPORT_SETTINGS, forestTrees: 5 });
  assert.equal(DEFAULT_REPORT_SETTINGS.boostingRounds, 0);
  assert.ok(data.classification.rf);
  assert.equal(data.classification.gbdt, undefined);
  const html = await renderReportHtml(data);
  assert.match(html, /Gradient boosting is not fitted in this report/);
  assert.doesNotMatch(html, /<th scope="col">gradient boosting<\/th>/);
  assert.match(html, /5 trees \(the <code>classify<\/code> default is 100\)/);
  assert.equal(runCli(['report', '--data', csv, '--out', join(dir, 'out'), '--boosting-rounds', '1.5']).code, 2);
});

test('report CLI on a small hand-made catalogue: both files, numbers equal to the library, self-contained HTML', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'report-fixture-'));
  const csv = join(dir, 'catalogue.csv');
  writeReportFixture(csv);
  const out = join(dir, 'out');
  const run = runCli(['report', '--data', csv, '--out', out, '--trees', '10', '--boosting-rounds', '5']);
  assert.equal(run.code, 0, run.stderr);
  for (const stage of ['loading', 'overview', 'classification (random forest)', 'drivers', 'charts'])
    assert.match(run.stderr, new RegExp(stage.replace(/[()]/g, '\\$&')));
  const data = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as ReportData;
  const html = readFileSync(join(out, 'report.html'), 'utf8');

  // By construction of the fixture.
  assert.equal(data.overview.rows, FIXTURE_GENRES.length * FIXTURE_TRACKS_PER_GENRE + 2);
  assert.equal(data.overview.tracks, FIXTURE_GENRES.length * FIXTURE_TRACKS_PER_GENRE);
  assert.equal(data.overview.duplicateRows, 2);
  assert.equal(data.classification.status, 'ok');
  assert.equal(data.classification.rf?.classes, 3);
  assert.equal(data.drivers.report.matrix.genres.length, 3, 'the 3 genres with 40 tracks are modelled');
  assert.ok(data.summary.length >= 4);
  assert.deepEqual(
    data.sample.smallest.map((g) => g.tracks),
    [40, 40, 40],
    'by construction: 40 tracks in each primary genre',
  );

  await assertMatchesLibrary(data, csv, 10, 5);
  assertSelfContained(html);
  const svgs = svgsOf(html);
  // popularity, top genres, tracks per genre, correlation, importances, emerging tracks and artists, 3 driver rankings, heatmap, map
  assert.equal(svgs.length, 12);
  svgs.forEach((svg, i) => {
    assertWellFormedXml(svg, `chart ${i + 1}`);
  });
  assertReadsAsAssociations(html, data);
});

test('report CLI: bad input exits 2 with a message', () => {
  const run = runCli(['report', '--data', 'no/such/file.csv', '--out', join(tmpdir(), 'never')]);
  assert.equal(run.code, 2);
  assert.match(run.stderr, /no\/such\/file\.csv/);
  const trees = runCli(['report', '--data', SAMPLE, '--trees', '0']);
  assert.equal(trees.code, 2);
  assert.match(trees.stderr, /--trees/);
});

test('report on the shared sample: matches the library and the reference, every chart parses', async () => {
  const loaded = await loadCatalog(SAMPLE);
  const growth = fitGrowthEvidence(loaded.catalog, await loadSnapshots([resolve(ROOT, '../shared/data/spotify_earlier_snapshots.csv')]));
  const engine = Engine.fromLoaded(loaded);
  engine.useGrowth(growth);
  const data = await buildReportData(engine, { seed: 42, forestTrees: 20, boostingRounds: 3 });
  // A booster cut far below the classify default is not quoted in the summary as if at full strength.
  const audible = data.summary.find((f) => /random forest/.test(f.text));
  assert.match(audible?.text ?? '', /gradient boosting [\d.]+% at 3 rounds, understated/);
  assert.equal(data.overview.rows, REFERENCE.rows);
  assert.equal(data.overview.tracks, REFERENCE.clean_tracks);
  // The scout filters leave tracks out of the notebook's pool, each counted with its reason.
  const left = data.emerging.tracks.excluded;
  assert.equal(
    data.emerging.tracks.poolSize + left.genre + left.holiday + left.artistCeiling + left.releaseAge + left.pastHit,
    REFERENCE.emerging_pool_tracks,
  );
  assert.ok(left.genre > 0 && left.holiday > 0 && left.artistCeiling > 0);
  // The backtest is the library's, with the report's seed.
  assert.deepEqual(
    data.emerging.backtest?.rows.map((r) => r.auc.value),
    runBacktest(loaded.catalog, growth, { seed: 42 }).rows.map((r) => r.auc.value),
  );
  assert.deepEqual(
    data.topGenres.map((g) => g.genre),
    REFERENCE.top10_genres_by_avg_popularity,
  );
  await assertMatchesLibrary(JSON.parse(JSON.stringify(data)), SAMPLE, 20, 3);
  const html = await renderReportHtml(data);
  assertSelfContained(html);
  const svgs = svgsOf(html);
  assert.equal(svgs.length, 12);
  svgs.forEach((svg, i) => {
    assertWellFormedXml(svg, `chart ${i + 1}`);
  });
  assertReadsAsAssociations(html, data);
  // Drivers show both ends: the most negative valence coefficients are charted beside the positive ones.
  const valence = data.drivers.rankings.valence ?? [];
  assert.equal(valence.length, 2 * DRIVER_ENDS);
  assert.ok((valence[0]?.stdCoef ?? 0) > 0 && (valence.at(-1)?.stdCoef ?? 0) < 0, 'positive and negative ends');
  // The uneven sample, by brute force over the primary genres.
  const counts = new Map<string, number>();
  for (const code of loaded.catalog.primaryGenre) {
    const g = loaded.catalog.genreNames[code] as string;
    counts.set(g, (counts.get(g) ?? 0) + 1);
  }
  const sorted = [...counts.values()].sort((a, b) => a - b);
  assert.equal(data.sample.smallest[0]?.tracks, sorted[0]);
  assert.equal(data.sample.largest[0]?.tracks, sorted.at(-1));
  assert.ok(
    html.includes(`from ${sorted[0]} tracks in ${data.sample.smallest[0]?.genre} to ${sorted.at(-1)} in ${data.sample.largest[0]?.genre}`),
  );
  // The growth lists are in the page with the backtest.
  assert.ok(data.emerging.risingNow && data.emerging.likelyToRise);
  assert.match(html, /Rising now \(measured\)/);
  assert.match(html, /Likely to rise \(forecast\)/);
  // The map: one shaded cell per non-empty density bin, genre labels, a caption on what distance means.
  assert.equal(data.map?.status, 'ok');
  const map = svgs[11] as string;
  assert.equal((map.match(/<rect x=/g) ?? []).length, data.map?.density?.counts.filter((c) => c > 0).length);
  assert.ok((map.match(/<text /g) ?? []).length >= 20, 'at least 20 genre labels fit');
  assert.match(html, /Far does not measure how different/);
  // The heatmap draws one cell per modelled genre and feature, and one dot per significant effect.
  const heatmap = svgs[10] as string;
  assert.equal((heatmap.match(/aria-roledescription="rect mark"/g) ?? []).length, data.drivers.report.matrix.genres.length * 9);
  assert.equal((heatmap.match(/aria-roledescription="circle"/g) ?? []).length, data.drivers.report.significantCount);
});
