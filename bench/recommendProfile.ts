/**
 * In-process cost of each request kind of the http bench (bench/http.ts): the engine's recommend,
 * the JSON of its answer, and the whole route through Fastify (inject), each as p50 over many calls
 * on a warmed engine with the genre model ready (as `serve` runs). Says what dominates a request.
 */
import { openCatalog } from '../src/cache/openCatalog.js';
import { Engine } from '../src/engine/engine.js';
import { requestFromParams } from '../src/recommend/params.js';
import { buildServer } from '../src/server/app.js';
import { markdownTable, percentile, SAMPLE } from './common.js';
import { PATHS } from './httpPaths.js';

const ROUNDS = Number(process.env.BENCH_PROFILE_ROUNDS ?? 300);

function p50(times: number[]): number {
  return percentile(
    [...times].sort((a, b) => a - b),
    0.5,
  );
}

async function main(): Promise<void> {
  const opened = await openCatalog(SAMPLE);
  const engine = Engine.fromOpened(opened, { artifacts: opened.cache ? { entry: opened.cache, log: () => {} } : undefined });
  await engine.warmUp();
  await engine.genreModel();
  const app = buildServer({ engine: Promise.resolve(engine), source: SAMPLE, logger: false });
  await app.ready();
  const rows: string[][] = [];
  for (const path of PATHS) {
    const params = Object.fromEntries(new URL(path, 'http://x').searchParams) as Record<string, string>;
    const core: number[] = [];
    const json: number[] = [];
    const route: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      let start = performance.now();
      const result = engine.recommend(requestFromParams(params, engine.space));
      core.push(performance.now() - start);
      start = performance.now();
      JSON.stringify(result);
      json.push(performance.now() - start);
      start = performance.now();
      const reply = await app.inject({ method: 'GET', url: path });
      route.push(performance.now() - start);
      if (reply.statusCode !== 200) throw new Error(`${path}: ${reply.statusCode} ${reply.body}`);
    }
    const result = engine.recommend(requestFromParams(params, engine.space));
    rows.push([
      path.replace('/api/recommend?', ''),
      result.search.reason.slice(0, 40),
      result.blend?.genreSource ?? '-',
      String(result.poolSize),
      p50(core).toFixed(2),
      p50(json).toFixed(2),
      p50(route).toFixed(2),
    ]);
  }
  await app.close();
  process.stdout.write(`\nIn-process cost per request kind of the http bench, p50 of ${ROUNDS} calls each (ms)\n`);
  process.stdout.write(markdownTable(['query', 'search', 'blend', 'pool', 'recommend', 'JSON', 'Fastify route'], rows));
}

await main();
