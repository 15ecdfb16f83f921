/**
 * Hardening of the loader against files real users have: each class of problem gets the exact
 * message and the physical line an editor shows. Files are written by hand here from the small
 * Kaggle-shaped fixture.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { loadCatalog } from '../src/data/index.js';
import { fileHasDigitSeparator } from '../src/data/load.js';
import { escapeControl } from '../src/data/text.js';
import { CLI, fixture } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'input-hardening-'));
const lines = readFileSync(fixture('kaggle.csv'), 'utf8').trimEnd().split('\n');
const header = lines[0] as string;
const write = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
/** Row 2 of the fixture (track B) with popularity 300, out of range. */
const badRow = (lines[2] as string).replace(',30,180000,', ',300,180000,');

async function rejects(path: string, message: RegExp): Promise<void> {
  await assert.rejects(loadCatalog(path), (error: Error) => {
    assert.match(error.message, message);
    return true;
  });
}

describe('loader: physical line numbers', () => {
  it('blank lines before a bad value do not shift its line', async () => {
    const path = write('blank.csv', [header, lines[1], '', '', '', badRow, lines[3]].join('\n'));
    await rejects(path, /line 6, column popularity: "300": out of range/);
  });

  it('CR-only line ends are lines too', async () => {
    const path = write('cr.csv', [header, lines[1], badRow, lines[3]].join('\r'));
    await rejects(path, /line 3, column popularity: "300"/);
  });

  it('CRLF with a blank line and a quoted value spanning lines', async () => {
    const multiline = (lines[1] as string).replace('First Album', '"First\r\nAlbum"');
    const path = write('crlf.csv', [header, multiline, '', badRow].join('\r\n'));
    await rejects(path, /line 5, column popularity/);
  });

  it('--on-invalid skip lists the same lines', async () => {
    const path = write('skip.csv', [header, lines[1], '', badRow, lines[3]].join('\n'));
    const loaded = await loadCatalog(path, { onInvalid: 'skip' });
    assert.deepEqual(
      loaded.raw.invalidRows.map((r) => r.line),
      [4],
    );
  });
});

