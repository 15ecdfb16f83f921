/**
 * The value rules of a catalogue, as SQL that DuckDB evaluates over every row in parallel. Each
 * check yields a reason string for a broken cell and NULL for a good one.
 */
import { describeRule, NUMERIC_COLUMNS, NUMERIC_RULES, type NumericRule, REQUIRED_COLUMNS } from './schema.js';
import { sqlString } from './sql.js';

const BOOLEAN_TRUE = ['true', '1', '1.0'];
const BOOLEAN_FALSE = ['false', '0', '0.0'];

/** 1 / 0 for a boolean as the direct reader meets it (no surrounding spaces), as `booleanValueSql` reads it. */
export function booleanValue(text: string): 0 | 1 | undefined {
  const v = text.toLowerCase();
  return BOOLEAN_TRUE.includes(v) ? 1 : BOOLEAN_FALSE.includes(v) ? 0 : undefined;
}

/** 1 / 0 for the spellings of a boolean that real exports use, NULL for anything else. */
export function booleanValueSql(cell: string): string {
  const v = `lower(trim(CAST(${cell} AS VARCHAR)))`;
  return `CASE WHEN ${v} IN (${BOOLEAN_TRUE.map(sqlString).join(', ')}) THEN 1 WHEN ${v} IN (${BOOLEAN_FALSE.map(sqlString).join(', ')}) THEN 0 END`;
}

/**
 * A text cell read as a number (any float notation, surrounding spaces allowed). DuckDB's cast also
 * takes digit separators (`200_000`, `1e1_0`), which no catalogue export writes: those are refused.
 */
export function numberFromTextSql(cell: string): string {
  const text = `trim(CAST(${cell} AS VARCHAR))`;
  return `CASE WHEN contains(${text}, '_') THEN NULL ELSE TRY_CAST(${text} AS DOUBLE) END`;
}

/** Whether a text cell holds a digit separator `_`, which `numberFromTextSql` refuses. */
export function hasDigitSeparatorSql(cell: string): string {
  return `contains(CAST(${cell} AS VARCHAR), '_')`;
}

function rangeChecks(v: string, rule: NumericRule): string[] {
  const checks: string[] = [];
  const outside: string[] = [];
  if (rule.min !== undefined) outside.push(`${v} < ${rule.min}`);
  if (rule.max !== undefined) outside.push(`${v} > ${rule.max}`);
  if (outside.length) {
    const allowed = rule.also?.length ? ` AND ${v} NOT IN (${rule.also.join(', ')})` : '';
    checks.push(`WHEN (${outside.join(' OR ')})${allowed} THEN ${sqlString(`out of range: must be ${describeRule(rule)}`)}`);
  }
  if (rule.integer) checks.push(`WHEN ${v} <> round(${v}) THEN 'not a whole number'`);
  return checks;
}

export type CellKind = 'text' | 'typed';

/**
 * The reason a numeric cell is invalid, or NULL. `text` cells are raw strings (the reason can tell
 * "missing" from "not a number"); `typed` cells were already parsed as DOUBLE by the reader.
 */
export function numericProblemSql(cell: string, rule: NumericRule, kind: CellKind): string {
  const v = kind === 'text' ? numberFromTextSql(cell) : cell;
  const checks =
    kind === 'text'
      ? [
          `WHEN ${cell} IS NULL OR trim(CAST(${cell} AS VARCHAR)) = '' THEN 'missing value'`,
          `WHEN ${hasDigitSeparatorSql(cell)} THEN 'not a number (digit separators such as 1_000 are not accepted)'`,
          `WHEN ${v} IS NULL OR NOT isfinite(${v}) THEN 'not a number'`,
        ]
      : [`WHEN ${v} IS NULL THEN 'missing value'`, `WHEN NOT isfinite(${v}) THEN 'not a number'`];
  return `CASE ${[...checks, ...rangeChecks(v, rule)].join(' ')} END`;
}

export interface ColumnCheck {
  column: string;
  cell: string;
  problem: string;
}

/** One check per validated column, in the Kaggle column order (the leftmost problem is reported first). */
export function columnChecks(
  cellOf: (column: string) => string,
  kind: CellKind,
  present: (column: string) => boolean = () => true,
): ColumnCheck[] {
  const checks: ColumnCheck[] = [];
  for (const column of ['track_id', 'track_genre']) {
    const cell = cellOf(column);
    checks.push({ column, cell, problem: `CASE WHEN ${cell} IS NULL OR trim(CAST(${cell} AS VARCHAR)) = '' THEN 'missing value' END` });
  }
  for (const column of NUMERIC_COLUMNS) {
    const cell = cellOf(column);
    checks.push({ column, cell, problem: numericProblemSql(cell, NUMERIC_RULES[column], kind) });
  }
  const explicitCell = cellOf('explicit');
  checks.push({
    column: 'explicit',
    cell: explicitCell,
    problem: `CASE WHEN ${booleanValueSql(explicitCell)} IS NULL THEN 'not a boolean (expected True/False, TRUE/FALSE, true/false, 1/0)' END`,
  });
  return checks.filter((c) => present(c.column)).sort((a, b) => REQUIRED_COLUMNS.indexOf(a.column) - REQUIRED_COLUMNS.indexOf(b.column));
}
