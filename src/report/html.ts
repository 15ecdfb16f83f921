/**
 * report.html: one self-contained file (inline CSS and SVG, no script, font, image or link to fetch).
 * Every number shown comes from the ReportData object written next to it as report.json.
 */

import { renderSvg } from '../charts/render.js';
import {
  barChart,
  coefficientHeatmap,
  componentBars,
  correlationHeatmap,
  intervalChart,
  PALETTE,
  popularityChart,
} from '../charts/specs.js';
import type { ClassScores } from '../classify/metrics.js';
import type { ReportData } from './data.js';
import { mapCaption, mapFigureSvg } from './mapFigure.js';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const fmt = (x: number, digits = 3) =>
  Number.isFinite(x) ? Number(x.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits }) : '-';
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function table(headers: string[], rows: (string | number)[][], numericFrom = 1): string {
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => `<td${i >= numericFrom && typeof c === 'number' ? ' class="n"' : ''}>${escapeHtml(typeof c === 'number' ? fmt(c) : c)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

async function figure(svg: Promise<string>, caption: string): Promise<string> {
  return `<figure>${await svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function classRows(rows: readonly ClassScores[]): (string | number)[][] {
  return rows.map((g) => [g.genre, g.precision, g.recall, g.f1, g.support]);
}

const STYLE = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #555; --rule: #ddd; --accent: ${PALETTE[0]}; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); margin: 0; }
header, main { max-width: 1100px; margin: 0 auto; padding: 0 16px; }
header { border-bottom: 3px solid var(--accent); padding-top: 16px; }
h1 { margin: 0 0 4px; } h2 { border-bottom: 1px solid var(--rule); padding-bottom: 4px; margin-top: 40px; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 20px; padding-left: 0; list-style-position: inside; }
a { color: var(--accent); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border-bottom: 1px solid var(--rule); padding: 3px 8px; text-align: left; vertical-align: top; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 16px 0; overflow-x: auto; } figcaption { color: var(--muted); font-size: 13px; }
svg { max-width: 100%; height: auto; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(320px, 1fr)); gap: 16px; }
.note { color: var(--muted); font-size: 13px; }
.kpi { display: flex; flex-wrap: wrap; gap: 12px; padding: 0; list-style: none; }
.kpi li { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 12px; }
.kpi b { display: block; font-size: 20px; }
`;

export async function renderReportHtml(data: ReportData): Promise<string> {
  const o = data.overview;
  const sections: string[] = [];

  // 1. Overview and cleaning.
  const kpis: [string, number][] = [
    ['rows', o.rows],
    ['unique track_ids', o.uniqueTrackIds],
    ['duplicate rows', o.duplicateRows],
    ['multi-genre tracks', o.multiGenreTrackIds],
    ['tracks after cleaning', o.tracks],
    ['distinct artists', o.distinctArtists],
    ['genres', o.genreCount],
  ];
  sections.push(`<section id="overview"><h2>1. Data overview and cleaning</h2>
<p>Source: <code>${escapeHtml(data.source)}</code>.</p>
<ul class="kpi">${kpis.map(([k, v]) => `<li><b>${fmt(v, 0)}</b>${escapeHtml(k)}</li>`).join('')}</ul>
${table(
  ['step', 'rows in', 'rows out', 'reason'],
  o.cleaningLog.map((s) => [s.step, s.rowsIn, s.rowsOut, s.reason]),
)}
<p class="note">${fmt(o.conflictingPopularityTrackIds, 0)} track_ids have conflicting popularity across their rows (${fmt(o.conflictingPopularityRows, 0)} rows);
${fmt(o.multiGenreRows, 0)} rows belong to multi-genre tracks; ${fmt(o.missingNameRows, 0)} rows miss a name; ${fmt(o.invalidRows, 0)} invalid rows.
A track keeps its first row's values and the set of all its genres.</p>
${table(
  ['column', 'count', 'mean', 'std', 'min', '25%', '50%', '75%', 'max'],
  Object.entries(data.describe).map(([c, s]) => [c, s.count, s.mean, s.std, s.min, s.p25, s.p50, s.p75, s.max]),
)}
</section>`);

  // 2. Distributions, genres, correlations.
  const byTracks = [...data.genres].sort((a, b) => b.tracks - a.tracks || a.genre.localeCompare(b.genre));
  sections.push(`<section id="distributions"><h2>2. Popularity, genres and correlations</h2>
${await figure(
  renderSvg(popularityChart(o.popularityHistogram, o.popularityBinEdges, o.popularityDensity)),
  `Popularity of the ${fmt(o.tracks, 0)} cleaned tracks: 20 bins of 5 points; line: Gaussian kernel density (Scott's bandwidth ${fmt(o.popularityDensity.bandwidth)}).`,
)}
<div class="grid">
${await figure(
  renderSvg(
    barChart(
      data.topGenres.map((g) => ({ label: g.genre, value: g.meanPopularity })),
      { title: 'Top 10 genres by mean popularity', value: 'mean popularity' },
      { width: 320, color: PALETTE[2] },
    ),
  ),
  'Mean popularity over distinct (track, genre) pairs.',
)}
${await figure(
  renderSvg(
    barChart(
      byTracks.map((g) => ({ label: g.genre, value: g.tracks })),
      { title: `Tracks per genre (${data.genres.length} genres)`, value: 'tracks' },
      { width: 320, height: Math.max(80, byTracks.length * 10) },
    ),
  ),
  'A track with several genres counts in each.',
)}
</div>
${table(
  ['genre', 'tracks', 'mean popularity'],
  data.topGenres.map((g) => [g.genre, g.tracks, g.meanPopularity]),
)}
${await figure(renderSvg(correlationHeatmap(o.correlation.columns, o.correlation.matrix)), 'Pearson r over the cleaned tracks.')}
</section>`);

  // 3. Recommendation.
  const rec = data.recommendation;
  const recTable = (result: typeof rec.numbers.result) =>
    table(
      ['#', 'track', 'artist', 'genres', 'popularity', 'match', 'why'],
      result.results.map((r) => [
        String(r.rank),
        r.trackName,
        r.artists,
        r.genres.join(', '),
        r.popularity,
        r.match ?? r.similarity ?? '',
        r.explanation.reason,
      ]),
      4,
    );
  sections.push(`<section id="recommendation"><h2>3. Recommendation example</h2>
<p>The notebook's preference in numbers (danceability, energy, loudness, speechiness, acousticness, instrumentalness, liveness, valence, tempo):
<code>${escapeHtml(rec.numbers.targets)}</code>; ranked by distance on standardized features (match = exp(-d&sup2;/2), d the RMS distance in standard deviations), one version per song, at most 2 tracks per artist,
pool ${fmt(rec.numbers.result.poolSize, 0)} tracks.</p>
${recTable(rec.numbers.result)}
<p>The same taste in words: <code>${escapeHtml(rec.phrases.text)}</code> (levels are the catalogue's percentiles:
${escapeHtml(rec.phrases.result.targets.map((t) => `${t.label} = ${fmt(t.value)}`).join('; '))}).</p>
${recTable(rec.phrases.result)}
</section>`);

  // 4. Classification.
  const c = data.classification;
  if (c.status === 'ok' && c.rf && c.gbdt) {
    const rf = c.rf;
    const gbdt = c.gbdt;
    const compare = (label: string, pick: (e: typeof rf) => number) => [label, pick(rf), pick(gbdt)];
    sections.push(`<section id="classification"><h2>4. Genre classification</h2>
<p>Label: each track's primary genre (${fmt(rf.classes, 0)} genres); features: the 9 audio features; stratified 80/20 split by track (seed ${c.settings.seed}):
${fmt(rf.trainRows, 0)} training and ${fmt(rf.testRows, 0)} test tracks. Random forest: ${c.settings.forestTrees} trees, balanced class weights.
Gradient boosting: at most ${c.settings.boostingRounds} rounds in this report (${fmt(gbdt.iterations ?? 0, 0)} kept by early stopping; the
<code>classify</code> command allows 400), so its numbers here may understate it.</p>
${table(
  ['metric', 'random forest', 'gradient boosting'],
  [
    compare('accuracy', (e) => e.accuracy),
    compare('macro F1', (e) => e.macroF1),
    compare('weighted F1', (e) => e.weightedF1),
    compare('top-3 accuracy', (e) => e.top3Accuracy),
    compare('top-5 accuracy', (e) => e.top5Accuracy),
    compare('any-genre accuracy', (e) => e.anyGenreAccuracy),
    compare(`accuracy on the ${fmt(rf.songOverlap.testTracks, 0)} test tracks whose song is in training`, (e) => e.songOverlap.accuracy),
    compare('accuracy on the other test tracks', (e) => e.songOverlap.otherAccuracy),
    compare('chance (commonest genre)', (e) => e.chanceAccuracy),
    compare('fit seconds', (e) => e.trainSeconds),
  ],
)}
<div class="grid"><div><h3>Best 10 genres (F1, random forest)</h3>${table(['genre', 'precision', 'recall', 'F1', 'support'], classRows(c.topGenres ?? []))}</div>
<div><h3>Worst 10 genres</h3>${table(['genre', 'precision', 'recall', 'F1', 'support'], classRows(c.bottomGenres ?? []))}</div></div>
<p class="note">A split by track lets another release or version of a test track's song (same title and main artist, or identical audio)
sit in the training set; models that memorize, like a fully grown forest, score far higher on those tracks, so the "other test tracks" row is
the better guide for new music (<code>classify evaluate --split song</code> keeps every song on one side).</p>
<p class="note">The full per-genre table is in report.json (<code>classification.rf.perGenre</code>) and sortable in the dashboard.</p>
<div class="grid">
${await figure(
  renderSvg(
    barChart(
      [...rf.importances].sort((a, b) => b.importance - a.importance).map((i) => ({ label: i.feature, value: i.importance })),
      { title: 'Feature importance (random forest, mean decrease in impurity)', value: 'importance' },
      { width: 320 },
    ),
  ),
  'Importances sum to 1.',
)}
<div><h3>Most confused genre pairs</h3>${table(
      ['true genre', 'predicted as', 'tracks', 'share of true'],
      rf.confusedPairs.slice(0, 10).map((p) => [p.trueGenre, p.predictedGenre, p.count, pct(p.shareOfTrue)]),
    )}</div></div>
</section>`);
  } else {
    sections.push(
      `<section id="classification"><h2>4. Genre classification</h2><p>Skipped on this catalogue: ${escapeHtml(c.reason ?? 'not enough tracks')}.</p></section>`,
    );
  }

  // 5. Emerging.
  const em = data.emerging.tracks;
  const bt = data.emerging.backtest;
  const backtestHtml = bt
    ? `<h3>Backtest against earlier popularity</h3>
<p>${fmt(bt.tracks, 0)} tracks whose earlier popularity was ${bt.window.minPopularity}-${bt.window.maxPopularity}; a riser gained &ge; ${bt.threshold} points by ${escapeHtml(bt.asOf)}: base rate ${pct(bt.baseRate)}. Brackets: 95% bootstrap intervals (${bt.resamples} resamples, seed ${bt.seed}); the last column is each AUC minus that of earlier popularity alone, paired.</p>
${table(
  ['ranking', ...(bt.rows[0]?.precision ?? []).map((p) => `precision@${p.k}`), 'AUC', 'Spearman', 'AUC vs earlier alone'],
  bt.rows.map((r) => [
    `${r.name}${r.default ? ' (default)' : ''}`,
    ...r.precision.map((p) => `${fmt(p.estimate.value, 2)} [${fmt(p.estimate.low, 2)}, ${fmt(p.estimate.high, 2)}]`),
    `${fmt(r.auc.value)} [${fmt(r.auc.low)}, ${fmt(r.auc.high)}]`,
    `${fmt(r.spearman.value)} [${fmt(r.spearman.low)}, ${fmt(r.spearman.high)}]`,
    r.aucVsEarlier ? `${fmt(r.aucVsEarlier.value)} [${fmt(r.aucVsEarlier.low)}, ${fmt(r.aucVsEarlier.high)}]` : 'reference',
  ]),
  1,
)}`
    : '';
  sections.push(`<section id="emerging"><h2>5. Emerging tracks and artists</h2>
<p>${escapeHtml(data.emerging.note)}</p>
<p>Popularity window ${em.window.minPopularity}-${em.window.maxPopularity}: ${fmt(em.poolSize, 0)} tracks, ${fmt(em.entries, 0)} songs after folding versions.
Score = ${escapeHtml(
    Object.entries(em.weights)
      .map(([f, w], i) => `${(w as number) < 0 ? '- ' : i > 0 ? '+ ' : ''}${fmt(Math.abs(w as number), 4)} x ${f}`)
      .join(' '),
  )}. Artists (at least ${em.minTracks} songs) are ranked by a shrunken mean (prior strength ${em.priorStrength}, pool mean ${fmt(em.poolMeanScore)}).
${data.emerging.hitModel ? `Hit-likeness model (P(popularity &ge; ${data.emerging.hitModel.threshold})): held-out ROC AUC ${fmt(data.emerging.hitModel.auc)}.` : ''}</p>
<div class="grid">
${await figure(
  renderSvg(
    componentBars(
      em.tracks.map((t) => ({ label: `${t.rank}. ${t.trackName} - ${t.mainArtist}`.slice(0, 60), components: t.components })),
      { title: 'Top 10 emerging tracks: score by component', value: 'score' },
      { width: 320 },
    ),
  ),
  'Each bar adds up to the track score (loudness enters negatively).',
)}
${await figure(
  renderSvg(
    barChart(
      em.artists.map((a) => ({ label: `${a.rank}. ${a.artist}`, value: a.shrunkScore })),
      { title: 'Top 10 emerging artists (shrunken mean score)', value: 'shrunken mean score' },
      { width: 320, color: PALETTE[1] },
    ),
  ),
  'Shrunken toward the pool mean: artists with few songs need a higher mean.',
)}
</div>
${table(
  ['#', 'track', 'artist', 'genres', 'popularity', 'score', 'other versions'],
  em.tracks.map((t) => [String(t.rank), t.trackName, t.mainArtist, t.genres.join(', '), t.popularity, t.score, t.otherVersions]),
  4,
)}
${table(
  ['#', 'artist', 'songs', 'mean score', 'shrunken', 'mean popularity', 'best track'],
  em.artists.map((a) => [String(a.rank), a.artist, a.tracks, a.meanScore, a.shrunkScore, a.meanPopularity, a.topTrack.trackName]),
  2,
)}
${backtestHtml}
</section>`);

  // 6. Drivers.
  const d = data.drivers;
  if (d.status === 'ok') {
    const charts: string[] = [];
    for (const [feature, rows] of Object.entries(d.rankings)) {
      charts.push(
        await figure(
          renderSvg(
            intervalChart(
              rows.map((r) => ({ label: r.genre, estimate: r.stdCoef, low: r.stdCiLow, high: r.stdCiHigh, significant: r.significant })),
              { title: `Top 10 genres for ${feature}`, value: 'popularity points per SD' },
              { width: 280 },
            ),
          ),
          `Standardized OLS coefficient of ${feature} with its 95% interval; filled circle: significant after Benjamini-Hochberg, hollow square: not.`,
        ),
      );
    }
    const m = d.report.matrix;
    sections.push(`<section id="drivers"><h2>6. What drives popularity, by genre</h2>
<p>${escapeHtml(d.report.summary)}</p>
<div class="grid">${charts.join('\n')}</div>
${Object.entries(d.rankings)
  .map(
    ([feature, rows]) =>
      `<h3>${escapeHtml(feature)}</h3>${table(
        ['#', 'genre', 'n', 'points per SD', '95% CI', 'adjusted p', 'significant'],
        rows.map((r) => [
          String(r.rank),
          r.genre,
          r.n,
          r.stdCoef,
          `${fmt(r.stdCiLow, 2)} to ${fmt(r.stdCiHigh, 2)}`,
          r.pAdjusted,
          r.significant ? 'yes' : 'no',
        ]),
        2,
      )}`,
  )
  .join('\n')}
${await figure(renderSvg(coefficientHeatmap(m.features, m.genres, m.stdCoef, m.significant)), 'Blue: popularity falls as the feature rises; orange: it rises.')}
<h3>Insights (significant effects, strongest first)</h3>
<ul>${d.report.insights
      .slice(0, 15)
      .map((i) => `<li>${escapeHtml(i.text)}</li>`)
      .join('')}</ul>
<p class="note">${d.report.insights.length} significant effects in all (listed in report.json).</p>
<h3>The notebook's claims, checked</h3>
${table(
  ['claim', 'genre', 'feature', 'verdict'],
  d.report.notebookClaims.map((cl) => [cl.claim, cl.genre, cl.feature, cl.verdict]),
  9,
)}
</section>`);
  } else {
    sections.push(
      `<section id="drivers"><h2>6. What drives popularity, by genre</h2><p>Skipped: ${escapeHtml(d.reason ?? '')}.</p></section>`,
    );
  }

  // The map (its own small section, before the takeaways).
  if (data.map?.status === 'ok' && data.map.density && data.map.genres) {
    sections.push(`<section id="map"><h2>Map of the catalogue</h2>
<figure>${mapFigureSvg(data.map.density, data.map.genres)}<figcaption>${escapeHtml(mapCaption(data.map))}</figcaption></figure></section>`);
  }

  // 7. Takeaways.
  sections.push(`<section id="takeaways"><h2>7. Strategic takeaways</h2>
<ol>${data.takeaways.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ol>
<p class="note">Generated from the numbers above.</p></section>`);

  const toc = [
    ['overview', 'Overview'],
    ['distributions', 'Distributions'],
    ['recommendation', 'Recommendation'],
    ['classification', 'Classification'],
    ['emerging', 'Emerging'],
    ['drivers', 'Drivers'],
    ...(data.map?.status === 'ok' ? [['map', 'Map']] : []),
    ['takeaways', 'Takeaways'],
  ]
    .map(([id, label]) => `<li><a href="#${id}">${label}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(data.title)}</h1><p class="note">${fmt(o.tracks, 0)} tracks from ${escapeHtml(data.source)}. Numbers: report.json.</p>
<nav aria-label="sections"><ol>${toc}</ol></nav></header>
<main>${sections.join('\n')}</main></body></html>
`;
}
