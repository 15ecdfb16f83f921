/** `spotify-intel classify evaluate|train|predict`: genre classification from audio features. */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { type Command, Option } from 'commander';
import { type Evaluation, evaluateGenres, SPLIT_KINDS, type SplitKind } from '../classify/evaluate.js';
import { describeExplanation, explainPredictions, MAX_EXPLAIN_ROWS, namedExplanations } from '../classify/explain.js';
import { deriveFamilies, outOfFoldConfusion } from '../classify/families.js';
import {
  catalogMatrix,
  EXTENDED_LEAK_NOTE,
  FEATURE_SETS,
  type FeatureSetName,
  featureSetNames,
  genreLabels,
  selectLabels,
  selectRows,
} from '../classify/features.js';
import { oobScore } from '../classify/forest.js';
import { familyGuesses, familyOfClasses, GENRE_FAMILIES, type GenreFamily } from '../classify/genreFamilies.js';
import { type FeatureRows, rowsFromCsv, rowsFromObjects } from '../classify/input.js';
import { learnerParamsFor } from '../classify/learnerParams.js';
import {
  describeModel,
  fitModel,
  type GenreGuess,
  type GenreModel,
  MODEL_KINDS,
  type ModelKind,
  predictProba,
  topGenres,
} from '../classify/model.js';
import { checkModelPath, loadModel, saveModel } from '../classify/modelFile.js';
import { stratifiedSplit } from '../classify/split.js';
import { InputError } from '../data/errors.js';
import { addDataOptions, type DataOptions, loadFromOptions, positiveInteger } from './dataOptions.js';
import { addLearnerOptions, type LearnerOptions, learnerParamsFromOptions } from './learnerOptions.js';
import { progressBar } from './progress.js';
import { heading, renderTable } from './table.js';

interface ModelOptions extends DataOptions, LearnerOptions {
  model: ModelKind;
  features: FeatureSetName;
  trees?: string;
  refit?: boolean;
  seed: string;
  json?: boolean;
}

function addModelOptions(command: Command): Command {
  return addLearnerOptions(addDataOptions(command))
    .addOption(new Option('--model <kind>', 'rf (random forest) or gbdt (gradient boosting)').choices([...MODEL_KINDS]).default('rf'))
    .addOption(
      new Option(
        '--features <set>',
        "audio9 (the notebook's 9 audio features) or extended (+ key, mode, time_signature, explicit, duration_ms, popularity)",
      )
        .choices(Object.keys(FEATURE_SETS))
        .default('audio9'),
    )
    .option('--trees <n>', 'trees of the forest (default 100) or most boosting rounds (default 400, early stopping)')
    .option('--refit', 'gbdt: after early stopping, boost again on every training track (about twice the fit time)')
    .option('--seed <n>', 'random seed (split, bootstrap, features)', '42')
    .option('--json', 'print JSON');
}

function seedOf(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InputError(`--seed must be a whole number from 0 to 4294967295, got ${JSON.stringify(text)}.`);
  return n;
}

const percent = (x: number) => `${(100 * x).toFixed(1)}%`;

