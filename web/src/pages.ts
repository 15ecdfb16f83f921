/** The five pages (the Map page is in mapPage.ts). Each renders into `main`, with its own loading and error states. */
import { barChart, coefficientHeatmap, componentBars, correlationHeatmap, intervalChart, popularityChart } from '../../src/charts/specs.js';
import { csvCell } from '../../src/data/csvCell.js';
import { NARROW_CHART } from './chartFit.js';
import {
  api,
  chart,
  debounce,
  el,
  FEATURES,
  featureSliders,
  featureValue,
  fmt,
  percent,
  sortableTable,
  trackSearch,
  withStates,
} from './ui.js';

interface Genre {
  genre: string;
  tracks: number;
  meanPopularity: number;
}

let genreList: Promise<Genre[]> | undefined;
function genres(): Promise<Genre[]> {
  genreList ??= api<{ genres: Genre[] }>('/api/genres')
    .then((r) => r.genres)
    .catch((error: unknown) => {
      genreList = undefined;
      throw error;
    });
  return genreList;
}

function panel(title: string, ...children: Node[]): HTMLElement {
  return el('section', { class: 'panel' }, el('h3', {}, title), ...children);
}

export async function explorePage(main: HTMLElement): Promise<void> {
  main.replaceChildren(el('h2', {}, 'Explore'));
  const body = el('div');
  main.append(body);
  await withStates(body, async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the exploration is plain JSON from the API
    const x: any = await api('/api/explore');
    const kpi = el(
      'ul',
      { class: 'kpi' },
      ...(
        [
          ['rows', x.rows],
          ['unique track_ids', x.uniqueTrackIds],
          ['duplicate rows', x.duplicateRows],
          ['multi-genre tracks', x.multiGenreTrackIds],
          ['tracks', x.tracks],
          ['artists', x.distinctArtists],
        ] as [string, number][]
      ).map(([k, v]) => el('li', {}, el('b', {}, fmt(v, 0)), k)),
    );
    const popularity = el('div');
    const top = el('div');
    const corr = el('div');
    const search = el('input', { type: 'search', placeholder: 'filter genres', 'aria-label': 'filter genres' });
    const table = el('div');
    const drawTable = () => {
      const q = search.value.trim().toLowerCase();
      table.replaceChildren(
        sortableTable(
          (x.genres as Genre[]).filter((g) => g.genre.includes(q)),
          [
            { label: 'genre', value: (g) => g.genre },
            { label: 'tracks', value: (g) => g.tracks, digits: 0 },
            { label: 'mean popularity', value: (g) => g.meanPopularity, digits: 1 },
          ],
          { label: 'Genres', initial: 2, descending: true },
        ),
      );
    };
    search.addEventListener('input', drawTable);
    drawTable();
    body.replaceChildren(
      kpi,
      el(
        'div',
        { class: 'grid' },
        panel('Popularity of tracks (histogram and density)', popularity),
        panel('Top 10 genres by mean popularity', top),
      ),
      el(
        'div',
        { class: 'grid' },
        panel('Genres', search, table),
        panel('Correlations (Pearson r, 9 audio features and popularity)', corr),
      ),
      panel(
        'Cleaning log (in the order the steps run)',
        sortableTable(
          (x.cleaningLog as { step: string; rowsIn: number; rowsOut: number; reason: string }[]).map((s, i) => ({ ...s, order: i + 1 })),
          [
            { label: '#', value: (s) => s.order, digits: 0 },
            { label: 'step', value: (s) => s.step },
            { label: 'rows in', value: (s) => s.rowsIn, digits: 0 },
            { label: 'rows out', value: (s) => s.rowsOut, digits: 0 },
            { label: 'reason', value: (s) => s.reason, wrap: true },
          ],
          { label: 'Cleaning log' },
        ),
      ),
    );
    const byName = new Map((x.genres as Genre[]).map((g) => [g.genre, g]));
    await Promise.all([
      chart(popularity, popularityChart(x.popularityHistogram, x.popularityBinEdges, x.popularityDensity, { width: 'container' })),
      chart(
        top,
        barChart(
          (x.topGenresByPopularity as string[]).map((g) => ({ label: g, value: byName.get(g)?.meanPopularity ?? 0 })),
          { title: '', value: 'mean popularity' },
          { width: 'container' },
        ),
      ),
      chart(corr, (width) =>
        correlationHeatmap(
          x.correlation.columns,
          x.correlation.matrix,
          width < NARROW_CHART ? { width: 'container', height: 300, compactCells: true } : { width: 360, height: 360 },
        ),
      ),
    ]);
  });
}