describe('loader: digit separators in numbers', () => {
  // DuckDB's DOUBLE cast reads 200_000 as 200000; no catalogue export writes numbers that way.
  const separated = (lines[2] as string).replace(',30,180000,', ',30,180_000,');

  it('a number cell with "_" is refused on the typed path, naming line, column and value', async () => {
    const path = write('underscore.csv', [header, lines[1], separated, lines[3]].join('\n'));
    await rejects(path, /line 3, column duration_ms: "180_000": not a number \(digit separators/);
  });

  it('also in a gzip file and when another row already sends the load to the text path', async () => {
    await rejects(write('underscore.csv.gz', gzipSync([header, lines[1], separated].join('\n'))), /line 3, column duration_ms: "180_000"/);
    const path = write('underscore-text.csv', [header, lines[1], separated, badRow].join('\n'));
    await assert.rejects(loadCatalog(path), (error: Error) => {
      assert.match(error.message, /line 3, column duration_ms: "180_000"/);
      assert.match(error.message, /line 4, column popularity: "300"/);
      return true;
    });
  });

  it('--on-invalid skip leaves the row out and lists it', async () => {
    const loaded = await loadCatalog(write('underscore-skip.csv', [header, lines[1], separated, lines[3]].join('\n')), {
      onInvalid: 'skip',
    });
    assert.deepEqual(
      loaded.raw.invalidRows.map((r) => [r.line, r.column, r.value]),
      [[3, 'duration_ms', '180_000']],
    );
  });

  it('the byte scan finds an underscore between digits, also across its 1 MiB read boundary', () => {
    const mib = 1 << 20;
    const at = (offset: number, text: string) => write(`scan-${offset}-${text}.txt`, 'a'.repeat(offset) + text + 'b'.repeat(10));
    for (const offset of [mib - 3, mib - 2, mib - 1, mib, 0])
      assert.equal(fileHasDigitSeparator(at(offset, '1_2')), true, `1_2 at ${offset}`);
    for (const text of ['a_1', '1_a', '_1', '1_', 'x__1', '1__2']) assert.equal(fileHasDigitSeparator(at(mib - 1, text)), false, text);
  });

  it('underscores in names and albums are text, not a problem', async () => {
    const named = (lines[1] as string).replace('Song One', 'Song_One').replace('First Album', 'If_then_else');
    const loaded = await loadCatalog(write('underscore-names.csv', [header, named, lines[2], lines[3]].join('\n')));
    assert.equal(loaded.raw.invalidRows.length, 0);
    assert.ok(loaded.raw.strings.track_name.includes('Song_One'));
  });
});

describe('loader: columns and encodings', () => {
  it('a required column named twice is an error naming both positions', async () => {
    const path = write('dup.csv', [`${header},track_genre`, ...lines.slice(1).map((l) => `${l},WRONG`)].join('\n'));
    await rejects(path, /dup\.csv: column track_genre appears twice \(columns 21 and 22\)/);
  });

  it('a value whose arithmetic would overflow is out of range, with its line', async () => {
    const path = write('huge.csv', [header, lines[1], (lines[2] as string).replace(',180000,', ',1e300,')].join('\n'));
    await rejects(path, /line 3, column duration_ms: "1e300": out of range: must be a whole number from 0 to 86400000/);
  });

  it('gzip is read directly, with the same counts as the plain file', async () => {
    const plain = await loadCatalog(fixture('kaggle.csv'));
    const zipped = await loadCatalog(write('k.csv.gz', gzipSync(readFileSync(fixture('kaggle.csv')))));
    assert.equal(zipped.raw.rows, plain.raw.rows);
    assert.deepEqual(zipped.catalog.trackId, plain.catalog.trackId);
  });

  it('semicolon- and tab-separated files are read with their separator', async () => {
    // Quote every field so the artists' ";" stays inside its value.
    const quoted = (line: string, sep: string) =>
      line
        .match(/("([^"]|"")*"|[^,]*)(,|$)/g)
        ?.filter((f) => f !== '')
        .map((f) => f.replace(/,$/, ''))
        .map((f) => (f.startsWith('"') ? f : `"${f}"`))
        .join(sep) as string;
    const plain = await loadCatalog(fixture('kaggle.csv'));
    for (const [name, sep] of [
      ['semi.csv', ';'],
      ['tab.csv', '\t'],
    ] as const) {
      const loaded = await loadCatalog(write(name, lines.map((l) => quoted(l, sep)).join('\n')));
      assert.deepEqual(loaded.catalog.trackId, plain.catalog.trackId, name);
      assert.deepEqual(loaded.catalog.artists, plain.catalog.artists, name);
    }
  });

  it('ZIP, UTF-16 and Latin-1 files are named for what they are', async () => {
    await rejects(write('z.csv', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0])), /z\.csv: is a ZIP archive, not a CSV file/);
    await rejects(write('u16.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\n'), 'utf16le')])), /is UTF-16 text/);
    const latin1 = Buffer.from(lines.join('\n').replace('Song One', 'Caf\u00e9'), 'latin1');
    await rejects(write('latin1.csv', latin1), /line 2: the text is not valid UTF-8 \(it looks like Latin-1/);
  });

  it('a Parquet file named .csv is read as Parquet', async () => {
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const target = join(dir, 'really-parquet.csv');
    await connection.run(`COPY (SELECT * FROM read_csv('${fixture('kaggle.csv')}', all_varchar = true)) TO '${target}' (FORMAT parquet)`);
    connection.closeSync();
    instance.closeSync();
    const loaded = await loadCatalog(target);
    assert.equal(loaded.raw.format, 'parquet');
    assert.equal(loaded.raw.rows, 5);
  });

  it('a 3 MB field loads, as in pandas', async () => {
    const long = 'la '.repeat(1_000_000);
    const path = write('long.csv', [`${header},lyrics`, ...lines.slice(1).map((l, i) => `${l},${i === 0 ? long : 'x'}`)].join('\n'));
    const loaded = await loadCatalog(path);
    assert.equal(loaded.raw.rows, 5);
  });
});

