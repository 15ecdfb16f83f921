import assert from 'node:assert/strict';
import { it } from 'node:test';
import { foldText } from '../src/data/text.js';

/** The definition foldText implements (its ASCII shortcut must agree with it). */
const reference = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

it('foldText: the printable-ASCII shortcut gives the general result', () => {
  let state = 12345;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state;
  };
  const strings = ["Don't Stop Me Now - 2011 Remaster", 'ABC_def  ghi', '   ', '', 'x~y', 'Café', '夜に駆ける', 'Ｆｕｌｌ'];
  for (let i = 0; i < 2000; i++)
    strings.push(Array.from({ length: next() % 24 }, () => String.fromCharCode(0x20 + (next() % 95))).join(''));
  for (const s of strings) assert.equal(foldText(s), reference(s), JSON.stringify(s));
});
