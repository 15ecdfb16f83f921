/**
 * report.html: one self-contained file (inline CSS and SVG, no script, font, image or link to fetch).
 * Every number shown comes from the ReportData object written next to it as report.json.
 */

import { renderSvg } from '../charts/render.js';
import { barChart, coefficientHeatmap, correlationHeatmap, intervalChart, PALETTE, popularityChart, scoreDots } from '../charts/specs.js';
import { DEFAULT_FOREST_PARAMS } from '../classify/forest.js';
import type { ClassScores } from '../classify/metrics.js';
import type { Estimate } from '../discover/backtest.js';
import { DEFAULT_RELEASED_WITHIN_YEARS } from '../discover/scoutFilters.js';
import { DRIVER_ENDS, FULL_BOOSTING_ROUNDS, type ReportData } from './data.js';
import {
  formatCount,
  formatInterval,
  formatP,
  formatPoints,
  formatPopularity,
  formatScore,
  formatSeconds,
  formatShare,
  formatWeight,
} from './format.js';
import { mapCaption, mapFigureSvg } from './mapFigure.js';
import { sampleSentence } from './sample.js';
import { significantSigns } from './summary.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A cell: text formatted by its kind (src/report/format.ts), or a whole count. */
type Cell = string | number;

const NUMERIC_TEXT = /^[-+<]?[\d.,]+(%| s)?( \[.*\]| to .*)?$/;

function cellText(c: Cell): string {
  if (typeof c === 'string') return c;
  // Fractions must be formatted by kind before they reach a table: one format per kind of number.
  if (!Number.isInteger(c)) throw new Error(`report table: format ${c} by its kind before tabulating it`);
  return formatCount(c);
}

function table(headers: string[], rows: Cell[][], numericFrom = 1): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r
          .map((c, i) => {
            const text = cellText(c);
            const numeric = i >= numericFrom && (typeof c === 'number' || NUMERIC_TEXT.test(text));
            return `<td${numeric ? ' class="n"' : ''}>${escapeHtml(text)}</td>`;
          })
          .join('')}</tr>`,
    )
    .join('\n');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

async function figure(svg: Promise<string>, caption: string): Promise<string> {
  return `<figure>${await svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function classRows(rows: readonly ClassScores[]): Cell[][] {
  return rows.map((g) => [g.genre, formatScore(g.precision), formatScore(g.recall), formatScore(g.f1), g.support]);
}

/** The first four columns of every track table: rank, track, artist, genres. */
const trackCells = (t: { rank: number; trackName: string; genres: readonly string[] }, artist: string): Cell[] => [
  String(t.rank),
  t.trackName,
  artist,
  t.genres.join(', '),
];

const withInterval = (e: Estimate, format: (x: number) => string) => `${format(e.value)} [${format(e.low)}, ${format(e.high)}]`;

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #ddd; --accent: ${PALETTE[0]}; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 16px; }
header { border-bottom: 3px solid var(--accent); padding-top: 16px; }
h1 { margin: 0 0 4px; } h2 { border-bottom: 1px solid var(--rule); padding-bottom: 4px; margin-top: 40px; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 20px; padding-left: 0; list-style-position: inside; }
a { color: var(--accent); }
p, li { overflow-wrap: anywhere; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure { margin: 16px 0; overflow-x: auto; max-width: 100%; } figcaption { color: var(--muted); font-size: 13px; }
svg { max-width: 100%; height: auto; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 420px), 1fr)); gap: 16px; }
.grid > * { min-width: 0; }
.note { color: var(--muted); font-size: 13px; }
.findings li { margin-bottom: 10px; }
.caveat { display: block; color: var(--muted); font-size: 13px; }
.kpi { display: flex; flex-wrap: wrap; gap: 12px; padding: 0; list-style: none; }
.kpi li { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; }
.kpi b { display: block; font-size: 20px; }
/* On a phone a chart keeps its drawn size and scrolls sideways inside its frame, instead of shrinking to unreadable text. */
@media (max-width: 600px) { figure svg { max-width: none; } figure { border: 1px solid var(--rule); padding: 4px; } }
`;

/** Width of a chart that spans the page's text column (the SVG scales down on narrow screens). */
const WIDE = 760;
/** Width of a chart in a two-column grid at 1280 px. */
const HALF = 400;

function summarySection(data: ReportData): string {
  return `<section id="summary"><h2>Summary</h2>
