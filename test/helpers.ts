import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (tests run from dist/test). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = resolve(ROOT, '../shared/data/spotify_sample.csv');
export const REFERENCE_PATH = resolve(ROOT, '../shared/reference/spotify_sample_reference.json');
export const CLI = resolve(ROOT, 'dist/src/cli/main.js');

export function fixture(name: string): string {
  return resolve(ROOT, 'test/fixtures', name);
}

// biome-ignore lint/suspicious/noExplicitAny: the reference file is plain JSON read by the tests
export const REFERENCE: any = JSON.parse(readFileSync(REFERENCE_PATH, 'utf8'));

/** Asserts |actual - expected| <= tolerance with a readable message. */
export function assertClose(actual: number, expected: number, tolerance: number, what = 'value'): void {
  if (!(Math.abs(actual - expected) <= tolerance)) {
    throw new Error(`${what}: expected ${expected} ± ${tolerance}, got ${actual}`);
  }
}

/** A cache folder of this test process, so CLI runs never read or fill the user's cache. */
export const TEST_CACHE = mkdtempSync(join(tmpdir(), 'spotify-intel-test-cache-'));

/** Runs the built CLI; $SPOTIFY_INTEL_DATA is cleared so only --data or the defaults choose the file. */
export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    encoding: 'utf8',
    cwd: options.cwd,
    env: { ...process.env, SPOTIFY_INTEL_DATA: '', SPOTIFY_INTEL_CACHE: TEST_CACHE, ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
