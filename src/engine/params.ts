/**
 * The one parser of request parameters, shared by every face: flat `name=value` parameters (an HTTP
 * query, or what a CLI option carries), `a=1,b=2` lists, and strict numbers. A number is written in
 * decimal or scientific notation and nothing else (`0x10`, `1_000`, `Infinity`, `null`, `""` and
 * padded text are refused), must be finite, and must lie in the parameter's documented range, so no
 * answer is ever built on an overflow. Messages name the parameter, never a CLI flag.
 */
import { InputError } from '../data/errors.js';

export type Params = Record<string, string | string[] | undefined>;

/** A documented range; bounds inclusive. */
export interface NumberRange {
  min?: number;
  /** A strict lower bound (weights must be above 0). */
  above?: number;
  max?: number;
  integer?: boolean;
}

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export function describeRange(range: NumberRange): string {
  const kind = range.integer ? 'a whole number' : 'a number';
  if (range.above !== undefined)
    return range.max !== undefined ? `${kind} above ${range.above} and at most ${range.max}` : `${kind} above ${range.above}`;
  if (range.min !== undefined && range.max !== undefined) return `${kind} from ${range.min} to ${range.max}`;
  if (range.min !== undefined) return `${kind} >= ${range.min}`;
  if (range.max !== undefined) return `${kind} <= ${range.max}`;
  return kind;
}

function checked(value: number, text: string, name: string, range: NumberRange, kind = describeRange(range)): number {
  const ok =
    Number.isFinite(value) &&
    (range.min === undefined || value >= range.min) &&
    (range.above === undefined || value > range.above) &&
    (range.max === undefined || value <= range.max) &&
    (!range.integer || Number.isInteger(value));
  if (!ok) throw new InputError(`${name} must be ${kind}, got ${JSON.stringify(text)}`);
  return value;
}

/** Parses `text` as a number in `range`; `name` is what the messages call it. */
export function parseNumber(text: string, name: string, range: NumberRange = {}): number {
  return checked(DECIMAL.test(text) ? Number(text) : Number.NaN, text, name, range);
}

/** A number or a fraction such as 1/200 or -1/60 (the notebook writes weights so), in `range`. */
export function parseFraction(text: string, name: string, range: NumberRange = {}): number {
  const [top = '', bottom, extra] = text.split('/');
  const value =
    bottom === undefined
      ? DECIMAL.test(top)
        ? Number(top)
        : Number.NaN
      : extra === undefined && DECIMAL.test(top) && DECIMAL.test(bottom)
        ? Number(top) / Number(bottom)
        : Number.NaN;
  return checked(value, text, name, range, `${describeRange(range)} (or a fraction such as 1/200)`);
}

export function parseBoolean(text: string, name: string): boolean {
  const t = text.trim().toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  throw new InputError(`${name} must be true or false, got ${JSON.stringify(text)}`);
}

/** The value of a parameter given at most once. */
export function single(params: Params, name: string): string | undefined {
  const value = params[name];
  if (Array.isArray(value)) throw new InputError(`parameter ${name} is given more than once`);
  return value;
}

/** A repeatable parameter; comma-separated unless `commas` is false (names may hold commas). */
export function list(params: Params, name: string, commas = true): string[] {
  const value = params[name];
  const parts = (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => (commas ? v.split(',') : [v]));
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** Refuses any parameter not in `allowed`, listing what is. */
export function onlyParams(params: Params, allowed: readonly string[]): void {
  for (const name of Object.keys(params)) {
    if (!allowed.includes(name))
      throw new InputError(`unknown parameter ${name}${allowed.length ? `; use ${allowed.join(', ')}` : '; this route takes none'}`);
  }
}

/** Splits `a=1,b=2` into pairs; each part needs exactly one `=`. `what` names the list in messages. */
export function parseNameValues(text: string, what: string): { name: string; value: string }[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const eq = part.indexOf('=');
      if (eq <= 0 || eq === part.length - 1 || part.indexOf('=', eq + 1) >= 0)
        throw new InputError(`${what}: expected name=value, got ${JSON.stringify(part)}`);
      return { name: part.slice(0, eq).trim(), value: part.slice(eq + 1).trim() };
    });
}