<ol class="findings">${data.summary
    .map((f) => `<li><b>${escapeHtml(f.title)}.</b> ${escapeHtml(f.text)}<span class="caveat">Caveat: ${escapeHtml(f.caveat)}</span></li>`)
    .join('')}</ol>
<p class="note">Every finding is computed from the numbers in the sections below (all in report.json). Regression coefficients and
classifier confusions describe associations in this sample; they do not show what a change of sound would do.</p></section>`;
}

async function classificationSection(data: ReportData): Promise<string> {
  const c = data.classification;
  if (c.status !== 'ok' || !c.rf)
    return `<section id="classification"><h2>Genre classification</h2><p>Skipped on this catalogue: ${escapeHtml(c.reason ?? 'not enough tracks')}.</p></section>`;
  const rf = c.rf;
  const gbdt = c.gbdt;
  const learners = gbdt ? [rf, gbdt] : [rf];
  const compare = (label: string, pick: (e: typeof rf) => number, format: (x: number) => string = formatShare): Cell[] => [
    label,
    ...learners.map((e) => format(pick(e))),
  ];
  const boosting = !gbdt
    ? `Gradient boosting is not fitted in this report (setting <code>boostingRounds</code> = 0): at full strength its fit takes minutes
longer than the forest's, and a booster capped at fewer rounds would understate it, so no unequal comparison is shown.
<code>report --boosting-rounds ${FULL_BOOSTING_ROUNDS}</code> adds it at the <code>classify</code> default, and <code>classify evaluate --model gbdt</code> evaluates it alone.`
    : c.settings.boostingRounds >= FULL_BOOSTING_ROUNDS
      ? `Gradient boosting at the <code>classify</code> default: at most ${c.settings.boostingRounds} rounds, of which early stopping kept ${formatCount(gbdt.iterations ?? 0)}; both learners on equal terms.`
      : `Gradient boosting capped at ${c.settings.boostingRounds} rounds (early stopping kept ${formatCount(gbdt.iterations ?? 0)}), below the <code>classify</code> default of ${FULL_BOOSTING_ROUNDS}: its numbers here may understate it.`;
  return `<section id="classification"><h2>Genre classification</h2>
