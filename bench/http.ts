/**
 * HTTP throughput of GET /api/recommend: the real `spotify-intel serve` process on the sample, loaded
 * by autocannon from this process (both on the same machine, as the goal states: 2 cores), with a mix
 * of requests (phrases, targets with filters, seed tracks, genres). Prints requests/s, latency
 * percentiles, errors and non-2xx answers.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { markdownTable, ROOT, SAMPLE } from './common.js';
import { PATHS } from './httpPaths.js';

const DURATION_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_HTTP_CONNECTIONS ?? 16);

async function startServer(workers: number): Promise<{ child: ChildProcess; url: string }> {
  const args = ['serve', '--data', SAMPLE, '--port', '0', '--workers', String(workers)];
  const child = spawn(process.execPath, [resolve(ROOT, 'dist/src/cli/main.js'), ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // serve binds first and answers 503 while it starts: measure only once every worker says ready.
  const url = await new Promise<string>((done, fail) => {
    let text = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /at (http:\/\/[^\s/]+)/.exec(text);
      const ready = text.match(/ready: /g)?.length ?? 0;
      if (match && ready >= workers) done(match[1] as string);
    });
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${text}`)));
  });
  return { child, url };
}

async function measure(workers: number): Promise<string[]> {
  const { child, url } = await startServer(workers);
  try {
    // Warm the JIT of every worker on every request kind before measuring.
    for (let round = 0; round < 100 * workers; round++) for (const path of PATHS) await fetch(url + path).then((r) => r.text());
    const result = await autocannon({
      url,
      connections: CONNECTIONS,
      duration: DURATION_SECONDS,
      requests: PATHS.map((path) => ({ method: 'GET' as const, path })),
    });
    const goalMet = result.requests.average >= 2000 && result.errors === 0 && result.non2xx === 0 && result.latency.p99 < 50;
    return [
      String(workers),
      result.requests.average.toFixed(0),
      String(result.latency.p50),
      String(result.latency.p90),
      String(result.latency.p99),
      String(result.latency.max),
      String(result.requests.total),
      String(result.errors + result.timeouts),
      String(result.non2xx),
      goalMet ? 'met' : 'NOT met',
    ];
  } finally {
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
  }
}

async function main(): Promise<void> {
  const rows: string[][] = [];
  for (const workers of [1, 2]) rows.push(await measure(workers));
  process.stdout.write(
    `\nGET /api/recommend on the sample, ${CONNECTIONS} connections, ${DURATION_SECONDS} s each, ${PATHS.length} request kinds, autocannon in the same machine\n`,
  );
  const header = ['serve --workers', 'req/s (mean)', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'requests', 'errors', 'non-2xx'];
  process.stdout.write(markdownTable([...header, 'goal (>= 2,000 req/s, 0 errors, p99 < 50 ms)'], rows));
}

await main();
