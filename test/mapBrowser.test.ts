/// <reference lib="dom" />
/**
 * The Map page in Chromium on the shared sample: 22k points drawn, hover shows a track, clicking a
 * genre lists its tracks, searching a track flies to it, the Recommend page hands a seed and its results
 * over, a path between two tracks is drawn; no overflow past the right edge and no overlapping labels at
 * 1280x800 and 390x844. Pan and zoom redraw times (performance marks) are printed, not asserted.
 */
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { GENRE_FAMILIES } from '../src/classify/genreFamilies.js';
import { loadCatalog } from '../src/data/index.js';
import { Engine } from '../src/engine/engine.js';
import { buildServer } from '../src/server/app.js';
import { launchChromium, openPage, SHOTS } from './chromium.js';
import { ROOT, SAMPLE } from './helpers.js';

/** Visible genre labels: none may overlap another or pass the stage's edges; nothing passes the page's right edge. */
async function layoutProblems(page: Page): Promise<{ labels: number; problems: string[] }> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const stage = (document.querySelector('.map-stage') as HTMLElement).getBoundingClientRect();
    const boxes = [...document.querySelectorAll<HTMLElement>('.map-label')]
      .filter((b) => !b.hidden)
      .map((b) => ({ text: b.textContent ?? '', box: b.getBoundingClientRect() }));
    for (const { text, box } of boxes) {
      if (box.left < stage.left - 0.5 || box.right > stage.right + 0.5 || box.top < stage.top - 0.5 || box.bottom > stage.bottom + 0.5)
        problems.push(`label ${text} leaves the map`);
    }
    boxes.forEach((a, i) => {
      for (const b of boxes.slice(i + 1)) {
        if (a.box.left < b.box.right && b.box.left < a.box.right && a.box.top < b.box.bottom && b.box.top < a.box.bottom)
          problems.push(`labels ${a.text} and ${b.text} overlap`);
      }
    });
    const width = document.documentElement.clientWidth;
    for (const element of document.querySelectorAll<HTMLElement>('body *')) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1 && !element.closest('[hidden]'))
        problems.push(`${element.tagName.toLowerCase()}.${element.className} ends at ${Math.round(box.right)} > ${width}`);
    }
    return { labels: boxes.length, problems };
  });
}

async function pickTrack(page: Page, label: string, query: string, prefix: string): Promise<void> {
  const search = page.getByLabel(label);
  await search.fill(query);
  const option = page.locator(`datalist option[value^="${prefix}"]`).first();
  await option.waitFor({ state: 'attached' });
  await search.fill((await option.getAttribute('value')) ?? '');
}