// biome-ignore lint/suspicious/noExplicitAny: API answers are plain JSON
type Json = any;

/** The match (distance queries, 2 decimals) or the cosine similarity (cosine queries). */
function closeness(r: Json): string {
  return r.similarity !== undefined ? `similarity ${fmt(r.similarity)}` : `match ${fmt(r.match)}`;
}

/** The query's profile beside the track's: one chip per feature the query uses, far ones marked. */
function profile(r: Json): HTMLElement {
  return el(
    'div',
    { class: 'profile', title: 'track vs query' },
    ...r.explanation.features.map((f: Json) =>
      el(
        'span',
        { class: f.gap > 1 ? 'chip far' : f.gap <= 0.5 ? 'chip close' : 'chip' },
        `${f.feature} ${featureValue(f.feature, f.value)}`,
        el('small', {}, ` vs ${featureValue(f.feature, f.target)}`),
      ),
    ),
  );
}

export async function recommendPage(main: HTMLElement): Promise<void> {
  main.replaceChildren(el('h2', {}, 'Recommend'));
  const phrase = el('input', { type: 'text', id: 'phrase', placeholder: 'e.g. high energy, fast tempo, happy mood', size: '40' });
  const genre = el('select', { id: 'genre-filter' }, el('option', { value: '' }, 'any genre'));
  const noExplicit = el('input', { type: 'checkbox', id: 'no-explicit' });
  const minPop = el('input', { type: 'number', id: 'min-pop', min: '0', max: '100', value: '0', style: 'width:5em' });
  const maxPop = el('input', { type: 'number', id: 'max-pop', min: '0', max: '100', value: '100', style: 'width:5em' });
  let seed: string | undefined;
  const results = el('div', { id: 'results', 'aria-live': 'polite' });
  const update = debounce(() => void refresh(), 250);
  const sliders = featureSliders(update, { ignorable: true, ignoredByDefault: true });
  // Collapsed on a phone so the results are not below nine sliders; open on a wide screen.
  const tune = el('details', { id: 'tune' }, el('summary', {}, 'Fine-tune features'), sliders.node);
  if (window.innerWidth > 700) tune.setAttribute('open', '');
  let last: Json;
  const copy = el('button', { type: 'button', class: 'secondary' }, 'Copy as playlist (URIs)');
  const csv = el('button', { type: 'button', class: 'secondary' }, 'Download CSV');
  const copied = el('span', { role: 'status' });
  copy.addEventListener('click', async () => {
    const text = (last?.results ?? []).map((r: Json) => r.uri).join('\n');
    try {
      await navigator.clipboard.writeText(text);
      copied.textContent = `copied ${last?.results?.length ?? 0} URIs`;
    } catch {
      copied.textContent = 'the browser refused the clipboard; the URIs are in the CSV';
    }
  });
  csv.addEventListener('click', () => {
    const rows = [
      ['rank', 'track_id', 'track_name', 'artists', 'popularity', last?.metric === 'cosine' ? 'similarity' : 'match', 'uri', 'reason'],
    ];
    for (const r of last?.results ?? [])
      rows.push([r.rank, r.trackId, r.trackName, r.artists, r.popularity, r.similarity ?? r.match, r.uri, r.explanation.reason]);
    const text = rows.map((row) => row.map((c) => csvCell(c ?? '')).join(',')).join('\n');
    const a = el('a', { href: URL.createObjectURL(new Blob([text], { type: 'text/csv' })), download: 'recommendations.csv' });
    a.click();
    URL.revokeObjectURL(a.href);
  });

  async function refresh(): Promise<void> {
    const params = new URLSearchParams({ limit: '10' });
    if (phrase.value.trim()) params.set('like', phrase.value.trim());
    for (const [f, v] of Object.entries(sliders.values())) params.set(`target_${f}`, String(v));
    if (seed) params.set('seed_tracks', seed);
    if (genre.value) params.set('seed_genres', genre.value);
    if (noExplicit.checked) params.set('explicit', 'false');
    if (minPop.value !== '0') params.set('min_popularity', minPop.value);
    if (maxPop.value !== '100') params.set('max_popularity', maxPop.value);
    if (![...params.keys()].some((k) => k !== 'limit')) {
      results.replaceChildren(el('p', {}, 'Type a phrase, move a slider or pick a seed track.'));
      return;
    }
    results.replaceChildren();
    await withStates(
      results,
      async () => {
        last = await api(`/api/recommend?${params}`);
        results.replaceChildren(
          el(
            'p',
            {},
            `${last.results.length} tracks from a pool of ${fmt(last.poolSize, 0)}. `,
            seed
              ? el(
                  'a',
                  { id: 'show-on-map', href: `#/map?seed=${seed}&results=${last.results.map((r: Json) => r.trackId).join(',')}` },
                  'Show on map',
                )
              : null,
          ),
          el(
            'ol',
            { class: 'results' },
            ...last.results.map((r: Json) =>
              el(
                'li',
                {},
                el('a', { href: r.url, target: '_blank', rel: 'noopener' }, `${r.trackName} — ${r.artists.replaceAll(';', ', ')}`),
                ' ',
                el('b', { class: 'match' }, closeness(r)),
                ` (${r.genres.join(', ')}; popularity ${r.popularity})`,
                profile(r),
                el('div', { class: 'why' }, r.explanation.reason),
              ),
            ),
          ),
        );
      },
      'Finding tracks',
    );
  }

  for (const input of [phrase, minPop, maxPop]) input.addEventListener('input', update);
  for (const input of [genre, noExplicit]) input.addEventListener('change', update);
  main.append(
    el(
      'div',
      { class: 'grid' },
      el(
        'section',
        { class: 'panel' },
        el('label', { for: 'phrase' }, 'Describe the taste'),
        phrase,
        trackSearch('Seed track', (track) => {
          seed = track?.trackId;
          update();
        }),
        tune,
        el(
          'div',
          { class: 'row' },
          el('label', {}, 'Genre ', genre),
          el('label', {}, noExplicit, ' no explicit tracks'),
          el('label', {}, 'popularity ', minPop, ' to ', maxPop),
        ),
      ),
      el('section', { class: 'panel' }, el('div', { class: 'row' }, copy, csv, copied), results),
    ),
  );
  void refresh();
  genres()
    .then((list) => genre.append(...list.map((g) => el('option', { value: g.genre }, g.genre))))
    .catch((error: unknown) => results.prepend(el('p', { class: 'error', role: 'alert' }, `Could not load genres: ${String(error)}`)));
}

