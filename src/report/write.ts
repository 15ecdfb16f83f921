/** Writes report.html and report.json into a folder, each atomically (temp file in the folder, then rename). */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine } from '../engine/engine.js';
import { buildReportData, DEFAULT_REPORT_SETTINGS, type ReportData, type ReportSettings, type Stage } from './data.js';
import { renderReportHtml } from './html.js';

async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
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
  await mkdir(outDir, { recursive: true });
  const htmlPath = join(outDir, 'report.html');
  const jsonPath = join(outDir, 'report.json');
  await writeAtomically(jsonPath, `${JSON.stringify(data, null, 2)}\n`);
  await writeAtomically(htmlPath, html);
  return { data, htmlPath, jsonPath };
}