<p>Label: each track's primary genre (${formatCount(rf.classes)} genres; the classes are uneven, ${escapeHtml(sampleSentence(data.sample))},
so the forest uses balanced class weights and per-genre scores vary with support); features: the 9 audio features; stratified 80/20 split by track
(seed ${c.settings.seed}): ${formatCount(rf.trainRows)} training and ${formatCount(rf.testRows)} test tracks.
Random forest: ${c.settings.forestTrees} trees${c.settings.forestTrees === DEFAULT_FOREST_PARAMS.nEstimators ? ', the <code>classify</code> default' : ` (the <code>classify</code> default is ${DEFAULT_FOREST_PARAMS.nEstimators})`}. ${boosting}</p>
${table(
  ['metric', 'random forest', ...(gbdt ? ['gradient boosting'] : [])],
  [
    compare('accuracy', (e) => e.accuracy),
    compare('macro F1', (e) => e.macroF1, formatScore),
    compare('weighted F1', (e) => e.weightedF1, formatScore),
    compare('top-3 accuracy', (e) => e.top3Accuracy),
    compare('top-5 accuracy', (e) => e.top5Accuracy),
    compare('any-genre accuracy', (e) => e.anyGenreAccuracy),
    compare(
      `accuracy on the ${formatCount(rf.songOverlap.testTracks)} test tracks whose song is in training`,
      (e) => e.songOverlap.accuracy,
    ),
    compare('accuracy on the other test tracks', (e) => e.songOverlap.otherAccuracy),
    compare('chance (commonest genre)', (e) => e.chanceAccuracy),
    compare('fit time', (e) => e.trainSeconds, formatSeconds),
  ],
)}
<div class="grid"><div><h3>Best 10 genres (F1, random forest)</h3>${table(['genre', 'precision', 'recall', 'F1', 'test tracks'], classRows(c.topGenres ?? []))}</div>
<div><h3>Worst 10 genres</h3>${table(['genre', 'precision', 'recall', 'F1', 'test tracks'], classRows(c.bottomGenres ?? []))}</div></div>
<p class="note">A split by track lets another release or version of a test track's song (same title and main artist, or identical audio)
sit in the training set; models that memorize, like a fully grown forest, score far higher on those tracks, so the "other test tracks" row is
the better guide for new music (<code>classify evaluate --split song</code> keeps every song on one side).
The full per-genre table is in report.json (<code>classification.rf.perGenre</code>) and sortable in the dashboard.</p>
<div class="grid">
${await figure(
  renderSvg(
    barChart(
      [...rf.importances].sort((a, b) => b.importance - a.importance).map((i) => ({ label: i.feature, value: i.importance })),
      { title: 'Feature importance (random forest, mean decrease in impurity)', value: 'share of importance' },
      { width: HALF - 80, axisFormat: '.2f', format: '.3f' },
    ),
  ),
  'Importances sum to 1; they say which features the forest splits on, not what sets a genre.',
)}
<div><h3>Most confused genre pairs</h3>${table(
    ['true genre', 'predicted as', 'tracks', 'share of true'],
    rf.confusedPairs.slice(0, 10).map((p) => [p.trueGenre, p.predictedGenre, p.count, formatShare(p.shareOfTrue)]),
  )}<p class="note">A confused pair sounds alike to the forest on these 9 features; it says nothing about who listens to either genre.</p></div></div>
</section>`;
}

function growthTables(data: ReportData): string {
  const { risingNow, likelyToRise } = data.emerging;
  const parts: string[] = [];
  if (risingNow) {
    parts.push(`<h3>Rising now (measured)</h3>
<p class="note">Tracks whose earlier popularity was ${risingNow.window.minPopularity}-${risingNow.window.maxPopularity}, ranked by the change beyond the mean change of
tracks that started from the same popularity; ${formatCount(risingNow.poolSize)} tracks in the pool, at most 2 per artist and 3 per genre.
Releases more than ${DEFAULT_RELEASED_WITHIN_YEARS} years old are left out where the date is known, and so are songs the catalogue also has on a
greatest-hits, best-of, remastered or anniversary album: a revival is not an emerging track.</p>
${table(
  ['#', 'track', 'artist', 'genres', 'earlier', 'now', 'change', 'beyond peers', 'years'],
  risingNow.tracks.map((t) => [
    ...trackCells(t, t.mainArtist),
    t.earlierPopularity,
    t.popularity,
    formatPoints(t.change),
    formatPoints(t.excessChange),
    Number.isFinite(t.years) ? t.years.toFixed(1) : '-',
  ]),
  4,
)}`);
  }
  if (likelyToRise) {
    parts.push(`<h3>Likely to rise (forecast)</h3>
<p class="note">The rise model's probability of gaining ${likelyToRise.threshold}+ points within ${likelyToRise.horizonYears} years, for tracks at popularity
${likelyToRise.window.minPopularity}-${likelyToRise.window.maxPopularity} now (pool mean ${formatShare(likelyToRise.poolMeanProbability)}); a ranking for review, see the backtest for how well it ranks.</p>
${table(
  ['#', 'track', 'artist', 'genres', 'popularity', 'P(rise)', 'observed change'],
  likelyToRise.tracks.map((t) => [
    ...trackCells(t, t.mainArtist),
    t.popularity,
    formatShare(t.probability),
    t.observedChange === null ? '-' : formatPoints(t.observedChange),
  ]),
  4,
)}`);
  }
  return parts.join('\n');
}

async function emergingSection(data: ReportData): Promise<string> {
  const em = data.emerging.tracks;
  const bt = data.emerging.backtest;
  const backtestHtml = bt
    ? `<h3>Backtest against earlier popularity</h3>