export async function genresPage(main: HTMLElement): Promise<void> {
  main.replaceChildren(el('h2', {}, 'Genres'));
  const prediction = el('div', { id: 'prediction', 'aria-live': 'polite' });
  const predictNow = async () => {
    prediction.replaceChildren();
    await withStates(
      prediction,
      async () => {
        const answer: Json = await api('/api/classify?top=5', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(sliders.values()),
        });
        const guesses = answer.results[0].genres as { genre: string; probability: number }[];
        prediction.replaceChildren(
          el(
            'ol',
            { class: 'guesses' },
            ...guesses.map((g) => el('li', {}, `${g.genre} `, el('span', { class: 'why' }, percent(g.probability)))),
          ),
          el('p', { class: 'why' }, answer.model),
        );
      },
      'Predicting',
    );
  };
  /** A catalogue track: the model's out-of-bag guess beside the genres the catalogue gives it. */
  const guessTrack = async (trackId: string) => {
    prediction.replaceChildren();
    await withStates(
      prediction,
      async () => {
        const answer: Json = await api(`/api/classify/track?id=${encodeURIComponent(trackId)}&top=5`);
        const truth = new Set(answer.trueGenres as string[]);
        prediction.replaceChildren(
          el('p', {}, 'True genres: ', el('b', { id: 'true-genres' }, (answer.trueGenres as string[]).join(', '))),
          el(
            'ol',
            { class: 'guesses' },
            ...(answer.genres as { genre: string; probability: number }[]).map((g) =>
              el(
                'li',
                truth.has(g.genre) ? { class: 'right' } : {},
                `${g.genre} `,
                el('span', { class: 'why' }, percent(g.probability)),
                truth.has(g.genre) ? el('span', { class: 'right-mark' }, ' ✓ a true genre') : null,
              ),
            ),
          ),
          el(
            'p',
            { class: 'why', id: 'guess-basis' },
            answer.basis === 'out-of-bag'
              ? `Out-of-bag: only the ${answer.trees.voted} of ${answer.trees.total} trees that never saw this track voted, so this is a fair test of the model.`
              : 'The model was trained on this track, so this guess is no test of it (move a slider for a fresh prediction).',
          ),
        );
      },
      'Predicting',
    );
  };
  const predict = debounce(() => void predictNow(), 250);
  const sliders = featureSliders(predict, { ignorable: false });
  const button = el('button', { type: 'button', id: 'predict' }, 'Predict the genre');
  button.addEventListener('click', () => void predictNow());
  const report = el('div');
  main.append(
    el(
      'div',
      { class: 'grid' },
      panel(
        'Predict a genre',
        trackSearch('Start from a track', (track) => {
          if (!track) return;
          sliders.set(track.features);
          void guessTrack(track.trackId);
        }),
        sliders.node,
        button,
        prediction,
      ),
      el('div', {}, report),
    ),
  );
  await withStates(
    report,
    async () => {
      const e: Json = await api('/api/classify/report');
      const importances = el('div');
      report.replaceChildren(
        panel(
          'Evaluation',
          el(
            'p',
            {},
            `Random forest (${e.featureNames.length} audio features, seed ${e.seed}) on ${fmt(e.testRows, 0)} held-out tracks: accuracy ${percent(e.accuracy)}, ` +
              `top-5 ${percent(e.top5Accuracy)}, macro F1 ${fmt(e.macroF1)}; chance ${percent(e.chanceAccuracy)}.` +
              (e.songOverlap?.testTracks
                ? ` ${fmt(e.songOverlap.testTracks, 0)} of the held-out tracks are another release or version of a song in training: ` +
                  `${percent(e.songOverlap.accuracy)} right on those, ${percent(e.songOverlap.otherAccuracy)} on the others (the better guide for new music).`
                : ''),
          ),
        ),
        panel(
          'Classification report',
          sortableTable(
            e.perGenre as { genre: string; precision: number; recall: number; f1: number; support: number }[],
            [
              { label: 'genre', value: (g) => g.genre },
              { label: 'precision', value: (g) => g.precision },
              { label: 'recall', value: (g) => g.recall },
              { label: 'F1', value: (g) => g.f1 },
              { label: 'support', value: (g) => g.support, digits: 0 },
            ],
            { label: 'Classification report', initial: 3, descending: true },
          ),
        ),
        panel(
          'Most confused pairs',
          sortableTable(
            (e.confusedPairs as { trueGenre: string; predictedGenre: string; count: number; shareOfTrue: number }[]).slice(0, 20),
            [
              { label: 'true', value: (p) => p.trueGenre },
              { label: 'predicted', value: (p) => p.predictedGenre },
              { label: 'tracks', value: (p) => p.count, digits: 0 },
              { label: 'share of true', value: (p) => p.shareOfTrue, format: percent },
            ],
            { label: 'Most confused pairs', initial: 2, descending: true },
          ),
        ),
        panel('Feature importance', importances),
      );
      await chart(
        importances,
        barChart(
          [...(e.importances as { feature: string; importance: number }[])]
            .sort((a, b) => b.importance - a.importance)
            .map((i) => ({ label: i.feature, value: i.importance })),
          { title: '', value: 'importance' },
          { width: 'container' },
        ),
      );
    },
    'Evaluating the classifier (a few seconds the first time)',
  );
}

