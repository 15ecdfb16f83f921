/// <reference lib="dom" />
/**
 * report.html as a reader sees it: rendered by Chromium at 1280x800 and 390x844, no element may cross
 * the right edge (at 390 px, wide tables may scroll inside their own frame) and no two text labels of
 * a chart may overlap (rotated labels compared as rotated boxes). Full-page screenshots go to
 * test-output/ (git-ignored) to be looked at.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { test } from 'node:test';
import { chromium } from 'playwright-core';
import { loadCatalog } from '../src/data/index.js';
import { fitGrowthEvidence } from '../src/discover/growth.js';
import { loadSnapshots } from '../src/discover/snapshots.js';
import { Engine } from '../src/engine/engine.js';
import { buildReportData } from '../src/report/data.js';
import { renderReportHtml } from '../src/report/html.js';
import { ROOT, SAMPLE } from './helpers.js';
import { check } from './reportLayout.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = resolve(ROOT, 'test-output');

test('report.html in Chromium at 1280x800 and 390x844: nothing past the right edge, no overlapping chart labels', async () => {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const loaded = await loadCatalog(SAMPLE);
  const engine = Engine.fromLoaded(loaded);
  engine.useGrowth(fitGrowthEvidence(loaded.catalog, await loadSnapshots([resolve(ROOT, '../shared/data/spotify_earlier_snapshots.csv')])));
  // Few trees and rounds: the layout, not the accuracy, is under test.
  const data = await buildReportData(engine, { seed: 42, forestTrees: 10, boostingRounds: 3 });
  const dir = resolve(SHOTS, 'report');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, 'report.html');
  writeFileSync(file, await renderReportHtml(data));

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    for (const viewport of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      const layout = await check(browser, `file://${file}`, viewport, SHOTS);
      const at = `${viewport.width}x${viewport.height}`;
      assert.equal(layout.charts, 12, `${at}: every chart is drawn`);
      assert.ok(layout.labels > 200, `${at}: the labels were found (${layout.labels})`);
      assert.deepEqual(layout.pastRightEdge, [], `${at}: elements past the right edge`);
      assert.deepEqual(layout.overlappingLabels, [], `${at}: overlapping chart labels`);
      assert.deepEqual(layout.truncatedLabels, [], `${at}: legends and labels read in full`);
    }
  } finally {
    await browser.close();
  }
});