<p>${formatCount(bt.tracks)} tracks whose earlier popularity was ${bt.window.minPopularity}-${bt.window.maxPopularity}; a riser gained &ge; ${bt.threshold} points by ${escapeHtml(bt.asOf)}: base rate ${formatShare(bt.baseRate)}. Brackets: 95% bootstrap intervals (${bt.resamples} resamples, seed ${bt.seed}); the last column is each AUC minus that of earlier popularity alone, paired. An AUC of 0.50 is chance.</p>
${table(
  ['ranking', ...(bt.rows[0]?.precision ?? []).map((p) => `precision@${p.k}`), 'AUC', 'Spearman', 'AUC vs earlier alone'],
  bt.rows.map((r) => [
    `${r.name}${r.default ? ' (default)' : ''}`,
    ...r.precision.map((p) => withInterval(p.estimate, formatShare)),
    withInterval(r.auc, formatScore),
    withInterval(r.spearman, formatScore),
    r.aucVsEarlier ? withInterval(r.aucVsEarlier, formatScore) : 'reference',
  ]),
  1,
)}`
    : '';
  const formula = Object.entries(em.weights)
    .map(([f, w], i) => `${(w as number) < 0 ? '- ' : i > 0 ? '+ ' : ''}${formatWeight(Math.abs(w as number))} x ${f}`)
    .join(' ');
  const components = Object.keys(em.tracks[0]?.components ?? {});
  return `<section id="emerging"><h2>Emerging tracks and artists</h2>
