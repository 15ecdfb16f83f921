/// <reference lib="dom" />
/** What the browser tests share: Debian's Chromium through playwright-core, pages that record every console problem. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { ROOT } from './helpers.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Screenshots of every page the browser tests open (git-ignored: /out/). */
export const SHOTS = resolve(ROOT, 'out/screenshots');

/** Checks Chromium and the built web app are there, then launches it headless. */
export async function launchChromium(): Promise<Browser> {
  assert.ok(
    existsSync(CHROMIUM),
    `Chromium not found at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (as .ci/run does) or set CHROMIUM_PATH`,
  );
  assert.ok(existsSync(resolve(ROOT, 'dist/web/index.html')), 'the web app is not built: run `npm run build`');
  mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** Opens `base/path`, pushing console errors and warnings, page errors and failed requests onto `problems`. */
export async function openPage(
  browser: Browser,
  base: string,
  path: string,
  problems: string[],
  viewport = { width: 1280, height: 800 },
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(`${path}: console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${path}: page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`${path}: request failed: ${request.url()}`));
  await page.goto(`${base}/${path}`);
  return page;
}
