/**
 * Writes report.html and report.json into a folder as a pair: both are written to temporary files in
 * the folder first, then renamed into place one after the other with SIGINT/SIGTERM held back, so an
 * interrupted run leaves the old pair or the new pair, and no temporary file.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InputError } from '../data/errors.js';
import type { Engine } from '../engine/engine.js';
import { buildReportData, DEFAULT_REPORT_SETTINGS, type ReportData, type ReportSettings, type Stage } from './data.js';
import { renderReportHtml } from './html.js';

/**
 * Checks, before any work, that `outDir` is (or can be made) a writable folder, and makes it.
 * `flag` names the option in messages.
 */
export function prepareOutputDir(outDir: string, flag = '--out'): void {
  if (existsSync(outDir) && !statSync(outDir).isDirectory())
    throw new InputError(`${flag} ${outDir}: is a file; give a folder (report.html and report.json are written into it)`);
  let parent = dirname(outDir);
  while (!existsSync(parent) && dirname(parent) !== parent) parent = dirname(parent);
  if (existsSync(parent) && !statSync(parent).isDirectory()) throw new InputError(`${flag} ${outDir}: ${parent} is a file, not a folder`);
  try {
    mkdirSync(outDir, { recursive: true });
    accessSync(outDir, constants.W_OK);
  } catch (error) {
    throw new InputError(`${flag} ${outDir}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Writes files as one unit: temporaries first, then renames with termination signals held back. */
async function writeTogether(files: readonly { path: string; text: string }[]): Promise<void> {
  const temps = files.map((f) => `${f.path}.${process.pid}.tmp`);
  const held: NodeJS.Signals[] = [];
  const hold = (signal: NodeJS.Signals) => held.push(signal);
  const removeTemps = () => Promise.all(temps.map((t) => rm(t, { force: true })));
  // A signal while the temporaries are written removes them and stops; during the renames it waits.
  const abort = (signal: NodeJS.Signals) => {
    removeTemps().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', abort).once('SIGTERM', abort);
  try {
    await Promise.all(files.map((f, i) => writeFile(temps[i] as string, f.text)));
    process.off('SIGINT', abort).off('SIGTERM', abort);
    process.on('SIGINT', hold).on('SIGTERM', hold);
    for (const [i, f] of files.entries()) await rename(temps[i] as string, f.path);
  } catch (error) {
    await removeTemps();
    throw error;
  } finally {
    process.off('SIGINT', abort).off('SIGTERM', abort).off('SIGINT', hold).off('SIGTERM', hold);
    for (const signal of held) process.kill(process.pid, signal);
  }
}

export interface WrittenReport {
  data: ReportData;
  htmlPath: string;
  jsonPath: string;
}

export async function writeReport(
  engine: Engine,
  outDir: string,
  options: { settings?: ReportSettings; onStage?: (stage: Stage | 'charts', done?: number, total?: number) => void } = {},
): Promise<WrittenReport> {
  const data = await buildReportData(engine, options.settings ?? DEFAULT_REPORT_SETTINGS, options.onStage);
  options.onStage?.('charts');
  const html = await renderReportHtml(data);
  prepareOutputDir(outDir);
  const htmlPath = join(outDir, 'report.html');
  const jsonPath = join(outDir, 'report.json');
  await writeTogether([
    { path: jsonPath, text: `${JSON.stringify(data, null, 2)}\n` },
    { path: htmlPath, text: html },
  ]);
  return { data, htmlPath, jsonPath };
}