export function formatEvaluation(e: Evaluation): string {
  const out: string[] = [];
  // Tracks predicted: every fold's test tracks (folds by song differ in size), or the one test set.
  const predicted = e.folds ? e.folds.reduce((n, f) => n + f.testRows, 0) : e.testRows;
  out.push(
    heading(
      `Genre classification: ${e.model === 'rf' ? 'random forest' : 'gradient boosting'} on ${e.features} (${e.featureNames.length} features)`,
    ),
  );
  out.push(
    renderTable(
      ['measure', 'value'],
      [
        [
          e.folds ? `${e.folds.length}-fold cross-validation, tracks` : 'train / test tracks',
          e.folds ? predicted : `${e.trainRows} / ${e.testRows}`,
        ],
        ['split', e.split === 'song' ? 'by song (no song on both sides)' : 'by track (no track on both sides)'],
        ['genres', e.classes],
        ['accuracy', percent(e.accuracy)],
        ...(e.songOverlap.testTracks > 0
          ? [
              [`  on the ${e.songOverlap.testTracks} test tracks whose song is in training`, percent(e.songOverlap.accuracy)] as [
                string,
                string,
              ],
              ['  on the other test tracks', percent(e.songOverlap.otherAccuracy)] as [string, string],
            ]
          : []),
        ['macro F1', percent(e.macroF1)],
        ['weighted F1', percent(e.weightedF1)],
        ['top-3 accuracy', percent(e.top3Accuracy)],
        ['top-5 accuracy', percent(e.top5Accuracy)],
        ['any-genre accuracy', percent(e.anyGenreAccuracy)],
        ['majority-genre baseline', percent(e.chanceAccuracy)],
        ...(e.families
          ? [
              [`family accuracy (${e.families.families} genre families)`, percent(e.families.accuracy)] as [string, string],
              [`  largest-family baseline (${e.families.largestFamily})`, percent(e.families.chanceAccuracy)] as [string, string],
            ]
          : []),
        ...(e.oobAccuracy !== undefined ? [['out-of-bag accuracy (train)', percent(e.oobAccuracy)] as [string, string]] : []),
        ...(e.iterations !== undefined ? [['boosting rounds kept', e.iterations] as [string, number]] : []),
        ['train seconds', e.trainSeconds.toFixed(2)],
        ['predict seconds', e.predictSeconds.toFixed(3)],
      ],
    ),
  );
  if (e.folds) {
    out.push(heading('Folds'));
    out.push(
      renderTable(
        ['fold', 'train', 'test', 'accuracy', 'macro F1', 'top-5'],
        e.folds.map((f) => [f.fold, f.trainRows, f.testRows, percent(f.accuracy), percent(f.macroF1), percent(f.top5Accuracy)]),
      ),
    );
  }
  out.push(heading('Classification report'));
  const row = (name: string, p: number, r: number, f: number, s: number) => [name, p.toFixed(2), r.toFixed(2), f.toFixed(2), s];
  out.push(
    renderTable(
      ['genre', 'precision', 'recall', 'f1-score', 'support'],
      [
        ...e.perGenre.map((g) => row(g.genre, g.precision, g.recall, g.f1, g.support)),
        ['accuracy', '', '', e.accuracy.toFixed(2), predicted],
        row('macro avg', e.macroPrecision, e.macroRecall, e.macroF1, predicted),
        row('weighted avg', e.weightedPrecision, e.weightedRecall, e.weightedF1, predicted),
      ],
    ),
  );
  out.push(heading('Best and worst genres (F1)'));
  out.push(
    renderTable(
      ['best', 'f1', 'worst', 'f1 '],
      e.bestGenres.map((b, i) => [b.genre, b.f1.toFixed(2), e.worstGenres[i]?.genre ?? '', e.worstGenres[i]?.f1.toFixed(2) ?? '']),
    ),
  );
  out.push(heading('Most confused genres (true -> predicted)'));
  out.push(
    renderTable(
      ['true', 'predicted', 'tracks', 'share of true'],
      e.confusedPairs.map((p) => [p.trueGenre, p.predictedGenre, p.count, percent(p.shareOfTrue)]),
    ),
  );
  out.push(heading(`Feature importances (${e.model === 'rf' ? 'mean decrease in impurity' : 'share of split gain'})`));
  const hasPermutation = e.importances.some((i) => i.permutation !== undefined);
  out.push(
    renderTable(
      ['feature', 'importance', ...(hasPermutation ? ['permutation (accuracy drop)'] : [])],
      [...e.importances]
        .sort((a, b) => b.importance - a.importance)
        .map((i) => [i.feature, i.importance.toFixed(3), ...(hasPermutation ? [(i.permutation ?? 0).toFixed(4)] : [])]),
    ),
  );
  if (e.note) out.push(`\nNote: ${e.note}`);
  return `${out.join('\n').trimStart()}\n`;
}

function readInput(path: string, featureNames: readonly string[]) {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new InputError(`${path}: cannot read the input (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  const json = extname(path).toLowerCase() === '.json' || /^\s*[[{]/.test(text);
  if (!json) return rowsFromCsv(text, featureNames, path);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}: not valid JSON (${(error as Error).message}).`);
  }
  return rowsFromObjects(parsed, featureNames, path);
}