describe('Map page in Chromium', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  const problems: string[] = [];

  before(async () => {
    browser = await launchChromium();
    const engine = Engine.fromLoaded(await loadCatalog(SAMPLE));
    await engine.map(); // cached after the first run (it takes minutes to build on 2 busy cores)
    app = buildServer({ engine, source: SAMPLE, webRoot: resolve(ROOT, 'dist/web'), logger: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  async function open(path: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
    const page = await openPage(browser, base, path, problems, viewport);
    await page.locator('.map-label:not([hidden])').first().waitFor({ timeout: 60_000 });
    return page;
  }

  const drawTimes = (page: Page) => page.evaluate(() => performance.getEntriesByName('map-draw').map((entry) => entry.duration));

  it('draws every track; hover, a genre click and a track search work; pan and zoom redraw times', async (t) => {
    const page = await open('#/map');
    assert.match((await page.locator('.map-canvas').getAttribute('aria-label')) ?? '', /22332 tracks/);
    const layout = await layoutProblems(page);
    assert.ok(layout.labels >= 15, `only ${layout.labels} genre labels shown`);
    assert.deepEqual(layout.problems, []);
    await page.screenshot({ path: resolve(SHOTS, 'map.png') });

    // click a genre: its tracks are listed, most popular first
    const label = page.locator('.map-label:not([hidden])').first();
    const genre = (await label.textContent()) ?? '';
    await label.click();
    await page.locator('#map-side h3', { hasText: genre }).waitFor();
    const listed = page.locator('#map-side .map-tracks li');
    assert.ok((await listed.count()) >= 20, `${genre} lists ${await listed.count()} tracks`);
    assert.match((await page.locator('#map-side').textContent()) ?? '', /tracks, most popular first/);
    await page.screenshot({ path: resolve(SHOTS, 'map-genre.png') });
    await label.click(); // clears the selection

    // search a track: the map flies to it and shows it
    await pickTrack(page, 'Find a track', 'jason mraz', "Jason Mraz - I'm Yours (");
    await page.locator('#map-side', { hasText: "I'm Yours" }).waitFor();
    await page.waitForTimeout(900); // the flight lasts 600 ms

    // hover the centre of the map (where the found track now is): the tooltip names it
    const stage = (await page.locator('.map-stage').boundingBox()) as { x: number; y: number; width: number; height: number };
    const cx = stage.x + stage.width / 2;
    const cy = stage.y + stage.height / 2;
    const onCanvas = await page.evaluate(
      ([x, y]) => document.elementFromPoint(x as number, y as number)?.classList.contains('map-canvas'),
      [cx, cy],
    );
    assert.ok(onCanvas, 'a label covers the centre of the map');
    await page.mouse.move(cx, cy);
    await page.locator('.map-tooltip:not([hidden])').waitFor();
    assert.match((await page.locator('.map-tooltip').textContent()) ?? '', /I'm Yours/);
    await page.screenshot({ path: resolve(SHOTS, 'map-search.png') });

    // pan and zoom: redraw times from performance marks, reported
    await page.evaluate(() => performance.clearMeasures('map-draw'));
    for (let i = 0; i < 5; i++) {
      await page.mouse.wheel(0, -200);
      await page.waitForTimeout(50);
    }
    await page.mouse.move(cx, cy + 50);
    await page.mouse.down();
    for (let i = 0; i < 20; i++) await page.mouse.move(cx - 10 * i, cy + 50 - 5 * i);
    await page.mouse.up();
    await page.waitForTimeout(100);
    const times = (await drawTimes(page)).sort((a, b) => a - b);
    assert.ok(times.length > 0, 'no redraw was measured');
    const median = times[Math.floor(times.length / 2)] as number;
    t.diagnostic(
      `pan/zoom redraws of 22,332 points: ${times.length} frames, median ${median.toFixed(1)} ms, max ${(times.at(-1) as number).toFixed(1)} ms`,
    );
    assert.deepEqual((await layoutProblems(page)).problems, []);
    await page.close();
  });

  it('colour by a feature shows its ramp; colour by genre family shows the 12 families, each in its own colour', async () => {
    const page = await open('#/map');
    await page.locator('#map-colour').selectOption('energy');
    await page.locator('.map-ramp').waitFor();
    await page.screenshot({ path: resolve(SHOTS, 'map-energy.png') });
    await page.locator('#map-colour').selectOption('family');
    const entries = page.locator('.map-families > span');
    await entries.first().waitFor();
    assert.deepEqual(
      await entries.allInnerTexts(),
      GENRE_FAMILIES.map((f) => f.name),
    );
    const swatches = await page.locator('.map-families .swatch').evaluateAll((s) => s.map((e) => getComputedStyle(e).backgroundColor));
    assert.equal(new Set(swatches).size, GENRE_FAMILIES.length, swatches.join(' '));
    await page.screenshot({ path: resolve(SHOTS, 'map-family.png') });
    await page.close();
  });

  it('phone width: the map fits, labels do not overlap', async () => {
    const page = await open('#/map', { width: 390, height: 844 });
    const layout = await layoutProblems(page);
    assert.ok(layout.labels >= 5, `only ${layout.labels} genre labels shown`);
    assert.deepEqual(layout.problems, []);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `page is ${overflow}px wider than the screen`);
    await page.screenshot({ path: resolve(SHOTS, 'map-phone.png'), fullPage: true });
    await page.close();
  });

  it('Recommend "Show on map" draws the seed and its results; a path joins two tracks', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => problems.push(`recommend->map: page error: ${error.message}`));
    await page.goto(`${base}/#/recommend`);
    await pickTrack(page, 'Seed track', 'jason mraz', "Jason Mraz - I'm Yours (");
    await page.locator('#show-on-map').click();
    await page.locator('#map-side h3', { hasText: 'Recommendation' }).waitFor({ timeout: 60_000 });
    const seed = new URLSearchParams(page.url().split('?')[1]).get('seed') as string;
    const results = (new URLSearchParams(page.url().split('?')[1]).get('results') ?? '').split(',');
    assert.equal(results.length, 10);
    assert.ok(!results.includes(seed));
    await page.screenshot({ path: resolve(SHOTS, 'map-recommend.png') });
    // the path from the seed to its last result, through tracks between them
    await page.goto(`${base}/#/map?seed=${seed}&to=${results.at(-1)}`);
    await page.reload();
    await page.locator('#map-side h3', { hasText: 'Path' }).waitFor({ timeout: 60_000 });
    assert.ok((await page.locator('#map-side .map-tracks li').count()) >= 3);
    await page.screenshot({ path: resolve(SHOTS, 'map-path.png') });
    await page.close();
  });

  it('no console errors, page errors or failed requests', () => {
    assert.deepEqual(problems, []);
  });
});