export async function emergingPage(main: HTMLElement): Promise<void> {
  main.replaceChildren(el('h2', {}, 'Emerging'));
  const minPop = el('input', { type: 'number', id: 'em-min', min: '0', max: '100', value: '40', style: 'width:5em' });
  const maxPop = el('input', { type: 'number', id: 'em-max', min: '0', max: '100', value: '70', style: 'width:5em' });
  const by = el(
    'select',
    { id: 'em-by' },
    el('option', { value: 'heuristic' }, 'heuristic score'),
    el('option', { value: 'hit-likeness' }, 'hit-likeness model'),
  );
  const weights = FEATURES.map((f) => el('input', { type: 'text', 'data-weight': f, size: '7', 'aria-label': `weight of ${f}` }));
  // The default weights, as the first answer states them: a box holding its default sends nothing.
  let defaults: Map<string, string> | undefined;
  const weightText = (x: number) => String(Number(x.toPrecision(3)));
  const out = el('div', { 'aria-live': 'polite' });
  const refresh = debounce(async () => {
    const params = new URLSearchParams({ min_pop: minPop.value, max_pop: maxPop.value, by: by.value, limit: '10' });
    for (const w of weights) {
      const text = w.value.trim();
      if (text && text !== defaults?.get(w.dataset.weight as string)) params.set(`weight_${w.dataset.weight}`, text);
    }
    await withStates(
      out,
      async () => {
        const r: Json = await api(`/api/emerging?${params}`);
        if (!defaults && r.weights) {
          defaults = new Map(FEATURES.map((f) => [f, weightText(r.weights[f] ?? 0)]));
          for (const w of weights) if (!w.value.trim()) w.value = defaults.get(w.dataset.weight as string) ?? '0';
        }
        const tracks = el('div');
        const artists = el('div');
        // The growth lists, when the server was given earlier snapshots (serve --previous).
        const growth: HTMLElement[] = [];
        if (r.risingNow)
          growth.push(
            panel(
              'Rising now: change since an earlier snapshot, against peers that started from the same popularity',
              sortableTable(
                r.risingNow.tracks as Json[],
                [
                  { label: '#', value: (t) => t.rank, digits: 0 },
                  { label: 'track', value: (t) => t.trackName },
                  { label: 'artist', value: (t) => t.mainArtist },
                  { label: 'earlier', value: (t) => t.earlierPopularity, digits: 0 },
                  { label: 'now', value: (t) => t.popularity, digits: 0 },
                  { label: 'vs peers', value: (t) => t.excessChange, digits: 1 },
                ],
                { label: 'Rising now' },
              ),
            ),
          );
        if (r.likelyToRise)
          growth.push(
            panel(
              `Likely to rise (a forecast): P(+${r.likelyToRise.threshold} points within ${r.likelyToRise.horizonYears} years)`,
              sortableTable(
                r.likelyToRise.tracks as Json[],
                [
                  { label: '#', value: (t) => t.rank, digits: 0 },
                  { label: 'track', value: (t) => t.trackName },
                  { label: 'artist', value: (t) => t.mainArtist },
                  { label: 'popularity', value: (t) => t.popularity, digits: 0 },
                  { label: 'P(rise)', value: (t) => t.probability },
                ],
                { label: 'Likely to rise' },
              ),
            ),
          );
        out.replaceChildren(
          el('p', { class: 'note' }, r.note),
          ...growth,
          el(
            'p',
            {},
            `Audio ranking: ${fmt(r.poolSize, 0)} tracks in the window after the scout filters (${fmt(r.entries, 0)} songs).` +
              (r.model ? ` Hit-likeness model: held-out AUC ${fmt(r.model.auc)}.` : ''),
          ),
          el(
            'div',
            { class: 'grid' },
            panel(
              r.by === 'heuristic' ? 'Top tracks: score by component' : 'Top tracks: log-odds by feature',
              el(
                'p',
                { class: 'why' },
                r.by === 'heuristic'
                  ? `Scores ${fmt(Math.min(...r.tracks.map((t: Json) => t.score)))} to ${fmt(Math.max(...r.tracks.map((t: Json) => t.score)))}; the window's mean is ${fmt(r.poolMeanScore)}.`
                  : 'Each feature pushes the hit-likeness up (right of 0) or down (left).',
              ),
              tracks,
            ),
            panel('Top artists (shrunken mean score)', artists),
          ),
          panel(
            'Tracks',
            sortableTable(
              r.tracks as Json[],
              [
                { label: '#', value: (t) => t.rank, digits: 0 },
                { label: 'track', value: (t) => t.trackName },
                { label: 'artist', value: (t) => t.mainArtist },
                { label: 'popularity', value: (t) => t.popularity, digits: 0 },
                { label: 'score', value: (t) => t.score },
                ...(r.by === 'heuristic' ? [] : [{ label: 'heuristic', value: (t: Json) => t.heuristicScore }]),
              ],
              { label: 'Emerging tracks' },
            ),
          ),
        );
        await Promise.all([
          chart(
            tracks,
            componentBars(
              (r.tracks as Json[]).map((t) => ({ label: `${t.rank}. ${t.trackName}`.slice(0, 40), components: t.components })),
              { title: '', value: r.by === 'heuristic' ? 'score' : 'log-odds' },
              { width: 'container' },
            ),
          ),
          chart(
            artists,
            barChart(
              (r.artists as Json[]).map((a) => ({ label: `${a.rank}. ${a.artist}`, value: a.shrunkScore })),
              { title: '', value: 'shrunken mean score' },
              { width: 'container' },
            ),
          ),
        ]);
      },
      'Scoring',
    );
  }, 250);
  for (const input of [minPop, maxPop, by, ...weights]) input.addEventListener('input', () => refresh());
  main.append(
    panel(
      'Window and weights',
      el('div', { class: 'row' }, el('label', {}, 'popularity ', minPop, ' to ', maxPop), el('label', {}, 'rank by ', by)),
      el(
        'p',
        { class: 'why' },
        'Weights of the heuristic score, per unit of each feature (tempo per BPM, loudness per dB); 0 leaves a feature out.',
      ),
      el('div', { class: 'weights' }, ...FEATURES.map((f, i) => el('label', {}, f, weights[i] as HTMLInputElement))),
    ),
    out,
  );
  refresh();
}

