/**
 * Every shell example in README.md and docs/*.md runs as written, from the project root after the build.
 *
 * A fenced `sh` block runs by default; `<!-- example: fail -->` on the line before it means each command
 * must exit 2 (bad input), `<!-- example: skip: reason -->` skips it (the reason is required and printed).
 * `npx spotify-intel serve ...` is started on a free port (its --port replaced), asked for /api/health
 * until ready, probed, and stopped; `curl` lines run against such a server (127.0.0.1:8080 replaced by
 * its port). Blocks run two at a time, the lines of one block in order (train before predict); a
 * command written in several places runs once.
 *
 * Speed: the examples share one catalogue cache, kept between runs in test-output/examples-cache (or
 * $SPOTIFY_INTEL_EXAMPLES_CACHE), so the fitted models and the map are built once. `npx` itself is checked
 * once for real (the bin resolves and is executable); the examples then reach the same built CLI through a
 * small `npx` shim on PATH, which saves npm's start-up (over a second each) and changes nothing else.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { buildProgram } from '../src/cli/program.js';
import { CLI, ROOT } from './helpers.js';

type Mode = { kind: 'run' } | { kind: 'fail' } | { kind: 'skip'; reason: string };
interface Block {
  file: string;
  line: number;
  mode: Mode;
  commands: string[];
}

const MARKER = /^<!--\s*example:\s*(run|fail|skip)\s*(?::\s*(.*?))?\s*-->$/;

/** The shell blocks of one Markdown file, with the marker on the line before each (run when none). */
export function shellBlocks(file: string, text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^\s*```(\w*)\s*$/.exec(lines[i] as string);
    if (!open) continue;
    let end = i + 1;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end] as string)) end++;
    if (['sh', 'bash', 'shell'].includes(open[1] as string)) {
      let previous = i - 1;
      while (previous >= 0 && (lines[previous] as string).trim() === '') previous--;
      const marker = MARKER.exec((lines[previous] ?? '').trim());
      const mode: Mode =
        marker?.[1] === 'skip' ? { kind: 'skip', reason: marker[2] ?? '' } : marker?.[1] === 'fail' ? { kind: 'fail' } : { kind: 'run' };
      const commands = lines
        .slice(i + 1, end)
        .join('\n')
        .replace(/\\\n\s*/g, ' ')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
      blocks.push({ file, line: i + 1, mode, commands });
    }
    i = end;
  }
  return blocks;
}

function documentedBlocks(): Block[] {
  const files = [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => join('docs', f)),
  ];
  return files.flatMap((file) => shellBlocks(file, readFileSync(join(ROOT, file), 'utf8')));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

const CACHE = process.env.SPOTIFY_INTEL_EXAMPLES_CACHE ?? join(ROOT, 'test-output', 'examples-cache');

/** A folder holding an `npx` that runs `spotify-intel` as the built CLI and anything else as the real npx. */
function npxShim(): string {
  const dir = mkdtempSync(join(tmpdir(), 'spotify-intel-npx-'));
  const realNpx = spawnSync('bash', ['-c', 'command -v npx'], { encoding: 'utf8' }).stdout.trim();
  const shim = join(dir, 'npx');
  writeFileSync(
    shim,
    `#!/bin/sh\nif [ "$1" = spotify-intel ]; then shift; exec "${process.execPath}" "${CLI}" "$@"; fi\nexec "${realNpx}" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  return dir;
}

