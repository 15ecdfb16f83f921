import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { CLI, SAMPLE } from './helpers.js';

/** Runs `serve` until `readyLines` processes say ready (or exit), then stops it; returns stderr. */
function serveUntilReady(args: string[], cache: string, readyLines: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], {
      env: { ...process.env, SPOTIFY_INTEL_CACHE: cache, SPOTIFY_INTEL_DATA: '' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
      if ((stderr.match(/ ready: /g) ?? []).length >= readyLines) child.kill('SIGTERM');
    });
    child.once('exit', () => resolve(stderr));
    child.once('error', reject);
  });
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

it('serve --workers 2 fits the genre model and its evaluation once, in the primary; the workers load them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-workers-'));
  // 3,000 rows of the sample (a few genres): enough to train, quick to fit.
  const small = join(dir, 'small.csv');
  writeFileSync(small, readFileSync(SAMPLE, 'utf8').split('\n').slice(0, 3001).join('\n'));
  const cache = join(dir, 'cache');
  const log = await serveUntilReady(['--workers', '2', '--data', small], cache, 2);
  assert.equal(count(log, / ready: /g), 2, log);
  assert.equal(count(log, /primary: genre model trained in/g), 1, log);
  assert.equal(count(log, /genre model trained in/g), 1, log);
  assert.equal(count(log, /genre model loaded from/g), 2, log);
  assert.equal(count(log, /primary: genre evaluation computed/g), 1, log);
  assert.equal(count(log, /genre evaluation loaded from/g), 2, log);
  assert.equal(count(log, /catalogue read from the cache/g), 2, log);

  // A later single-process server on the same catalogue fits nothing either.
  const again = await serveUntilReady(['--data', small], cache, 1);
  assert.equal(count(again, /genre model trained in/g), 0, again);
  assert.equal(count(again, /genre model loaded from/g), 1, again);
});
