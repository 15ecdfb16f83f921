/** `spotify-intel recommend evaluate`: recommendation quality beside baselines, goals marked. */
import type { Command } from 'commander';
import { InputError } from '../data/errors.js';
import { buildFeatureSpace } from '../features/featureSpace.js';
import type { RecommendEvaluation } from '../recommend/evaluate.js';
import { evaluateRecommendations } from '../recommend/evaluate.js';
import { parseBlendWeights } from '../recommend/params.js';
import { addDataOptions, type DataOptions, loadFromOptions, positiveInteger } from './dataOptions.js';
import { heading, renderTable } from './table.js';

interface EvaluateOptions extends DataOptions {
  splitSeed: string;
  queries: string;
  tuning?: boolean;
  classifier: string;
  blend?: string;
  json?: boolean;
}

const f2 = (x: number) => x.toFixed(2);

function parseClassifierKind(text: string): 'gbdt' | 'rf' {
  if (text !== 'gbdt' && text !== 'rf') throw new InputError(`--classifier must be gbdt or rf, got "${text}"`);
  return text;
}

export function formatRecommendEvaluation(e: RecommendEvaluation): string {
  const out: string[] = [];
  out.push(
    `Split by song (seed ${e.split.seed}): affinity and classifier fitted on ${e.split.fitTracks.toLocaleString('en-US')} tracks; ` +
      `seeds drawn from the ${e.split.seedsFrom} side (${e.split.heldOutTracks.toLocaleString('en-US')} tracks not fitted on).`,
  );
  const methodTable = (rows: RecommendEvaluation['catalogueSeeds']) =>
    renderTable(
      ['method', 'queries', 'genre agreement@10', 'distance ratio', 'artist variety', 'leakage'],
      rows.map((r) => [r.method, r.queries, f2(r.genreAgreement), f2(r.distanceRatio), r.artistVariety.toFixed(1), r.leakage]),
    );
  out.push(heading('Catalogue tracks as seeds'), methodTable(e.catalogueSeeds));
  out.push(heading('Audio-only queries (held-out tracks as new tracks)'), methodTable(e.audioOnly));
  out.push(
    heading('Target queries (2-3 named features, some filtered)'),
    renderTable(
      ['method', 'eligible queries', 'within 0.5 SD of every target'],
      e.targets.map((t) => [t.method, t.eligibleQueries, `${(100 * t.withinShare).toFixed(1)}%`]),
    ),
  );
  out.push(
    heading('Phrase expectations (src/recommend/phraseSet.ts)'),
    renderTable(
      ['method', 'phrases', 'checks met', 'share'],
      e.phrases.map((p) => [p.method, p.phrases, `${p.met}/${p.checks}`, `${(100 * p.share).toFixed(1)}%`]),
    ),
  );
  const ours = e.phrases[e.phrases.length - 1];
  const misses = (ours?.outcomes ?? []).filter((o) => o.met < o.checks);
  if (misses.length) {
    out.push('', 'Missed checks (ours):');
    for (const o of misses) out.push(`  ${o.phrase}: ${o.error ?? o.failed.join('; ')}`);
  }
  out.push(
    '',
    `Genre names accepted as words: ${e.genreWordsAccepted.accepted}/${e.genreWordsAccepted.total}${e.genreWordsAccepted.rejected.length ? ` (rejected: ${e.genreWordsAccepted.rejected.join(', ')})` : ''}`,
  );
  out.push(
    heading('Goals'),
    renderTable(
      ['goal', 'value', 'met'],
      e.goals.map((g) => [g.goal, g.value, g.met ? 'yes' : 'NO']),
    ),
  );
  return `${out.join('\n')}\n`;
}

export function registerRecommendEvaluate(recommendCommand: Command): void {
  addDataOptions(
    recommendCommand.command('evaluate').description('recommendation quality on held-out seeds, beside baselines, goals marked'),
  )
    .option('--split-seed <n>', 'split and sampling seed', '42')
    .option('--queries <n>', 'seed tracks per query family', '300')
    .option(
      '--tuning',
      'for choosing weights: split the fitted side again, fit on 80% of it and draw seeds from the other 20%; the held-out side stays unseen',
    )
    .option('--classifier <kind>', '"sounds like" classifier of audio-only queries: gbdt (default) or rf', 'gbdt')
    .option('--blend <weights>', 'blend weights to evaluate, name=value (audio, genre, artist, collaborator, soundsLike, wordGenre)')
    .option('--json', 'print JSON')
    .action(async (_options: EvaluateOptions, command: Command) => {
      // The parent command shares --blend, --json and the data options: read them from either level.
      const options = command.optsWithGlobals<EvaluateOptions>();
      const { catalog } = await loadFromOptions(options);
      const space = buildFeatureSpace(catalog);
      const evaluation = await evaluateRecommendations(catalog, space, {
        seed: positiveInteger('split-seed', options.splitSeed) ?? 42,
        queries: positiveInteger('queries', options.queries) ?? 300,
        tuning: options.tuning,
        classifier: parseClassifierKind(options.classifier),
        blend: options.blend ? parseBlendWeights(options.blend, '--blend') : undefined,
        onStage: (stage) => process.stderr.write(`spotify-intel: ${stage}\n`),
      });
      process.stdout.write(options.json ? `${JSON.stringify(evaluation, null, 2)}\n` : formatRecommendEvaluation(evaluation));
    });
}
