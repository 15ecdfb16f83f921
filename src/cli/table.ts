/**
 * Plain-text tables for the terminal, padded by display width (a CJK character takes two columns,
 * an accent none), with control characters in cells made visible so no cell can drive the terminal.
 */
import stringWidth from 'string-width';
import { escapeControl } from '../data/text.js';

export type Cell = string | number;

function formatCell(value: Cell): string {
  if (typeof value === 'string') return escapeControl(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return Math.abs(value) >= 1000 ? value.toFixed(1) : value.toPrecision(4);
}

/** Renders rows under a header; numbers right-aligned, text left-aligned. */
export function renderTable(header: readonly string[], rows: readonly Cell[][]): string {
  const text = rows.map((row) => row.map(formatCell));
  const widths = header.map((h, c) => Math.max(stringWidth(h), ...text.map((row) => stringWidth(row[c] ?? ''))));
  const numeric = header.map((_, c) => rows.length > 0 && rows.every((row) => typeof row[c] === 'number'));
  const pad = (cell: string, c: number) => ' '.repeat((widths[c] as number) - stringWidth(cell));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => (numeric[c] ? pad(cell, c) + cell : cell + pad(cell, c)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

export function heading(title: string): string {
  return `\n${title}\n${'='.repeat(title.length)}`;
}
