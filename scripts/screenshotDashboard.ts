/**
 * Takes docs/img/dashboard.png from a running dashboard: Debian's Chromium through playwright-core.
 *
 *   npx spotify-intel serve --port 8080 &   # wait for "ready"
 *   node dist/scripts/screenshotDashboard.js [http://127.0.0.1:8080] [docs/img/dashboard.png]
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chromium } from 'playwright-core';

async function main(): Promise<void> {
  const base = process.argv[2] ?? 'http://127.0.0.1:8080';
  const target = resolve(process.argv[3] ?? 'docs/img/dashboard.png');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    // A small viewport keeps the PNG small; the Recommend page shows a phrase, its results and explanations.
    const page = await browser.newPage({ viewport: { width: 1024, height: 640 } });
    await page.goto(`${base}/#/recommend`);
    const phrase = page.locator('#phrase');
    await phrase.fill('sad slow piano');
    await page.waitForSelector('#results ol li a', { timeout: 60_000 });
    await page.waitForTimeout(1500); // let the results settle after the last keystroke
    mkdirSync(dirname(target), { recursive: true });
    await page.screenshot({ path: target });
    process.stdout.write(`${target}\n`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
