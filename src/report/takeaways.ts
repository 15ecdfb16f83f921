/**
 * Strategic takeaways, each sentence built from numbers in the report (no canned conclusions): a
 * takeaway whose evidence is missing (a section skipped on a small catalogue) is left out.
 */
import type { ReportData } from './data.js';

const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const num = (x: number, digits = 1) => x.toFixed(digits);

export function takeaways(data: ReportData): string[] {
  const out: string[] = [];
  const { overview } = data;

  // Catalogue hygiene: how much the raw export overstates the catalogue.
  if (overview.rows > 0) {
    out.push(
      `Deduplicate before counting: ${overview.rows.toLocaleString('en-US')} rows are ${overview.tracks.toLocaleString('en-US')} tracks ` +
        `(${pct(overview.duplicateRows / overview.rows)} of rows repeat a track_id, ${overview.multiGenreTrackIds.toLocaleString('en-US')} tracks carry several genres); ` +
        'any per-row count inflates multi-genre tracks.',
    );
  }

  // Audio features and popularity: the strongest linear association.
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
      const weak = Math.abs(bestR) < 0.3;
      const auc = data.emerging.hitModel
        ? `; a model of P(popularity >= ${data.emerging.hitModel.threshold}) from the 9 features reaches a held-out AUC of ${num(data.emerging.hitModel.auc, 3)}`
        : '';
      out.push(
        `${weak ? 'Sound alone does not make a hit' : 'Sound tracks popularity here'}: the audio feature most correlated with popularity is ${columns[best]} ` +
          `(r = ${num(bestR, 3)}, ${pct(bestR * bestR)} of variance)${auc}. ` +
          (weak
            ? 'Treat audio-based scores as a ranking signal for discovery, not a forecast.'
            : `Favour ${bestR > 0 ? 'higher' : 'lower'} ${columns[best]} when shortlisting, and check that the link holds on new releases.`),
      );
    }
  }

  const top = data.topGenres[0];
  if (top) {
    out.push(
      `The most popular genre on average is ${top.genre} (mean popularity ${num(top.meanPopularity)} over ${top.tracks} tracks); ` +
        `the top 10 by mean popularity are ${data.topGenres.map((g) => g.genre).join(', ')}.`,
    );
  }

  const { rf, gbdt } = data.classification;
  if (rf && gbdt) {
    const better = gbdt.accuracy > rf.accuracy ? 'gradient boosting' : 'the random forest';
    out.push(
      `${rf.accuracy >= 0.8 ? 'Genre is largely audible' : 'Genre labels are only partly audible'}: from the 9 audio features the random forest names the exact genre for ${pct(rf.accuracy)} of held-out tracks ` +
        `(${num(rf.accuracy / Math.max(rf.chanceAccuracy, 1e-12), 0)}x the ${pct(rf.chanceAccuracy)} of always guessing the commonest genre) and has it in its top 5 for ${pct(rf.top5Accuracy)}; ` +
        `${better} is ahead on top-1 accuracy (${pct(rf.accuracy)} vs ${pct(gbdt.accuracy)}). ${rf.accuracy >= 0.8 ? 'The classifier can tag untagged tracks, with spot checks.' : 'Use the classifier to suggest genre tags for review, not to assign them.'}`,
    );
    const overlap = rf.songOverlap;
    if (overlap.testTracks > 0) {
      out.push(
        `${pct(overlap.testTracks / rf.testRows)} of held-out tracks are another release or version of a song in the training set; the forest gets ` +
          `${pct(overlap.accuracy)} of those right against ${pct(overlap.otherAccuracy)} of the others, so expect about ${pct(overlap.otherAccuracy)} on genuinely new music.`,
      );
    }
    const best = data.classification.topGenres?.slice(0, 3).map((g) => `${g.genre} (F1 ${num(g.f1, 2)})`);
    const pair = rf.confusedPairs[0];
    if (best && pair) {
      out.push(
        `Genres with a distinct sound (${best.join(', ')}) can be targeted by audio profile; ${pct(pair.shareOfTrue)} of held-out ${pair.trueGenre} tracks ` +
          `were taken for ${pair.predictedGenre}, the most confused pair: such neighbours are natural cross-promotion audiences.`,
      );
    }
  }

  const artist = data.emerging.tracks.artists[0];
  const track = data.emerging.tracks.tracks[0];
  if (artist && track) {
    const w = data.emerging.tracks.window;
    out.push(
      `Audio-heuristic shortlist, not growth evidence (popularity ${w.minPopularity}-${w.maxPopularity}, ${data.emerging.tracks.poolSize.toLocaleString('en-US')} tracks): ` +
        `${artist.artist} leads the artists (${artist.tracks} songs, shrunken mean score ${num(artist.shrunkScore, 2)} vs pool mean ${num(data.emerging.tracks.poolMeanScore, 2)}); ` +
        `the top track is "${track.trackName}" by ${track.mainArtist} (score ${num(track.score, 2)}, popularity ${track.popularity}).`,
    );
  }
  const backtest = data.emerging.backtest;
  const model = backtest?.rows.find((r) => r.default);
  const notebook = backtest?.rows.find((r) => r.name === 'notebook heuristic');
  if (backtest && model && notebook) {
    out.push(
      `Tested against real earlier popularity (${backtest.tracks.toLocaleString('en-US')} tracks, ${pct(backtest.baseRate)} rose by ${backtest.threshold}+ points): ` +
        `the notebook's audio score ranks risers at AUC ${num(notebook.auc.value, 2)} (no signal); the rise model reaches AUC ${num(model.auc.value, 2)} ` +
        `and precision@100 ${pct(model.precision.find((p) => p.k === 100)?.estimate.value ?? Number.NaN)} (\`spotify-intel emerging\` lists it).`,
    );
  }

  const drivers = data.drivers.report;
  if (data.drivers.status === 'ok') {
    const insight = drivers.insights[0];
    out.push(
      `Popularity drivers differ by genre: ${drivers.significantCount} of ${drivers.tests} genre x feature effects are significant after ` +
        `Benjamini-Hochberg at ${pct(drivers.alpha, 0)}${insight ? `; the strongest: ${insight.text}` : '; none is strong enough to act on'}` +
        `${insight ? '' : '.'} Tune playlists per genre rather than with one global audio recipe.`,
    );
    for (const feature of Object.keys(data.drivers.rankings)) {
      const lead = data.drivers.rankings[feature]?.[0];
      if (lead?.significant) {
        out.push(
          `Where ${feature} pays most: in ${lead.genre}, +1 SD of ${feature} goes with ${num(lead.stdCoef)} popularity points (95% CI ${num(lead.stdCiLow)} to ${num(lead.stdCiHigh)}).`,
        );
      }
    }
  }
  return out;
}
