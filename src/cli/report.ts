/** `spotify-intel report`: the self-contained HTML report and its numbers as JSON. */
import type { Command } from 'commander';
import { InputError } from '../data/errors.js';
import { Engine } from '../engine/engine.js';
import { DEFAULT_REPORT_SETTINGS, FULL_BOOSTING_ROUNDS, STAGES } from '../report/data.js';
import { addDataOptions, type DataOptions, loadFromOptions, positiveInteger } from './dataOptions.js';
import { addPreviousOptions, growthFromOptions, type PreviousOptions } from './previousOptions.js';
import { stageProgress } from './progress.js';

function wholeNumber(name: string, text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isInteger(n) || n < 0)
    throw new InputError(`--${name} must be a whole number >= 0, got ${JSON.stringify(text)}.`);
  return n;
}

export function registerReportCommand(program: Command): void {
  addPreviousOptions(
    addDataOptions(program.command('report').description('write report.html (self-contained, charts inline) and report.json')),
  )
    .option('--out <dir>', 'output folder', 'out/report')
    .option('--trees <n>', 'random forest trees', String(DEFAULT_REPORT_SETTINGS.forestTrees))
    .option(
      '--boosting-rounds <n>',
      `gradient boosting rounds for the learner comparison (0 = forest only; ${FULL_BOOSTING_ROUNDS} = the classify default, minutes more)`,
      String(DEFAULT_REPORT_SETTINGS.boostingRounds),
    )
    .action(async (options: DataOptions & PreviousOptions & { out: string; trees: string; boostingRounds: string }) => {
      // Imported here: the chart libraries cost every other command startup time for nothing.
      const { prepareOutputDir, writeReport } = await import('../report/write.js');
      prepareOutputDir(options.out);
      const progress = stageProgress('report', ['loading', ...STAGES, 'charts']);
      const started = Date.now();
      progress.update('loading');
      const threads = positiveInteger('threads', options.threads);
      const engine = Engine.fromOpened(await loadFromOptions(options), threads ? { threads } : {});
      engine.useGrowth(await growthFromOptions(engine.catalog, options));
      const written = await writeReport(engine, options.out, {
        settings: {
          seed: DEFAULT_REPORT_SETTINGS.seed,
          forestTrees: positiveInteger('trees', options.trees) ?? DEFAULT_REPORT_SETTINGS.forestTrees,
          boostingRounds: wholeNumber('boosting-rounds', options.boostingRounds),
          ...(threads ? { threads } : {}),
        },
        onStage: progress.update,
      });
      progress.end();
      process.stderr.write(`spotify-intel: report written in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      process.stdout.write(`${written.htmlPath}\n${written.jsonPath}\n`);
      process.stderr.write(
        `spotify-intel: next: open ${written.htmlPath} in a browser; for the dashboard run \`npx spotify-intel serve\` and open http://127.0.0.1:8080/\n`,
      );
    });
}
