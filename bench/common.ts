/** What the benches share: paths, the generated 1M-row catalogue, order statistics, the printed table. */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCatalogue } from './generate.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SAMPLE = resolve(ROOT, '../shared/data/spotify_sample.csv');
export const OUT = resolve(ROOT, 'bench/out');

/** bench/out/tracks_1m_v2.csv (v2: ids without underscores), generated from the sample on first use. */
export async function millionRowCatalogue(): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const million = resolve(OUT, 'tracks_1m_v2.csv');
  if (!existsSync(million)) {
    process.stderr.write('generating a 1,000,000-row catalogue from the sample...\n');
    await generateCatalogue(SAMPLE, million, 1_000_000);
  }
  return million;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** The q-quantile of ascending values (nearest rank). */
export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

/** A Markdown table with padded columns. */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] as string).length)));
  const line = (cells: string[]) => `| ${cells.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}
