/**
 * Feature rows for prediction, from JSON (one object or an array of objects) or CSV text (a header
 * row, then rows; RFC 4180 quoting). Each row needs every feature of the model as a number within the
 * catalogue's rules (explicit: true/false or 1/0); other fields are ignored except track_id /
 * track_name, which are echoed back. Every error names the row and the field.
 */
import { InputError } from '../data/errors.js';
import { describeRule, NUMERIC_RULES, type NumericRule } from '../data/schema.js';
import type { FeatureMatrix } from './features.js';

/** A JSON value as the user wrote it; a number too large for a double (1e400) parses as Infinity. */
function describeValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return 'a number too large to represent';
  return JSON.stringify(value) ?? String(value);
}

export interface FeatureRows {
  matrix: FeatureMatrix;
  trackId: (string | undefined)[];
  trackName: (string | undefined)[];
}

function parseCell(value: unknown, feature: string, where: string): number {
  if (feature === 'explicit') {
    if (value === true || value === 1) return 1;
    if (value === false || value === 0) return 0;
    if (typeof value === 'string') {
      const t = value.trim().toLowerCase();
      if (t === 'true' || t === '1') return 1;
      if (t === 'false' || t === '0') return 0;
    }
    throw new InputError(`${where}: field explicit must be true or false, got ${describeValue(value)}`);
  }
  let n = Number.NaN;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && value.trim() !== '') n = Number(value);
  const rule = (NUMERIC_RULES as Record<string, NumericRule>)[feature] ?? {};
  if (value === undefined || value === null || value === '')
    throw new InputError(`${where}: field ${feature} is missing (${describeRule(rule)} expected)`);
  const inRange =
    Number.isFinite(n) &&
    (((rule.min === undefined || n >= rule.min) && (rule.max === undefined || n <= rule.max)) || (rule.also ?? []).includes(n)) &&
    (!rule.integer || Number.isInteger(n));
  if (!inRange) throw new InputError(`${where}: field ${feature} must be ${describeRule(rule)}, got ${describeValue(value)}`);
  return n;
}

/** Rows given as objects (a JSON body or parsed CSV records). `label` names the source in errors. */
export function rowsFromObjects(input: unknown, featureNames: readonly string[], label: string): FeatureRows {
  const objects = Array.isArray(input) ? input : [input];
  if (objects.length === 0) throw new InputError(`${label}: no rows; send an object of feature values or an array of them`);
  const rows = objects.length;
  const values = new Float64Array(rows * featureNames.length);
  const trackId: (string | undefined)[] = [];
  const trackName: (string | undefined)[] = [];
  objects.forEach((object, i) => {
    const where = Array.isArray(input) ? `${label} row ${i + 1}` : label;
    if (object === null || typeof object !== 'object' || Array.isArray(object))
      throw new InputError(`${where}: expected an object of feature values (${featureNames.join(', ')})`);
    const record = object as Record<string, unknown>;
    featureNames.forEach((feature, f) => {
      values[f * rows + i] = parseCell(record[feature], feature, where);
    });
    trackId.push(record.track_id === undefined ? undefined : String(record.track_id));
    trackName.push(record.track_name === undefined ? undefined : String(record.track_name));
  });
  return { matrix: { names: featureNames, rows, values }, trackId, trackName };
}

/** Splits CSV text into records of fields (RFC 4180: quotes, doubled quotes, newlines in quotes). */
export function parseCsv(text: string, label: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (record.length > 1 || record[0] !== '') records.push(record);
      record = [];
    } else field += ch;
  }
  if (quoted) throw new InputError(`${label}: unterminated quoted field`);
  record.push(field);
  if (record.length > 1 || record[0] !== '') records.push(record);
  return records;
}

export function rowsFromCsv(text: string, featureNames: readonly string[], label: string): FeatureRows {
  const [header, ...body] = parseCsv(text, label);
  if (!header) throw new InputError(`${label}: the file is empty; expected a header with ${featureNames.join(', ')}`);
  const missing = featureNames.filter((f) => !header.includes(f));
  if (missing.length) throw new InputError(`${label}: missing column(s) ${missing.join(', ')}; found ${header.join(', ')}`);
  if (body.length === 0) throw new InputError(`${label}: a header but no rows`);
  const objects = body.map((cells, r) => {
    if (cells.length !== header.length)
      throw new InputError(`${label}: line ${r + 2} has ${cells.length} fields, the header has ${header.length}`);
    return Object.fromEntries(header.map((name, c) => [name, cells[c]]));
  });
  // Row numbers in errors: CSV data rows count from line 2.
  try {
    return rowsFromObjects(objects, featureNames, label);
  } catch (error) {
    if (error instanceof InputError) throw new InputError(error.message.replace(/row (\d+):/, (_m, n) => `line ${Number(n) + 1}:`));
    throw error;
  }
}