export async function driversPage(main: HTMLElement): Promise<void> {
  main.replaceChildren(el('h2', {}, 'Drivers'));
  const feature = el('select', { id: 'dr-feature' }, ...FEATURES.map((f) => el('option', { value: f }, f)));
  feature.value = 'valence';
  const genre = el('select', { id: 'dr-genre' }, el('option', { value: '' }, 'choose a genre'));
  const byFeature = el('div');
  const byGenre = el('div');
  const heatmap = el('div');
  const drawFeature = async () =>
    withStates(byFeature, async () => {
      const r: Json = await api(`/api/drivers?feature=${feature.value}&standardized=true`);
      // The strongest associations either way: a ranking cut at the top would hide every negative one.
      const ranking = r.ranking as Json[];
      const shown = ranking.length > 16 ? [...ranking.slice(0, 8), ...ranking.slice(-8)] : ranking;
      const node = el('div');
      byFeature.replaceChildren(
        el(
          'p',
          { class: 'why' },
          `${feature.value}: the 8 most positive and the 8 most negative associations with popularity, of ${ranking.length} genres (points per SD, 95% intervals).`,
        ),
        node,
      );
      await chart(
        node,
        intervalChart(
          shown.map((g) => ({ label: g.genre, estimate: g.stdCoef, low: g.stdCiLow, high: g.stdCiHigh, significant: g.significant })),
          { title: '', value: 'popularity points per SD' },
          { width: 'container' },
        ),
      );
    });
  const drawGenre = async () => {
    if (!genre.value) return;
    await withStates(byGenre, async () => {
      const r: Json = await api(`/api/drivers?genre=${encodeURIComponent(genre.value)}`);
      const g = r.genres[0];
      const node = el('div');
      byGenre.replaceChildren(
        el(
          'p',
          {},
          `${g.genre}: n = ${fmt(g.n, 0)}, R² = ${fmt(g.r2)}, model p ${g.fPValue < 0.001 ? '< 0.001' : `= ${fmt(g.fPValue, 3)}`}.`,
        ),
        node,
        el('ul', {}, ...(r.insights as Json[]).map((i) => el('li', {}, i.text))),
      );
      await chart(
        node,
        intervalChart(
          (g.coefficients as Json[]).map((c) => ({
            label: c.feature,
            estimate: c.stdCoef,
            low: c.stdCiLow,
            high: c.stdCiHigh,
            significant: c.significant,
          })),
          { title: '', value: `${g.genre}: popularity points per SD` },
          { width: 'container' },
        ),
      );
    });
  };
  feature.addEventListener('change', () => void drawFeature());
  genre.addEventListener('change', () => void drawGenre());
  main.append(
    el(
      'div',
      { class: 'grid' },
      panel('By feature', el('label', {}, 'feature ', feature), byFeature),
      panel('By genre', el('label', {}, 'genre ', genre), byGenre),
    ),
    panel('Genre x feature: popularity points per SD of each feature (dot: significant)', heatmap),
  );
  await Promise.all([
    drawFeature(),
    withStates(heatmap, async () => {
      const r: Json = await api('/api/drivers');
      genre.append(...(r.matrix.genres as string[]).map((g) => el('option', { value: g }, g)));
      const p = el('p', {}, r.summary);
      const box = el('div');
      heatmap.replaceChildren(p, box);
      await chart(
        box,
        (width) =>
          coefficientHeatmap(r.matrix.features, r.matrix.genres, r.matrix.stdCoef, r.matrix.significant, {
            width: width < NARROW_CHART ? 'container' : 420,
          }),
        { narrowLegend: 'top' }, // beside the feature names, not 114 rows down
      );
    }),
  ]);
}
