import assert from 'node:assert/strict';
import { it } from 'node:test';
import { barText, progressBar, stageProgress } from '../src/cli/progress.js';

/** A stand-in for stderr that records what is written. */
function fakeStream(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, written };
}

it('barText fills in proportion and clamps', () => {
  assert.equal(barText(0, 4), '[----]');
  assert.equal(barText(0.5, 4), '[##--]');
  assert.equal(barText(1.7, 4), '[####]');
});

it('stages: one line per stage in a pipe, a bar redrawn in place on a terminal', () => {
  const pipe = fakeStream(false);
  const inPipe = stageProgress('report', ['loading', 'model', 'charts'], pipe.stream);
  inPipe.update('loading');
  inPipe.update('model', 1, 10);
  inPipe.update('model', 2, 10);
  inPipe.update('charts');
  inPipe.end();
  assert.deepEqual(
    pipe.written.map((l) => l.replace(/\(\d+\.\ds\)/, '(t)')),
    ['spotify-intel: report 1/3 loading (t)\n', 'spotify-intel: report 2/3 model (t)\n', 'spotify-intel: report 3/3 charts (t)\n'],
  );
  const tty = fakeStream(true);
  const onTerminal = stageProgress('report', ['loading', 'model', 'charts'], tty.stream);
  onTerminal.update('model', 2, 10);
  onTerminal.end();
  const drawn = tty.written[0] as string;
  assert.ok(drawn.startsWith('\r\x1b[K'), 'redrawn in place');
  assert.match(drawn.slice(4), /^\[#{7}-{13}\] 2\/3 model 2\/10 \(\d+\.\ds\)$/);
  assert.equal(tty.written.at(-1), '\r\x1b[K');
});

it('counted work: silent in a pipe, the final count always drawn on a terminal', () => {
  const pipe = fakeStream(false);
  const quiet = progressBar(pipe.stream);
  quiet.update('training', 5, 5);
  quiet.end();
  assert.deepEqual(pipe.written, []);
  const tty = fakeStream(true);
  const bar = progressBar(tty.stream);
  bar.update('training', 1, 4);
  bar.update('training', 2, 4); // within 100 ms of the last draw: skipped
  bar.update('training', 4, 4);
  bar.end();
  assert.equal(tty.written.length, 3);
  assert.match(tty.written[1] as string, /\[#{30}\] 4\/4 training$/);
});
