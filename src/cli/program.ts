/** The `spotify-intel` command line. Exit codes: 0 ok, 1 internal failure, 2 bad input or usage. */
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import type { FastifyInstance } from 'fastify';
import { loadModel } from '../classify/modelFile.js';
import { resolveDataPath } from '../data/dataPath.js';
import { InputError, isInputError } from '../data/errors.js';
import { escapeControl } from '../data/text.js';
import { Engine } from '../engine/engine.js';
import type { Exploration } from '../explore/explore.js';
import { registerClassifyCommands } from './classify.js';
import { addDataOptions, artifactsOf, type DataOptions, loadFromOptions, positiveInteger } from './dataOptions.js';
import { registerDriversCommand } from './drivers.js';
import { registerEmergingCommand } from './emerging.js';
import { formatExploration } from './explore.js';
import { addHelpExamples } from './helpExamples.js';
import { registerMapCommand } from './map.js';
import { addPreviousOptions, growthFromOptions, type PreviousOptions } from './previousOptions.js';
import { addRecommendOptions, formatRecommendations, type RecommendOptions, requestFromOptions } from './recommend.js';
import { registerRecommendEvaluate } from './recommendEvaluate.js';
import { registerReportCommand } from './report.js';
import { prepareSharedArtifacts } from './serveShared.js';

/** The version in package.json (two folders above dist/src/cli). */
function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}

const log = (line: string) => process.stderr.write(`spotify-intel: ${line}\n`);

/** A promise with its resolve and reject (Promise.withResolvers, which Node 20 lacks). */
function settleLater<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve: (value: T) => void = () => {};
  let reject: (reason: unknown) => void = () => {};
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  promise.catch(() => {}); // the caller reports the failure itself
  return { promise, resolve, reject };
}

/** Binds the server; an address in use or not available here is bad input (exit 2), not a crash. */
async function listenOrExplain(app: FastifyInstance, port: number, host: string): Promise<string> {
  try {
    return await app.listen({ port, host });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new InputError(`port ${port} on ${host} is already in use; choose another with --port`);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EINVAL')
      throw new InputError(`cannot listen on ${host}: the address is not available on this machine; use --host 127.0.0.1`);
    if (code === 'EACCES') throw new InputError(`no permission to listen on port ${port}; choose a port above 1023`);
    throw error;
  }
}

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

type ServeOptions = DataOptions &
  PreviousOptions & { port: string; host: string; modelFile?: string; indexCache?: string; workers: string };

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('spotify-intel')
    .description('Music intelligence over Spotify track catalogues')
    .version(packageVersion(), '-V, --version', 'print the version')
    .showHelpAfterError()
    .exitOverride();
  // Options after a subcommand belong to it (emerging and emerging backtest both have --json).
  program.enablePositionalOptions();

  addDataOptions(program.command('explore').description('overview, cleaning log, distributions, genres, correlations'))
    .option('--json', 'print one JSON object instead of tables')
    .action(async (options: DataOptions & { json?: boolean }) => {
      const exploration = Engine.fromOpened(await loadFromOptions(options, false, 'exploration')).explore() as Exploration;
      process.stdout.write(options.json ? `${JSON.stringify(exploration, null, 2)}\n` : formatExploration(exploration));
    });

  const recommendCommand = addRecommendOptions(
    addDataOptions(program.command('recommend').description('tracks from stated audio taste or seed tracks, explained')),
  );
  registerRecommendEvaluate(recommendCommand);
  recommendCommand.action(async (options: DataOptions & RecommendOptions) => {
    const formats = [options.json, options.csv, options.uris].filter(Boolean).length;
    if (formats > 1) throw new InputError('choose one of --json, --csv, --uris');
    const engine = Engine.fromOpened(await loadFromOptions(options), { indexCache: options.indexCache, log });
    const result = engine.recommend(requestFromOptions(options, engine.space));
    process.stdout.write(formatRecommendations(result, options));
  });

  registerEmergingCommand(program);
  registerDriversCommand(program);
  registerClassifyCommands(program);
  registerReportCommand(program);
  registerMapCommand(program);

  addPreviousOptions(addDataOptions(program.command('serve').description('the dashboard and its HTTP API on 127.0.0.1')))
    .option('--port <port>', 'port', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--model-file <file>', 'genre model for POST /api/classify (default: train a random forest at startup)')
    .option('--index-cache <dir>', 'where approximate indexes are cached (default: $SPOTIFY_INTEL_CACHE or ~/.cache/spotify-intel)')
    .option('--workers <n>', 'server processes sharing the port (each holds the catalogue in memory)', '1')
    .action(async (options: ServeOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new InputError(`--port must be 0-65535, got ${JSON.stringify(options.port)}`);
      const workers = positiveInteger('workers', options.workers) ?? 1;
      if (workers > 1 && cluster.isPrimary) {
        await prepareSharedArtifacts(options, workers, log);
        return runWorkers(workers);
      }
      const source = resolveDataPath(options.data);
      const model = options.modelFile ? loadModel(options.modelFile).model : undefined;
      const webRoot = fileURLToPath(new URL('../../web', import.meta.url));
      // Bind first: the port answers `starting` while the catalogue loads and the engine fits.
      const starting = settleLater<Engine>();
      // Imported here: the web server's modules cost every other command startup time for nothing.
      const { buildServer } = await import('../server/app.js');
      const app = buildServer({ engine: starting.promise, source, webRoot });
      const address = await listenOrExplain(app, port, options.host);
      log(`listening at ${address}/ (starting: loading the catalogue and fitting its models)`);
      const stop = () => {
        app.close().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        const loaded = await loadFromOptions(options, true);
        const engine = Engine.fromOpened(loaded, {
          indexCache: options.indexCache,
          indexBuild: 'background',
          threads: positiveInteger('threads', options.threads),
          artifacts: artifactsOf(loaded, log),
          log,
        });
        if (model) engine.useGenreModel(model, `from ${options.modelFile}`);
        engine.useGrowth(await growthFromOptions(engine.catalog, options));
        await engine.warmUp();
        starting.resolve(engine);
        log(
          `ready: ${engine.catalog.size.toLocaleString('en-US')} tracks from ${loaded.source}; ${engine.genreModelStatus().message}; dashboard at ${address}/`,
        );
      } catch (error) {
        starting.reject(error);
        await app.close();
        throw error;
      }
      await new Promise(() => {});
    });
  addHelpExamples(program);
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
      process.stderr.write(`spotify-intel: ${escapeControl(error.message)}\n`);
      return 2;
    }
    process.stderr.write(`spotify-intel: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  }
}