<p>${escapeHtml(data.emerging.note)}</p>
${growthTables(data)}
${backtestHtml}
<h3>Audio-heuristic ranking (the notebook's; a heuristic, not a forecast)</h3>
<p>Popularity window ${em.window.minPopularity}-${em.window.maxPopularity}: ${formatCount(em.poolSize)} tracks, ${formatCount(em.entries)} songs after folding versions.
Score = ${escapeHtml(formula)}. Artists (at least ${em.minTracks} songs) are ranked by a shrunken mean (prior strength ${em.priorStrength}, pool mean ${formatScore(em.poolMeanScore)}).
${data.emerging.hitModel ? `Hit-likeness model (P(popularity &ge; ${data.emerging.hitModel.threshold})): held-out ROC AUC ${formatScore(data.emerging.hitModel.auc)}.` : ''}</p>
${await figure(
  renderSvg(
    scoreDots(
      em.tracks.map((t) => ({ label: `${t.rank}. ${t.trackName} - ${t.mainArtist}`.slice(0, 56), value: t.score })),
      { title: 'Top 10 tracks by audio score', value: 'audio score' },
      { width: WIDE - 340, reference: { value: em.poolMeanScore, label: 'pool mean' } },
    ),
  ),
  `The axis spans the scores shown (not from 0) so close scores can be told apart; the pool's mean score is ${formatScore(em.poolMeanScore)}.`,
)}
${await figure(
  renderSvg(
    scoreDots(
      em.artists.map((a) => ({ label: `${a.rank}. ${a.artist}`.slice(0, 56), value: a.shrunkScore })),
      { title: 'Top 10 artists by shrunken mean score', value: 'shrunken mean score' },
      { width: WIDE - 340, color: PALETTE[1], reference: { value: em.poolMeanScore, label: 'pool mean' } },
    ),
  ),
  `Shrunken toward the pool mean (${formatScore(em.poolMeanScore)}): artists with few songs need a higher mean. The axis spans the scores shown.`,
)}
${table(
  ['#', 'track', 'artist', 'genres', 'popularity', 'score', ...components.map((c) => `${c} part`), 'other versions'],
  em.tracks.map((t) => [
    ...trackCells(t, t.mainArtist),
    t.popularity,
    formatScore(t.score),
    ...components.map((c) => formatScore(t.components[c as keyof typeof t.components] ?? Number.NaN)),
    t.otherVersions,
  ]),
  4,
)}
${table(
  ['#', 'artist', 'songs', 'mean score', 'shrunken', 'mean popularity', 'best track'],
  em.artists.map((a) => [
    String(a.rank),
    a.artist,
    a.tracks,
    formatScore(a.meanScore),
    formatScore(a.shrunkScore),
    formatPopularity(a.meanPopularity),
    a.topTrack.trackName,
  ]),
  2,
)}
</section>`;
}

/** The drivers summary with R² in the report's score format (two decimals, as every 0-1 score here). */
function summaryWithR2(summary: string): string {
  return summary.replace(/median R\^2 (-?[\d.]+)/, (_all, r: string) => `median R² ${formatScore(Number(r))}`);
}

/** The notebook's claim in neutral words: which direction it expects, not what it says causes what. */
function claimText(claim: { genre: string; feature: string; expectedSign: 1 | -1 }): string {
  return `higher ${claim.feature} goes with ${claim.expectedSign > 0 ? 'higher' : 'lower'} popularity in ${claim.genre}`;
}

async function driversSection(data: ReportData): Promise<string> {
  const d = data.drivers;
  const title = 'Audio features and popularity, by genre (associations)';
  if (d.status !== 'ok') return `<section id="drivers"><h2>${title}</h2><p>Skipped: ${escapeHtml(d.reason ?? '')}.</p></section>`;
  const m = d.report.matrix;
  const signs = Object.keys(d.rankings).map((feature) => {
    const s = significantSigns(m, feature);
    return `${feature}: ${s.significant} significant, ${s.negative} negative`;
  });
  const charts: string[] = [];
  for (const [feature, rows] of Object.entries(d.rankings)) {
    charts.push(
      await figure(
        renderSvg(
          intervalChart(
            rows.map((r) => ({
              label: `${r.genre} (n=${r.n})`,
              estimate: r.stdCoef,
              low: r.stdCiLow,
              high: r.stdCiHigh,
              significant: r.significant,
            })),
            {
              title: `${feature}: the ${DRIVER_ENDS} most positive and ${DRIVER_ENDS} most negative genres`,
              value: 'popularity points per SD of the feature',
            },
            { width: WIDE - 200 },
          ),
        ),
        `Standardized OLS coefficient of ${feature} in each genre's regression, with its 95% interval; n = tracks in the genre. Right of the dashed zero line: higher ${feature} goes with higher popularity; left: with lower.`,
      ),
    );
  }
  return `<section id="drivers"><h2>${title}</h2>
<p>${escapeHtml(summaryWithR2(d.report.summary))} Significant coefficients per feature: ${escapeHtml(signs.join('; '))}.</p>
<p class="note">One ordinary least squares regression per primary genre (popularity on the 9 audio features). The sample is uneven,
${escapeHtml(sampleSentence(data.sample))}, so small genres have wide intervals; a coefficient is an association within the sample,
not what changing a track's sound would do.</p>
${charts.join('\n')}
${Object.entries(d.rankings)
  .map(
    ([feature, rows]) =>
      `<h3>${escapeHtml(feature)}</h3>${table(
        ['rank', 'genre', 'n', 'points per SD', '95% CI', 'adjusted p', 'significant'],
        rows.map((r) => [
          String(r.rank),
          r.genre,
          r.n,
          formatPoints(r.stdCoef),
          formatInterval(r.stdCiLow, r.stdCiHigh, formatPoints),
          formatP(r.pAdjusted),
          r.significant ? 'yes' : 'no',
        ]),
        2,
      )}`,
  )
  .join('\n')}
${await figure(
  renderSvg(coefficientHeatmap(m.features, m.genres, m.stdCoef, m.significant, { width: WIDE - 260 })),
  'Blue: popularity is lower where the feature is higher; orange: higher. A dot marks a significant coefficient.',
)}
<h3>Significant associations, largest first</h3>
<ul>${d.report.insights
    .slice(0, 15)
    .map((i) => `<li>${escapeHtml(i.text)}</li>`)
    .join('')}</ul>
<p class="note">${d.report.insights.length} significant coefficients in all (listed in report.json).</p>
<h3>The notebook's claims, checked</h3>
${table(
  ['the notebook says', 'genre', 'feature', 'verdict'],
  d.report.notebookClaims.map((cl) => [claimText(cl), cl.genre, cl.feature, cl.verdict]),
  9,
)}
</section>`;
}

