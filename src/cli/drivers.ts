/** `spotify-intel drivers`: what goes with popularity in each genre, with the uncertainty. */
import type { Command } from 'commander';
import { escapeControl } from '../data/text.js';
import { formatP } from '../drivers/insights.js';
import { driversQueryFromParams } from '../drivers/params.js';
import { type DriversReport, driversReport } from '../drivers/report.js';
import { Engine } from '../engine/engine.js';
import type { Params } from '../engine/params.js';
import { addDataOptions, type DataOptions, loadFromOptions } from './dataOptions.js';
import { type Cell, heading, renderTable } from './table.js';

interface DriversOptions extends DataOptions {
  feature?: string;
  genre?: string;
  standardized?: boolean;
  membership?: string;
  json?: boolean;
}

export function registerDriversCommand(program: Command): void {
  addDataOptions(program.command('drivers').description('popularity drivers per genre: OLS with standard errors, CIs, VIF, BH-adjusted p'))
    .option('--feature <feature>', "rank genres by this feature's coefficient")
    .option('--genre <genre>', "one genre's model in full")
    .option('--standardized', 'rank by standardized coefficients (popularity points per SD) instead of raw ones')
    .option('--membership <how>', 'primary (a track in its first genre, the notebook) or all (in every genre it carries)', 'primary')
    .option('--json', 'print JSON')
    .action(async (options: DriversOptions) => {
      const engine = Engine.fromOpened(await loadFromOptions(options));
      const { catalog } = engine;
      const params: Params = { membership: options.membership };
      if (options.feature !== undefined) params.feature = options.feature;
      if (options.genre !== undefined) params.genre = options.genre;
      if (options.standardized) params.standardized = 'true';
      const query = driversQueryFromParams(params, catalog.genreNames);
      const report = driversReport(engine.driversFor(query.membership), query, catalog.genreNames);
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatDrivers(report));
    });
}

const mark = (significant: boolean) => (significant ? '*' : '');
const interval = (low: number, high: number, digits: number) => `${low.toFixed(digits)} to ${high.toFixed(digits)}`;

export function formatDrivers(report: DriversReport): string {
  const lines: string[] = [
    report.summary,
    '* = significant after Benjamini-Hochberg over all genre x feature tests; standardized = popularity points per SD of the feature within the genre (ddof 1).',
  ];
  if (report.genre !== null) {
    const g = report.genres[0];
    if (g) {
      lines.push(
        heading(
          `${g.genre}: n=${g.n}, R^2 ${g.r2.toFixed(3)}, adjusted R^2 ${g.adjR2.toFixed(3)}, F-test p${formatP(g.fPValue)}, intercept ${g.intercept.toFixed(2)} (SE ${g.interceptSe.toFixed(2)})`,
        ),
      );
      const rows: Cell[][] = g.coefficients.map((c) => [
        c.feature,
        c.coef.toFixed(4),
        c.se.toFixed(4),
        c.stdCoef.toFixed(2),
        interval(c.stdCiLow, c.stdCiHigh, 2),
        c.t.toFixed(2),
        formatP(c.p).replace(/^=/, ''),
        formatP(c.pAdjusted).replace(/^=/, ''),
        c.vif.toFixed(2),
        mark(c.significant),
      ]);
      lines.push(renderTable(['feature', 'coef', 'SE', 'std coef', '95% CI (std)', 't', 'p', 'adj p', 'VIF', ''], rows));
      for (const w of g.warnings) lines.push(`warning: ${w}`);
    }
  }
  if (report.ranking && report.feature) {
    const std = report.standardized;
    lines.push(
      heading(
        `Genres by the ${std ? 'standardized' : 'raw'} coefficient of ${report.feature} (${std ? 'points per SD' : 'points per unit'})`,
      ),
    );
    const rows: Cell[][] = report.ranking.map((r) => [
      r.rank,
      r.genre,
      r.n,
      (std ? r.stdCoef : r.coef).toFixed(std ? 2 : 3),
      std ? interval(r.stdCiLow, r.stdCiHigh, 2) : interval(r.ciLow, r.ciHigh, 3),
      formatP(r.pAdjusted).replace(/^=/, ''),
      mark(r.significant),
    ]);
    lines.push(renderTable(['#', 'genre', 'n', 'coef', '95% CI', 'adj p', ''], rows));
  }
  if (report.genre === null && report.feature === null) {
    lines.push(heading('Standardized coefficients (popularity points per SD), genre x feature'));
    const m = report.matrix;
    const rows: Cell[][] = m.genres.map((genre, i) => [
      genre,
      ...m.features.map(
        (_, j) => `${((m.stdCoef[i] as number[])[j] as number).toFixed(1)}${mark((m.significant[i] as boolean[])[j] as boolean)}`,
      ),
    ]);
    lines.push(renderTable(['genre', ...m.features.map((f) => f.slice(0, 8))], rows));
  }
  lines.push(heading('Insights (significant results only)'));
  if (report.insights.length === 0) lines.push('No coefficient is significant after Benjamini-Hochberg here.');
  for (const insight of report.insights) lines.push(`- ${insight.text}`);
  lines.push(heading("The notebook's claims"));
  for (const claim of report.notebookClaims) lines.push(`- ${claim.text}`);
  if (report.skipped.length) lines.push(`\nSkipped: ${report.skipped.map((s) => `${s.genre} (${s.reason})`).join('; ')}`);
  return escapeControl(`${lines.join('\n')}\n`);
}
