/** The one parameter parser: strict numbers in documented ranges, name=value lists, single/list. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { list, onlyParams, parseBoolean, parseFraction, parseNameValues, parseNumber, single } from '../src/engine/params.js';

describe('parseNumber', () => {
  it('accepts decimal and scientific notation', () => {
    for (const [text, value] of [
      ['0', 0],
      ['-1.5', -1.5],
      ['+2', 2],
      ['.5', 0.5],
      ['5.', 5],
      ['1e3', 1000],
      ['2.43E-5', 2.43e-5],
    ] as const)
      assert.equal(parseNumber(text, 'x'), value, text);
  });

  it('refuses what JavaScript would coerce, and anything not finite', () => {
    for (const text of [
      '',
      ' ',
      ' 5',
      '5 ',
      '0x10',
      '0b1',
      '0o7',
      '1_000',
      'Infinity',
      '-Infinity',
      'NaN',
      'null',
      'true',
      '1e400',
      '1,5',
      '--1',
      'e5',
    ])
      assert.throws(() => parseNumber(text, 'parameter limit'), /parameter limit must be a number, got/, JSON.stringify(text));
  });

  it('enforces the documented range and whole numbers, naming both', () => {
    assert.throws(
      () => parseNumber('101', 'limit', { min: 1, max: 100, integer: true }),
      /^InputError: limit must be a whole number from 1 to 100, got "101"$/,
    );
    assert.throws(() => parseNumber('2.5', 'limit', { min: 1, max: 100, integer: true }), /whole number/);
    assert.throws(
      () => parseNumber('1e308', 'weight_energy', { min: 0, max: 100 }),
      /weight_energy must be a number from 0 to 100, got "1e308"/,
    );
    assert.equal(parseNumber('100', 'limit', { min: 1, max: 100, integer: true }), 100);
  });
});

describe('parseFraction', () => {
  it('reads a number or one fraction', () => {
    assert.equal(parseFraction('1/200', 'w'), 0.005);
    assert.equal(parseFraction('-1/60', 'w'), -1 / 60);
    assert.equal(parseFraction('0.5', 'w'), 0.5);
    for (const text of ['1/0', '1/2/3', 'a/2', '0x1/2', '1e308/1e-308'])
      assert.throws(() => parseFraction(text, 'weight_tempo', { min: -100, max: 100 }), /weight_tempo must be/, text);
  });
});

describe('name=value lists and parameters', () => {
  it('splits pairs, each with exactly one =', () => {
    assert.deepEqual(parseNameValues(' energy=0.9, tempo = 120 ,', 'targets'), [
      { name: 'energy', value: '0.9' },
      { name: 'tempo', value: '120' },
    ]);
    for (const text of ['energy=2=3', 'energy', '=2', 'energy='])
      assert.throws(() => parseNameValues(text, 'targets'), /^InputError: targets: expected name=value, got/, text);
  });

  it('single refuses repeats; list splits commas unless told not to; onlyParams lists what is allowed', () => {
    assert.equal(single({ a: 'x' }, 'a'), 'x');
    assert.throws(() => single({ a: ['x', 'y'] }, 'a'), /parameter a is given more than once/);
    assert.deepEqual(list({ a: ['x,y', ' z '] }, 'a'), ['x', 'y', 'z']);
    assert.deepEqual(list({ a: ['Earth, Wind & Fire - x'] }, 'a', false), ['Earth, Wind & Fire - x']);
    assert.throws(() => onlyParams({ b: '1' }, ['q', 'limit']), /unknown parameter b; use q, limit/);
    assert.throws(() => onlyParams({ b: '1' }, []), /unknown parameter b; this route takes none/);
    assert.equal(parseBoolean('TRUE', 'plain'), true);
    assert.throws(() => parseBoolean('yes', 'plain'), /plain must be true or false/);
  });
});