const SHIM = npxShim();
mkdirSync(CACHE, { recursive: true });
const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  PATH: `${SHIM}:${process.env.PATH ?? ''}`,
  SPOTIFY_INTEL_CACHE: CACHE,
  SPOTIFY_INTEL_DATA: '',
  SPOTIFY_INTEL_PREVIOUS: '',
};

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runShell(command: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['-c', command], { cwd: ROOT, env: ENV });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk; // whole: a curl answer is parsed as JSON (the map's is a few MB)
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Starts a serve example on a free port; resolves with the port once /api/health says ready. */
async function startServer(command: string): Promise<{ port: number; child: ChildProcess; log: () => string }> {
  const port = await freePort();
  command = command.replace(/\s+#\s.*$/, ''); // a trailing comment would swallow the port added below
  const withPort = /--port\s+\d+/.test(command) ? command.replace(/--port\s+\d+/, `--port ${port}`) : `${command} --port ${port}`;
  const child = spawn('bash', ['-c', `exec ${withPort}`], { cwd: ROOT, env: ENV, detached: true });
  let log = '';
  child.stderr?.on('data', (chunk) => {
    log += chunk;
  });
  child.stdout?.on('data', (chunk) => {
    log += chunk;
  });
  const deadline = Date.now() + 15 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`\`${withPort}\` exited with ${child.exitCode}:\n${tail(log)}`);
    try {
      const health = (await (await fetch(`http://127.0.0.1:${port}/api/health`)).json()) as { status?: string };
      if (health.status === 'ready') return { port, child, log: () => log };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  stopServer(child);
  throw new Error(`\`${withPort}\` was not ready within 15 minutes:\n${tail(log)}`);
}

function stopServer(child: ChildProcess): void {
  if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
}

const blocks = documentedBlocks();
const ran = new Map<string, Promise<Outcome>>();
/** One shared run per distinct command text. */
const runOnce = (command: string) => {
  let outcome = ran.get(command);
  if (!outcome) {
    outcome = runShell(command);
    ran.set(command, outcome);
  }
  return outcome;
};

/** One server for every `curl` example, started on first need and stopped after the last test. */
let curlServer: ReturnType<typeof startServer> | undefined;
const serverForCurl = () => {
  curlServer ??= startServer('npx spotify-intel serve');
  return curlServer;
};
after(async () => {
  if (curlServer) stopServer((await curlServer).child);
});

const isServe = (command: string) => /^npx spotify-intel serve\b/.test(command);
const isCurl = (command: string) => /^curl\b/.test(command);

describe('documentation examples', () => {
  it('are all marked run, fail or skip-with-a-reason, and call the tool as `npx spotify-intel`', () => {
    assert.ok(blocks.length >= 15, `found ${blocks.length} shell blocks`);
    for (const block of blocks) {
      const where = `${block.file}:${block.line}`;
      if (block.mode.kind === 'skip') assert.ok(block.mode.reason.length > 5, `${where}: a skipped example needs a reason`);
      assert.ok(block.commands.length > 0, `${where}: an empty shell block`);
      for (const command of block.commands) {
        assert.doesNotMatch(
          command,
          /^spotify-intel\b/,
          `${where}: after \`npm ci\` the bare command is not on PATH; write \`npx spotify-intel\``,
        );
        assert.doesNotMatch(command, /\.\.\/shared\//, `${where}: ../shared exists only in this workspace, not in a clone`);
        if (block.mode.kind !== 'skip')
          assert.match(command, /^(npx spotify-intel|curl) /, `${where}: a run example is \`npx spotify-intel ...\` or \`curl ...\``);
      }
    }
  });

  it('npx finds the built CLI and may execute it', () => {
    const real = spawnSync('npx', ['--no-install', 'spotify-intel', '--version'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(real.status, 0, `npx spotify-intel --version exited ${real.status}: ${real.stderr}${real.stdout}${real.error ?? ''}`);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(real.stdout.trim(), manifest.version);
  });

  it('every command has one example at the end of its --help', () => {
    const missing: string[] = [];
    const visit = (command: ReturnType<typeof buildProgram>, path: string) => {
      let help = '';
      command.configureOutput({ writeOut: (text) => (help += text) });
      command.outputHelp();
      if (!new RegExp(`Example:\\n  npx spotify-intel ${path}`).test(help)) missing.push(path || '(the program)');
      for (const sub of command.commands) visit(sub, path ? `${path} ${sub.name()}` : sub.name());
    };
    visit(buildProgram(), '');
    assert.deepEqual(missing, []);
  });
});

describe('documentation examples run as written', { concurrency: 2 }, () => {
  // The first runnable block first: it fills the catalogue cache the others then read.
  const first = blocks.find((b) => b.mode.kind === 'run' && !b.commands.some(isServe));
  const ordered = [...blocks].sort((a, b) => Number(b === first) - Number(a === first));
  for (const block of ordered) {
    const where = `${block.file}:${block.line}`;
    const title = `${where} (${block.mode.kind}): ${block.commands.join(' && ').slice(0, 110)}`;
    if (block.mode.kind === 'skip') {
      it(title, { skip: block.mode.reason }, () => {});
      continue;
    }
    const expected = block.mode.kind === 'fail' ? 2 : 0;
    it(title, { timeout: 20 * 60_000 }, async () => {
      for (const command of block.commands) {
        if (isCurl(command)) continue; // run below, against a server
        if (isServe(command)) {
          const server = await startServer(command);
          try {
            const page = await fetch(`http://127.0.0.1:${server.port}/`);
            assert.equal(page.status, 200, `${where}: the dashboard page`);
            assert.match(await page.text(), /<html/i);
            const genres = await fetch(`http://127.0.0.1:${server.port}/api/genres`);
            assert.equal(genres.status, 200, `${where}: GET /api/genres`);
          } finally {
            stopServer(server.child);
          }
          continue;
        }
        const outcome = await runOnce(command);
        assert.equal(
          outcome.code,
          expected,
          `${where}: \`${command}\` exited ${outcome.code}, expected ${expected}\n--- stderr ---\n${tail(outcome.stderr)}\n--- stdout ---\n${tail(outcome.stdout, 5)}`,
        );
        if (expected === 2) assert.match(outcome.stderr, /spotify-intel: /, `${where}: a refusal explains itself on stderr`);
        else assert.ok(outcome.stdout.trim().length > 0, `${where}: \`${command}\` printed nothing`);
      }
      const curls = block.commands.filter(isCurl);
      if (curls.length === 0) return;
      const server = await serverForCurl();
      for (const curl of curls) {
        const command = curl.replaceAll('127.0.0.1:8080', `127.0.0.1:${server.port}`);
        const outcome = await runShell(command);
        assert.equal(outcome.code, expected, `${where}: \`${curl}\` exited ${outcome.code}\n${tail(outcome.stderr)}`);
        JSON.parse(outcome.stdout); // every API answer is JSON
      }
    });
  }
});
