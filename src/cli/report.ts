/** `spotify-intel report`: the self-contained HTML report and its numbers as JSON. */
import type { Command } from 'commander';
import { Engine } from '../engine/engine.js';
import { DEFAULT_REPORT_SETTINGS, STAGES, type Stage } from '../report/data.js';
import { addDataOptions, type DataOptions, loadFromOptions, positiveInteger } from './dataOptions.js';

/** One line per stage on stderr; on a terminal, a bar that redraws in place with the stage's progress. */
function stageProgress(stream: NodeJS.WriteStream = process.stderr) {
  const all: string[] = ['loading', ...STAGES, 'charts'];
  const started = Date.now();
  let current = '';
  return (stage: Stage | 'charts' | 'loading', done?: number, total?: number) => {
    const index = all.indexOf(stage);
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const width = 20;
    const filled = Math.round((index / all.length) * width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const detail = done !== undefined && total ? ` ${done}/${total}` : '';
    if (stream.isTTY) {
      stream.write(`\r\x1b[K${bar} ${index + 1}/${all.length} ${stage}${detail} (${seconds}s)`);
    } else if (stage !== current) {
      stream.write(`spotify-intel: report ${index + 1}/${all.length} ${stage} (${seconds}s)\n`);
    }
    current = stage;
  };
}

export function registerReportCommand(program: Command): void {
  addDataOptions(program.command('report').description('write report.html (self-contained, charts inline) and report.json'))
    .option('--out <dir>', 'output folder', 'report')
    .option('--trees <n>', 'random forest trees', String(DEFAULT_REPORT_SETTINGS.forestTrees))
    .option('--boosting-rounds <n>', 'most gradient boosting rounds for the comparison', String(DEFAULT_REPORT_SETTINGS.boostingRounds))
    .action(async (options: DataOptions & { out: string; trees: string; boostingRounds: string }) => {
      // Imported here: the chart libraries cost every other command startup time for nothing.
      const { prepareOutputDir, writeReport } = await import('../report/write.js');
      prepareOutputDir(options.out);
      const progress = stageProgress();
      const started = Date.now();
      progress('loading');
      const threads = positiveInteger('threads', options.threads);
      const engine = Engine.fromOpened(await loadFromOptions(options), threads ? { threads } : {});
      const written = await writeReport(engine, options.out, {
        settings: {
          seed: DEFAULT_REPORT_SETTINGS.seed,
          forestTrees: positiveInteger('trees', options.trees) ?? DEFAULT_REPORT_SETTINGS.forestTrees,
          boostingRounds: positiveInteger('boosting-rounds', options.boostingRounds) ?? DEFAULT_REPORT_SETTINGS.boostingRounds,
          ...(threads ? { threads } : {}),
        },
        onStage: progress,
      });
      if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
      process.stderr.write(`spotify-intel: report written in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      process.stdout.write(`${written.htmlPath}\n${written.jsonPath}\n`);
    });
}