function printExplanations(model: GenreModel, rows: FeatureRows, top: number, json: boolean): void {
  const explained = explainPredictions(model, rows.matrix, top);
  const named = namedExplanations(explained);
  const results = named.map((genres, i) => ({
    row: i + 1,
    ...(rows.trackId[i] !== undefined ? { trackId: rows.trackId[i] } : {}),
    ...(rows.trackName[i] !== undefined ? { trackName: rows.trackName[i] } : {}),
    genres,
  }));
  if (json) {
    const body = { model: describeModel(model), features: model.featureNames, scale: explained.scale, results };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return;
  }
  process.stdout.write(
    explained.scale === 'margin'
      ? "Contributions to each genre's boosting score (before the softmax), exact TreeSHAP:\n"
      : "Contributions to each genre's forest probability, exact TreeSHAP:\n",
  );
  explained.rows.forEach((genres, i) => {
    const r = results[i] as (typeof results)[0];
    process.stdout.write(`${r.trackName ?? r.trackId ?? `row ${r.row}`}:\n`);
    for (const g of genres)
      process.stdout.write(`  ${g.genre} ${percent(g.probability)}: ${describeExplanation(g, explained.features, explained.scale)}\n`);
  });
}

function printFamilies(model: GenreModel, rows: FeatureRows, top: number, json: boolean): void {
  const familyOf = familyOfClasses(model.classNames);
  if (!familyOf) throw new InputError("the model's genres are not all in the genre families (they cover the Kaggle file's 114 genres).");
  const proba = predictProba(model, rows.matrix);
  const results = rows.trackId.map((trackId, i) => ({
    row: i + 1,
    ...(trackId !== undefined ? { trackId } : {}),
    ...(rows.trackName[i] !== undefined ? { trackName: rows.trackName[i] } : {}),
    families: familyGuesses(model.classNames, proba, i, familyOf, GENRE_FAMILIES, Math.min(top, GENRE_FAMILIES.length)),
  }));
  if (json) {
    process.stdout.write(`${JSON.stringify({ model: describeModel(model), results }, null, 2)}\n`);
    return;
  }
  for (const r of results) {
    process.stdout.write(`${r.trackName ?? r.trackId ?? `row ${r.row}`}:\n`);
    for (const f of r.families)
      process.stdout.write(
        `  ${f.family} ${percent(f.probability)}: ${f.genres.map((g) => `${g.genre} ${percent(g.probability)}`).join(', ')}\n`,
      );
  }
}

