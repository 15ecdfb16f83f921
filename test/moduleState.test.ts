/**
 * The engine owns all fitted state: no module of src/ may keep mutable state at module level (a
 * cache, a switch, a registry), which would make results depend on what ran before in the process.
 * Module-level collections must be typed read-only (ReadonlySet, ReadonlyMap, readonly arrays), so the
 * compiler refuses any mutation of them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './helpers.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Top-level declarations (column 0) that hold mutable state. */
const MUTABLE_AT_TOP_LEVEL: readonly [RegExp, string][] = [
  [/^(export )?(let|var) /, 'a module-level let/var'],
  [/^(export )?const \w+ = new (Map|Set|WeakMap|WeakSet)\b/, 'a module-level collection without a read-only type'],
  [/^(export )?const \w+: (Map|Set|WeakMap|WeakSet)</, 'a module-level collection typed mutable'],
  [/^(export )?const \w+(: [^=]*)? = \[\]/, 'a module-level empty array'],
];

export function findModuleState(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const [pattern, what] of MUTABLE_AT_TOP_LEVEL) {
          if (pattern.test(line)) found.push(`${relative(ROOT, file)}:${i + 1}: ${what}: ${line.trim()}`);
        }
      });
  }
  return found;
}

test('src/ holds no module-level mutable state', () => {
  const files = sourceFiles(join(ROOT, 'src'));
  assert.ok(files.length > 50, `found only ${files.length} source files under src/`);
  assert.deepEqual(findModuleState(files), []);
});

test('the guard itself catches each kind of module-level state', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'module-state-'));
  const file = join(dir, 'bad.ts');
  writeFileSync(
    file,
    [
      'let counter = 0;',
      'const cache = new WeakMap<object, number>();',
      'export const seen: Set<string> = new Set();',
      'const queue = [];',
      'const WORDS: ReadonlySet<string> = new Set(["a"]);',
      'function f() {',
      '  let local = 1;',
      '}',
    ].join('\n'),
  );
  assert.equal(findModuleState([file]).length, 4);
});
