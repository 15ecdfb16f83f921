/**
 * The package as a user gets it: `npm pack`, installed into an empty folder elsewhere, imported by
 * name. Every name docs/library.md lists must be exported (values at run time, types in
 * the declaration file), and its example must run there as written.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fixture, ROOT } from './helpers.js';

/** The library's page (docs/library.md, linked from the README), up to its next section if any. */
function librarySection(): string {
  const page = readFileSync(join(ROOT, 'docs', 'library.md'), 'utf8');
  const start = page.indexOf('# Library');
  const end = page.indexOf('\n## ', start + 1);
  assert.ok(start >= 0, 'docs/library.md has a Library heading');
  return page.slice(start, end < 0 ? undefined : end);
}

/** The names each bullet of the section starts with: "- `a`, `b`: what they are". */
function listedNames(section: string): string[] {
  const names: string[] = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('- ')) continue;
    const head = line.slice(2, line.indexOf(':') > 0 ? line.indexOf(':') : undefined);
    for (const match of head.matchAll(/`([A-Za-z_][A-Za-z0-9_]*)`/g)) names.push(match[1] as string);
  }
  return names;
}

test('the packed package installs elsewhere, exports every name docs/library.md lists, and runs its example', () => {
  const section = librarySection();
  const names = listedNames(section);
  assert.ok(names.length > 50, `docs/library.md lists ${names.length} names`);
  const example = /<!-- library-example -->\s*```js\n([\s\S]*?)```/.exec(section)?.[1];
  assert.ok(example, 'the Library section has the marked example');

  const work = mkdtempSync(join(tmpdir(), 'spotify-intel-package-'));
  // The build is current (npm test builds first), so packing needs no lifecycle scripts.
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', work, '--silent'], {
    cwd: ROOT,
    encoding: 'utf8',
  }).trim();
  const consumer = join(work, 'consumer');
  execFileSync('mkdir', ['-p', consumer]);
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts=false',
      '--loglevel',
      'error',
      join(work, packed.split('\n').pop() as string),
    ],
    { cwd: consumer, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  );

  const installed = join(consumer, 'node_modules', 'spotify-intel');
  const declarations = readFileSync(join(installed, 'dist', 'src', 'index.d.ts'), 'utf8');
  const runtime = JSON.parse(
    execFileSync(
      process.execPath,
      ['--input-type=module', '-e', "import * as m from 'spotify-intel'; console.log(JSON.stringify(Object.keys(m)))"],
      {
        cwd: consumer,
        encoding: 'utf8',
      },
    ),
  ) as string[];
  const missing = names.filter((name) => !runtime.includes(name) && !new RegExp(`\\btype ${name}\\b`).test(declarations));
  assert.deepEqual(missing, [], 'names docs/library.md lists but the package does not export');

  copyFileSync(fixture('kaggle.csv'), join(consumer, 'dataset.csv'));
  writeFileSync(join(consumer, 'example.mjs'), example);
  const output = execFileSync(process.execPath, ['example.mjs'], { cwd: consumer, encoding: 'utf8' });
  const lines = output.trim().split('\n');
  assert.ok(/^1 /.test(lines[0] as string), `the example prints ranked results:\n${output}`);
  assert.match(lines.at(-1) as string, /^\[/, 'the example prints the emerging track names last');
});
