/**
 * The executive summary: about five findings, each a sentence built from numbers in the report (no
 * canned conclusions) with its caveat. A finding whose evidence is missing (a section skipped on a
 * small catalogue) is left out. Regression and confusion results are worded as associations.
 */
import { FULL_BOOSTING_ROUNDS, type ReportData } from './data.js';
import { formatCount, formatP, formatPoints, formatPopularity, formatScore, formatShare } from './format.js';
import { sampleSentence } from './sample.js';

export interface Finding {
  /** A short headline, then the finding with its numbers, then what limits it. */
  title: string;
  text: string;
  caveat: string;
}

/** Significant coefficients of one feature across the genres, and how many are negative. */
export function significantSigns(
  matrix: ReportData['drivers']['report']['matrix'],
  feature: string,
): { significant: number; negative: number } {
  const j = matrix.features.indexOf(feature as (typeof matrix.features)[number]);
  let significant = 0;
  let negative = 0;
  if (j < 0) return { significant, negative };
  matrix.genres.forEach((_genre, i) => {
    if (!matrix.significant[i]?.[j]) return;
    significant++;
    if ((matrix.stdCoef[i]?.[j] ?? 0) < 0) negative++;
  });
  return { significant, negative };
}

export function summaryFindings(data: ReportData): Finding[] {
  const out: Finding[] = [];
  const { overview } = data;
  const uneven = sampleSentence(data.sample);

  const top = data.topGenres[0];
  const meanPopularity = data.sample.meanPopularity;
  if (top) {
    out.push({
      title: 'Mean popularity differs widely by genre',
      text:
        `${top.genre} has the highest mean popularity (${formatPopularity(top.meanPopularity)} over ${formatCount(top.tracks)} tracks, against ${formatPopularity(meanPopularity)} over all tracks); ` +
        `the top 10 are ${data.topGenres.map((g) => g.genre).join(', ')}.`,
      caveat: `Means of an uneven sample, ${uneven}; a genre mean says nothing about a single track.`,
    });
  }

  const { columns, matrix } = overview.correlation;
  const popIndex = columns.indexOf('popularity');
  if (popIndex >= 0) {
    let best = -1;
    let bestR = 0;
    columns.forEach((c, i) => {
      const r = matrix[popIndex]?.[i] ?? Number.NaN;
      if (c !== 'popularity' && Number.isFinite(r) && Math.abs(r) > Math.abs(bestR)) {
        best = i;
        bestR = r;
      }
    });
    if (best >= 0) {
      const hit = data.emerging.hitModel;
      out.push({
        title: Math.abs(bestR) < 0.3 ? 'Sound says little about popularity' : 'Sound is associated with popularity',
        text:
          `The audio feature most correlated with popularity is ${columns[best]} (r = ${formatScore(bestR)}, ${formatShare(bestR * bestR)} of the variance)` +
          (hit
            ? `; a model of P(popularity >= ${hit.threshold}) from the 9 audio features reaches a held-out AUC of ${formatScore(hit.auc)}.`
            : '.'),
        caveat:
          'Correlations in one catalogue sample describe association, not what a change of sound would do; use audio scores to rank candidates for review.',
      });
    }
  }

  const { rf, gbdt } = data.classification;
  const boostingCapped = data.settings.boostingRounds < FULL_BOOSTING_ROUNDS;
  if (rf) {
    const pair = rf.confusedPairs[0];
    out.push({
      title: rf.accuracy >= 0.8 ? 'Genre is largely audible' : 'Genre labels are only partly audible',
      text:
        `From the 9 audio features the random forest names the exact primary genre of ${formatShare(rf.accuracy)} of held-out tracks ` +
        `(${(rf.accuracy / Math.max(rf.chanceAccuracy, 1e-12)).toFixed(0)}x the ${formatShare(rf.chanceAccuracy)} of always guessing the commonest genre${gbdt ? `; gradient boosting ${formatShare(gbdt.accuracy)}${boostingCapped ? ` at ${data.settings.boostingRounds} rounds, understated` : ''}` : ''}), ` +
        `${formatShare(rf.top5Accuracy)} in its top 5, and ${formatShare(rf.songOverlap.otherAccuracy)} on tracks whose song is not in training.` +
        (pair
          ? ` The most confused pair: ${formatShare(pair.shareOfTrue)} of ${pair.trueGenre} tracks were predicted as ${pair.predictedGenre}.`
          : ''),
      caveat: `Uneven classes, ${uneven}; a confusion shows two genres sound alike, not that they share listeners. Suggest tags for review, do not assign them.`,
    });
  }

  if (data.drivers.status === 'ok') {
    const report = data.drivers.report;
    const valence = significantSigns(report.matrix, 'valence');
    const strongest = report.insights[0];
    const strongestN = strongest && data.drivers.rankings[strongest.feature]?.find((r) => r.genre === strongest.genre)?.n;
    out.push({
      title: 'Audio-popularity associations differ by genre and are mostly small',
      text:
        `${formatCount(report.significantCount)} of ${formatCount(report.tests)} genre x feature coefficients are significant after Benjamini-Hochberg at a ${Math.round(report.alpha * 100)}% false discovery rate` +
        (valence.significant > 0
          ? `; ${valence.negative} of the ${valence.significant} significant valence coefficients are negative`
          : '') +
        (strongest
          ? `; the largest: in ${strongest.genre}, +1 SD of ${strongest.feature} goes with ${formatPoints(strongest.stdCoef)} popularity points (${strongestN === undefined ? '' : `n = ${strongestN}, `}adjusted p ${strongest.pAdjusted < 0.001 ? '<' : '='} ${formatP(strongest.pAdjusted).replace('<', '')}).`
          : '.'),
      caveat: `One regression per genre on ${data.sample.smallest[0]?.tracks ?? '-'} to ${data.sample.largest[0]?.tracks ?? '-'} tracks; associations within this sample, not the result of changing a track's sound. One audio recipe for all genres does not fit.`,
    });
  }

  const backtest = data.emerging.backtest;
  const model = backtest?.rows.find((r) => r.default);
  const notebook = backtest?.rows.find((r) => r.name === 'notebook heuristic');
  if (backtest && model && notebook) {
    const precision100 = model.precision.find((p) => p.k === 100)?.estimate.value ?? Number.NaN;
    out.push({
      title: "The notebook's audio score does not find risers; the rise model does better",
      text:
        `On ${formatCount(backtest.tracks)} tracks with an earlier popularity (${formatShare(backtest.baseRate)} rose by ${backtest.threshold}+ points), ` +
        `the notebook's audio score ranks risers at AUC ${formatScore(notebook.auc.value)} (0.50 is chance); the rise model reaches AUC ${formatScore(model.auc.value)} ` +
        `and ${formatShare(precision100)} risers among its top 100 (${(precision100 / Math.max(backtest.baseRate, 1e-12)).toFixed(1)}x the base rate).`,
      caveat: `Tested once, on this catalogue against its earlier snapshots (up to ${backtest.asOf}), with out-of-fold scores; the lists are candidates to review, not forecasts of hits.`,
    });
  } else {
    const track = data.emerging.tracks.tracks[0];
    if (track) {
      out.push({
        title: 'Emerging lists are an audio heuristic',
        text: `Without earlier snapshots the emerging list ranks how tracks sound; its top track is "${track.trackName}" by ${track.mainArtist} (score ${formatScore(track.score)}, popularity ${track.popularity}).`,
        caveat: 'No growth evidence: nothing here measures a rise.',
      });
    }
  }
  return out;
}