export function registerClassifyCommands(program: Command): void {
  const classify = program.command('classify').description('genre classification from audio features: evaluate, train, predict');

  addModelOptions(classify.command('evaluate').description('train on a stratified 80/20 split (or k folds) and report honestly'))
    .option('--folds <k>', 'stratified k-fold cross-validation instead of one split')
    .option('--test-size <fraction>', 'share of tracks held out for testing', '0.2')
    .option(
      '--split <kind>',
      'track (the notebook: no track on both sides) or song (no song, version or re-release on both sides)',
      'track',
    )
    .option('--permutation <repeats>', 'also compute permutation importances on the test tracks (repeats)')
    .action(async (options: ModelOptions & { folds?: string; testSize: string; split: string; permutation?: string }) => {
      const seed = seedOf(options.seed);
      if (!(SPLIT_KINDS as readonly string[]).includes(options.split))
        throw new InputError(`--split must be one of ${SPLIT_KINDS.join(', ')}, got ${JSON.stringify(options.split)}.`);
      const split = options.split as SplitKind;
      const testFraction = Number(options.testSize);
      if (!(testFraction > 0 && testFraction < 1))
        throw new InputError(`--test-size must be between 0 and 1, got ${JSON.stringify(options.testSize)}.`);
      const params = learnerParamsFromOptions(options);
      learnerParamsFor(options.model, params); // a setting the learner lacks fails before the catalogue loads
      const folds = positiveInteger('folds', options.folds);
      if (folds === 1) throw new InputError('--folds must be at least 2.');
      const permutation = positiveInteger('permutation', options.permutation);
      const threads = positiveInteger('threads', options.threads);
      const { catalog } = await loadFromOptions(options);
      const bar = progressBar();
      try {
        const evaluation = await evaluateGenres(catalog, {
          model: options.model,
          features: options.features,
          seed,
          split,
          testFraction,
          params,
          ...(options.refit ? { refit: true } : {}),
          ...(threads ? { threads } : {}),
          ...(folds ? { folds } : {}),
          ...(permutation ? { permutationRepeats: permutation } : {}),
          onProgress: (label, done, total) => bar.update(label, done, total),
        });
        bar.end();
        process.stdout.write(options.json ? `${JSON.stringify(evaluation, null, 2)}\n` : formatEvaluation(evaluation));
      } finally {
        bar.end();
      }
    });

  addModelOptions(classify.command('train').description('train on every track and save a model file'))
    .option('--out <file>', 'model file to write', 'out/genres.model')
    .action(async (options: ModelOptions & { out: string }) => {
      if (options.out === 'out/genres.model') mkdirSync('out', { recursive: true }); // the default folder (git-ignored)
      checkModelPath(options.out);
      const seed = seedOf(options.seed);
      const params = learnerParamsFromOptions(options);
      learnerParamsFor(options.model, params); // a setting the learner lacks fails before the catalogue loads
      const threads = positiveInteger('threads', options.threads);
      const { catalog, source } = await loadFromOptions(options);
      const names = featureSetNames(options.features);
      const matrix = catalogMatrix(catalog, names);
      const { labels, classNames } = genreLabels(catalog);
      const bar = progressBar();
      const started = performance.now();
      const model = await fitModel(
        matrix,
        labels,
        classNames,
        { kind: options.model, seed, params, ...(options.refit ? { boosting: { refit: true } } : {}) },
        {
          ...(threads ? { threads } : {}),
          onProgress: (done, total) => bar.update('training', done, total),
        },
      ).finally(() => bar.end());
      const trainSeconds = (performance.now() - started) / 1000;
      const oobAccuracy = model.kind === 'rf' ? oobScore(model, matrix, labels).accuracy : undefined;
      const bytes = saveModel(options.out, model, { features: options.features, trainRows: matrix.rows, source, seed });
      const summary = {
        model: options.model,
        features: options.features,
        description: describeModel(model),
        out: options.out,
        bytes,
        trainRows: matrix.rows,
        classes: classNames.length,
        trainSeconds,
        ...(oobAccuracy !== undefined ? { oobAccuracy } : {}),
        ...(model.kind === 'gbdt' ? { iterations: model.iterations } : {}),
        ...(options.features === 'extended' ? { note: EXTENDED_LEAK_NOTE } : {}),
      };
      if (options.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        process.stdout.write(
          `Trained a ${summary.description} on ${matrix.rows.toLocaleString('en-US')} tracks x ${names.length} features (${options.features}) in ${trainSeconds.toFixed(1)} s.\n` +
            (oobAccuracy !== undefined
              ? `Out-of-bag accuracy: ${percent(oobAccuracy)} (an honest estimate: each track judged by trees that never saw it).\n`
              : '') +
            `Wrote ${options.out} (${(bytes / 1e6).toFixed(1)} MB).\n` +
            (summary.note ? `Note: ${summary.note}\n` : ''),
        );
      }
    });

  addDataOptions(
    classify.command('families').description('derive genre families from the confusions of a forest on the training tracks only'),
  )
    .option('--seed <n>', 'seed of the 80/20 split by track whose training tracks are used (and of the folds)', '42')
    .option('--families <n>', 'families wanted', '12')
    .option('--max-share <share>', 'largest share of the tracks one family may hold', '0.2')
    .option('--json', 'print JSON')
    .action(async (options: DataOptions & { seed: string; families: string; maxShare: string; json?: boolean }) => {
      const seed = seedOf(options.seed);
      const count = positiveInteger('families', options.families) as number;
      const maxShare = Number(options.maxShare);
      if (!(maxShare > 0 && maxShare <= 1))
        throw new InputError(`--max-share must be a share in (0, 1], got ${JSON.stringify(options.maxShare)}.`);
      const threads = positiveInteger('threads', options.threads);
      const { catalog } = await loadFromOptions(options);
      const { labels, classNames } = genreLabels(catalog);
      const matrix = catalogMatrix(catalog, featureSetNames('audio9'));
      const split = stratifiedSplit(labels, 0.2, seed);
      const trainLabels = selectLabels(labels, split.train);
      const confusion = await outOfFoldConfusion(selectRows(matrix, split.train), trainLabels, classNames, seed, 5, threads);
      const sizes = new Float64Array(classNames.length);
      for (const c of trainLabels) sizes[c] = (sizes[c] as number) + 1;
      const familyOf = deriveFamilies(confusion, sizes, { families: count, maxShare });
      const families = Array.from({ length: Math.max(...familyOf) + 1 }, (_, f) => {
        const genres = classNames.filter((_, c) => familyOf[c] === f);
        const share = genres.reduce((s, g) => s + (sizes[classNames.indexOf(g)] as number), 0) / trainLabels.length;
        // The documented family sharing the most genres, so a reader can check the committed table.
        const named = [...GENRE_FAMILIES].sort(
          (a, b) => b.genres.filter((g) => genres.includes(g)).length - a.genres.filter((g) => genres.includes(g)).length,
        )[0] as GenreFamily;
        return { family: f + 1, share, documentedAs: named.name, genres };
      });
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ seed, trainTracks: trainLabels.length, families }, null, 2)}\n`);
        return;
      }
      process.stdout.write(
        `Genre families from ${trainLabels.length.toLocaleString('en-US')} training tracks (seed ${seed}, 5-fold out-of-fold forest confusions):\n`,
      );
      for (const f of families)
        process.stdout.write(`${f.family}. ${percent(f.share)} (documented as "${f.documentedAs}"): ${f.genres.join(', ')}\n`);
    });

  classify
    .command('predict')
    .description('top genres with probabilities for tracks given as CSV or JSON feature values')
    .option('--model-file <file>', 'a model file from `classify train`', 'out/genres.model')
    .requiredOption('--input <file>', "CSV (header + rows) or JSON (an object or an array of objects) with the model's features")
    .option('--top <k>', 'genres per track', '3')
    .option('--explain', `why each genre: exact TreeSHAP contributions per feature (at most ${MAX_EXPLAIN_ROWS} tracks)`)
    .option('--families', 'hierarchical answer: the top genre families, each with its likeliest genres')
    .option('--json', 'print JSON')
    .action((options: { modelFile: string; input: string; top: string; explain?: boolean; families?: boolean; json?: boolean }) => {
      if (options.modelFile === 'out/genres.model' && !existsSync(options.modelFile))
        throw new InputError(
          'out/genres.model does not exist: train one with `npx spotify-intel classify train`, or pass --model-file FILE',
        );
      const { model } = loadModel(options.modelFile);
      const top = positiveInteger('top', options.top) as number;
      const rows = readInput(options.input, model.featureNames);
      if (options.explain) {
        printExplanations(model, rows, top, options.json === true);
        return;
      }
      if (options.families) {
        printFamilies(model, rows, top, options.json === true);
        return;
      }
      const guesses = topGenres(model, predictProba(model, rows.matrix), top);
      const results = guesses.map((genres: GenreGuess[], i) => ({
        row: i + 1,
        ...(rows.trackId[i] !== undefined ? { trackId: rows.trackId[i] } : {}),
        ...(rows.trackName[i] !== undefined ? { trackName: rows.trackName[i] } : {}),
        genres,
      }));
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ model: describeModel(model), features: model.featureNames, results }, null, 2)}\n`);
        return;
      }
      for (const r of results) {
        const name = r.trackName ?? r.trackId ?? `row ${r.row}`;
        process.stdout.write(`${name}: ${r.genres.map((g) => `${g.genre} ${percent(g.probability)}`).join(', ')}\n`);
      }
    });
}
