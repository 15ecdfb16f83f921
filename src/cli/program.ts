/** The `spotify-intel` command line. Exit codes: 0 ok, 1 internal failure, 2 bad input or usage. */
import cluster from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { InputError, isInputError } from '../data/errors.js';
import { explore } from '../explore/explore.js';
import { buildFeatureSpace } from '../features/featureSpace.js';
import { ANN_MIN_TRACKS, approximateIndex, backgroundIndexes } from '../recommend/ann.js';
import { enablePrunedSearch } from '../recommend/clusterSearch.js';
import { fitRecommendState, recommend } from '../recommend/recommend.js';
import type { Metric } from '../recommend/search.js';
import { soundsLikeFromModel } from '../recommend/soundsLike.js';
import { buildServer } from '../server/app.js';
import { classifierForServe, registerClassifyCommands } from './classify.js';
import { addDataOptions, type DataOptions, loadFromOptions, positiveInteger } from './dataOptions.js';
import { registerDriversCommand } from './drivers.js';
import { registerEmergingCommand } from './emerging.js';
import { formatExploration } from './explore.js';
import { addRecommendOptions, formatRecommendations, type RecommendOptions, requestFromOptions } from './recommend.js';
import { registerRecommendEvaluate } from './recommendEvaluate.js';
import { registerReportCommand } from './report.js';

/** Forks `count` copies of this command (node:cluster shares the port) and waits; one dying stops all. */
async function runWorkers(count: number): Promise<never> {
  for (let i = 0; i < count; i++) cluster.fork();
  let stopping = false;
  const stop = () => {
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.kill('SIGTERM');
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return new Promise((_resolve, reject) => {
    cluster.once('exit', (worker, code) => {
      if (stopping) process.exit(0);
      stop();
      const message = `server worker ${worker.process.pid} stopped with exit code ${code} (its message is above)`;
      reject(code === 2 ? new InputError(message) : new Error(message));
    });
  });
}

export function buildProgram(): Command {
  const program = new Command();
  program.name('spotify-intel').description('Music intelligence over Spotify track catalogues').showHelpAfterError().exitOverride();

  addDataOptions(program.command('explore').description('overview, cleaning log, distributions, genres, correlations'))
    .option('--json', 'print one JSON object instead of tables')
    .action(async (options: DataOptions & { json?: boolean }) => {
      const loaded = await loadFromOptions(options);
      const exploration = explore(loaded.raw, loaded);
      process.stdout.write(options.json ? `${JSON.stringify(exploration, null, 2)}\n` : formatExploration(exploration));
    });

  const recommendCommand = addRecommendOptions(
    addDataOptions(program.command('recommend').description('tracks from stated audio taste or seed tracks, explained')),
  );
  registerRecommendEvaluate(recommendCommand);
  recommendCommand.action(async (options: DataOptions & RecommendOptions) => {
    const formats = [options.json, options.csv, options.uris].filter(Boolean).length;
    if (formats > 1) throw new InputError('choose one of --json, --csv, --uris');
    const { catalog } = await loadFromOptions(options);
    const space = buildFeatureSpace(catalog);
    const indexFor = (metric: Metric) =>
      approximateIndex(space, metric, {
        cacheDir: options.indexCache,
        onBuild: (path, replacing) =>
          process.stderr.write(
            `spotify-intel: ${replacing ? 'the cached index is damaged or stale; rebuilding' : 'building the approximate index'} for ${catalog.size.toLocaleString('en-US')} tracks (once; cached at ${path})\n`,
          ),
      });
    const result = recommend(catalog, space, requestFromOptions(options, space), { ...fitRecommendState(catalog, space), indexFor });
    process.stdout.write(formatRecommendations(result, options));
  });

  registerEmergingCommand(program);
  registerDriversCommand(program);
  registerClassifyCommands(program);
  registerReportCommand(program);

  addDataOptions(program.command('serve').description('the dashboard and its HTTP API on 127.0.0.1'))
    .option('--port <port>', 'port', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--model-file <file>', 'genre model for POST /api/classify (default: train a random forest at startup)')
    .option('--index-cache <dir>', 'where approximate indexes are cached (default: $SPOTIFY_INTEL_CACHE or ~/.cache/spotify-intel)')
    .option('--workers <n>', 'server processes sharing the port (each holds the catalogue in memory)', '1')
    .action(async (options: DataOptions & { port: string; host: string; modelFile?: string; indexCache?: string; workers: string }) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new InputError(`--port must be 0-65535, got ${JSON.stringify(options.port)}`);
      const workers = positiveInteger('workers', options.workers) ?? 1;
      if (workers > 1 && cluster.isPrimary) return runWorkers(workers);
      const loaded = await loadFromOptions(options);
      const { catalog, raw } = loaded;
      const path = raw.source;
      const classifier = classifierForServe(catalog, options.modelFile, positiveInteger('threads', options.threads));
      const space = buildFeatureSpace(catalog);
      const log = (line: string) => process.stderr.write(`spotify-intel: ${line}\n`);
      const indexFor = backgroundIndexes(space, {
        cacheDir: options.indexCache,
        onBuild: (file) => log(`building the approximate index in the background (exact search meanwhile); cached at ${file}`),
        onReady: (index) => log(`approximate ${index.metric} index ready`),
        onError: (error) => log(`the approximate index failed (exact search goes on): ${error.message}`),
      });
      // Large catalogues get their cosine index (the default metric) before the first request asks;
      // smaller ones the grouping that lets the exact scan skip most rows (built once, repaid in a few queries).
      if (catalog.size >= ANN_MIN_TRACKS) indexFor('cosine');
      else enablePrunedSearch(space);
      const webRoot = fileURLToPath(new URL('../../web', import.meta.url));
      // Audio-only 9-feature queries blend the classifier's "sounds like" genres once it is trained.
      const recommendState = {
        ...fitRecommendState(catalog, space),
        soundsLike: (profile: Float64Array) => {
          const model = classifier.current;
          return model ? soundsLikeFromModel(model, catalog.genreNames)?.(profile) : undefined;
        },
      };
      const app = buildServer({
        catalog,
        space,
        source: path,
        classifier,
        indexFor,
        recommendState,
        explore: () => explore(raw, loaded),
        webRoot,
      });
      const address = await app.listen({ port, host: options.host });
      process.stderr.write(
        `spotify-intel: serving ${catalog.size.toLocaleString('en-US')} tracks from ${path}: dashboard at ${address}/\n`,
      );
      const stop = () => {
        app.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      await new Promise(() => {});
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not errors; usage mistakes are bad input.
      return error.exitCode === 0 ? 0 : 2;
    }
    if (isInputError(error)) {
      process.stderr.write(`spotify-intel: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`spotify-intel: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