describe('loader: pipes and terminals', () => {
  it('a pipe is read (spooled), and messages name it as given', () => {
    const result = spawnSync('bash', ['-c', `node ${CLI} explore --json --data <(cat ${fixture('kaggle.csv')})`], {
      encoding: 'utf8',
      env: { ...process.env, SPOTIFY_INTEL_DATA: '' },
    });
    assert.equal(result.status, 0, result.stderr);
    const out = JSON.parse(result.stdout);
    assert.equal(out.rows, 5);
    assert.match(out.source, /^\/dev\/fd\/\d+$/);
  });

  it('control characters are made visible', () => {
    assert.equal(escapeControl('a\u001b]0;pwned\u0007b\tc'), 'a\\u001b]0;pwned\\u0007b\tc');
  });
});

describe('terminal tables', () => {
  it('align wide (CJK) and combining characters by display width, and escape control characters', async () => {
    const { renderTable } = await import('../src/cli/table.js');
    const out = renderTable(
      ['title', 'n'],
      [
        ['夜に駆ける', 1],
        ['Cafe\u0301', 22],
        ['plain', 333],
        ['\u001b[2Jboom', 4],
      ],
    ).split('\n');
    // Display columns counted by hand: 夜に駆ける is 5 wide characters = 10 columns.
    const columnOfNumberEnd = (line: string) => {
      let width = 0;
      for (const ch of line) width += /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}/u.test(ch) ? 2 : /\p{M}/u.test(ch) ? 0 : 1;
      return width;
    };
    const ends = out.slice(2).map(columnOfNumberEnd);
    assert.equal(new Set(ends).size, 1, out.join('\n'));
    assert.ok(!out.join('\n').includes('\u001b'), 'no raw escape character');
    assert.match(out.at(-1) as string, /\\u001b\[2Jboom/);
  });
});

describe('model files', () => {
  it('a device or pipe given as a model file is refused before reading (no endless read of /dev/zero)', async () => {
    const { loadModel } = await import('../src/classify/modelFile.js');
    assert.throws(() => loadModel('/dev/zero'), /^InputError: \/dev\/zero: not a regular file/);
    assert.throws(() => loadModel(fixture('kaggle.csv')), /kaggle\.csv: not a spotify-intel model file/);
  });
});

describe('spreadsheet injection', () => {
  it('text cells that would run as formulas get a leading quote; numbers stay numbers', async () => {
    const { csvCell } = await import('../src/data/csvCell.js');
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('+1'), "'+1");
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell(-5), '-5');
    assert.equal(csvCell('Song, Two'), '"Song, Two"');
    assert.equal(csvCell('plain'), 'plain');
  });

  it('recommend --csv writes a hostile track name as text', () => {
    const hostile = lines.map((l, i) => (i === 1 ? l.replace('Song One', '=cmd|calc!A0') : l)).join('\n');
    const path = write('hostile.csv', hostile);
    const result = spawnSync(process.execPath, [CLI, 'recommend', '--data', path, '--target', 'energy=0.6', '--csv', '--limit', '3'], {
      encoding: 'utf8',
      env: { ...process.env, SPOTIFY_INTEL_DATA: '', SPOTIFY_INTEL_CACHE: dir },
    });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /,'=cmd\|calc!A0,/);
    assert.doesNotMatch(result.stdout, /,=cmd/);
  });
});

describe('output paths are checked before the work', () => {
  it('classify train --out to a folder or a missing folder, and report --out to a file, exit 2 at once with no temporary file', () => {
    const out = mkdtempSync(join(tmpdir(), 'outputs-'));
    const file = join(out, 'a-file');
    writeFileSync(file, 'x');
    for (const [args, message] of [
      [['classify', 'train', '--out', out], /is a folder; give a file name/],
      [['classify', 'train', '--out', join(out, 'missing', 'm.model')], /the folder .*missing does not exist/],
      [['report', '--out', file], /is a file; give a folder/],
      [['report', '--out', join(file, 'sub')], /a-file is a file, not a folder/],
    ] as const) {
      const result = spawnSync(process.execPath, [CLI, ...args, '--data', fixture('kaggle.csv')], {
        encoding: 'utf8',
        env: { ...process.env, SPOTIFY_INTEL_DATA: '', SPOTIFY_INTEL_CACHE: dir },
      });
      assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.doesNotMatch(result.stderr, /internal error|\n\s+at /);
    }
    assert.deepEqual(readdirSync(out), ['a-file'], 'nothing else written, no temporary file');
  });
});