export async function renderReportHtml(data: ReportData): Promise<string> {
  const o = data.overview;
  const sections: string[] = [summarySection(data)];

  const kpis: [string, number][] = [
    ['rows', o.rows],
    ['tracks after cleaning', o.tracks],
    ['distinct artists', o.distinctArtists],
    ['genres', o.genreCount],
  ];
  sections.push(`<section id="catalogue"><h2>The catalogue</h2>
<p>Source: <code>${escapeHtml(data.source)}</code>.</p>
<ul class="kpi">${kpis.map(([k, v]) => `<li><b>${formatCount(v)}</b>${escapeHtml(k)}</li>`).join('')}</ul>
<p>${formatShare(o.rows > 0 ? o.duplicateRows / o.rows : Number.NaN)} of rows repeat a track_id (${formatCount(o.multiGenreTrackIds)} tracks carry several genres):
every count here is per track, after deduplication (see the <a href="#appendix">appendix</a>). The sample is uneven across genres:
${escapeHtml(sampleSentence(data.sample))}.</p>
</section>`);

  const byTracks = [...data.genres].sort((a, b) => b.tracks - a.tracks || a.genre.localeCompare(b.genre));
  sections.push(`<section id="distributions"><h2>Popularity, genres and correlations</h2>
${await figure(
  renderSvg(popularityChart(o.popularityHistogram, o.popularityBinEdges, o.popularityDensity)),
  `Popularity of the ${formatCount(o.tracks)} cleaned tracks: 20 bins of 5 points; line: Gaussian kernel density (Scott's bandwidth ${formatPopularity(o.popularityDensity.bandwidth)}).`,
)}
<div class="grid">
<div>${await figure(
    renderSvg(
      barChart(
        data.topGenres.map((g) => ({ label: g.genre, value: g.meanPopularity })),
        { title: 'Top 10 genres by mean popularity', value: 'mean popularity' },
        { width: HALF - 120, color: PALETTE[2], axisFormat: 'd', format: '.1f' },
      ),
    ),
    'Mean popularity over distinct (track, genre) pairs.',
  )}
${table(
  ['genre', 'tracks', 'mean popularity'],
  data.topGenres.map((g) => [g.genre, g.tracks, formatPopularity(g.meanPopularity)]),
)}</div>
${await figure(
  renderSvg(
    barChart(
      byTracks.map((g) => ({ label: g.genre, value: g.tracks })),
      { title: `Tracks per genre (${data.genres.length} genres)`, value: 'tracks' },
      { width: HALF - 120, height: Math.max(80, byTracks.length * 10), axisFormat: 'd', format: 'd' },
    ),
  ),
  'A track with several genres counts in each. Uneven counts: small genres give noisier means and scores.',
)}
</div>
${await figure(renderSvg(correlationHeatmap(o.correlation.columns, o.correlation.matrix)), 'Pearson r over the cleaned tracks (an association in this sample).')}
</section>`);

  const rec = data.recommendation;
  const recTable = (result: typeof rec.numbers.result) =>
    table(
      ['#', 'track', 'artist', 'genres', 'popularity', 'match', 'why'],
      result.results.map((r) => [
        ...trackCells(r, r.artists),
        r.popularity,
        formatScore(r.match ?? r.similarity ?? Number.NaN),
        r.explanation.reason,
      ]),
      4,
    );
  sections.push(`<section id="recommendation"><h2>Recommendation example</h2>
<p>The notebook's preference in numbers (danceability, energy, loudness, speechiness, acousticness, instrumentalness, liveness, valence, tempo):
<code>${escapeHtml(rec.numbers.targets)}</code>; ranked by distance on standardized features (match = exp(-d&sup2;/2), d the RMS distance in standard deviations), one version per song, at most 2 tracks per artist,
pool ${formatCount(rec.numbers.result.poolSize)} tracks.</p>
${recTable(rec.numbers.result)}
<p>The same taste in words: <code>${escapeHtml(rec.phrases.text)}</code> (levels are the catalogue's percentiles:
${escapeHtml(rec.phrases.result.targets.map((t) => `${t.label} = ${formatScore(t.value)}`).join('; '))}).</p>
${recTable(rec.phrases.result)}
</section>`);

  sections.push(await classificationSection(data));
  sections.push(await emergingSection(data));
  sections.push(await driversSection(data));

  if (data.map?.status === 'ok' && data.map.density && data.map.genres) {
    sections.push(`<section id="map"><h2>Map of the catalogue</h2>
<figure>${mapFigureSvg(data.map.density, data.map.genres)}<figcaption>${escapeHtml(mapCaption(data.map))}</figcaption></figure></section>`);
  }

  const describeNumber = (x: number) => (Number.isInteger(x) ? formatCount(x) : formatWeight(x));
  sections.push(`<section id="appendix"><h2>Appendix: cleaning and column summaries</h2>
<ul class="kpi">${(
    [
      ['unique track_ids', o.uniqueTrackIds],
      ['duplicate rows', o.duplicateRows],
      ['multi-genre tracks', o.multiGenreTrackIds],
    ] as [string, number][]
  )
    .map(([k, v]) => `<li><b>${formatCount(v)}</b>${escapeHtml(k)}</li>`)
    .join('')}</ul>
${table(
  ['step', 'rows in', 'rows out', 'reason'],
  o.cleaningLog.map((s) => [s.step, s.rowsIn, s.rowsOut, s.reason]),
)}
<p class="note">${formatCount(o.conflictingPopularityTrackIds)} track_ids have conflicting popularity across their rows (${formatCount(o.conflictingPopularityRows)} rows);
${formatCount(o.multiGenreRows)} rows belong to multi-genre tracks; ${formatCount(o.missingNameRows)} rows miss a name; ${formatCount(o.invalidRows)} invalid rows.
A track keeps its first row's values and the set of all its genres.</p>
<h3>Column summaries (pandas describe() of the raw rows)</h3>
${table(
  ['column', 'count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'],
  Object.entries(data.describe).map(([c, s]) => [c, s.count, ...[s.mean, s.std, s.min, s.p25, s.p50, s.p75, s.max].map(describeNumber)]),
)}
</section>`);

  const toc = [
    ['summary', 'Summary'],
    ['catalogue', 'Catalogue'],
    ['distributions', 'Distributions'],
    ['recommendation', 'Recommendation'],
    ['classification', 'Classification'],
    ['emerging', 'Emerging'],
    ['drivers', 'Audio and popularity'],
    ...(data.map?.status === 'ok' ? [['map', 'Map']] : []),
    ['appendix', 'Appendix'],
  ]
    .map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(data.title)}</h1><p class="note">${formatCount(o.tracks)} tracks from ${escapeHtml(data.source)}. Numbers: report.json.</p>
<nav aria-label="sections"><ol>${toc}</ol></nav></header>
<main>${sections.join('\n')}</main></body></html>
`;
}
