/// <reference lib="dom" />
/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core against the real server
 * on the shared sample. Every page, at 390x844 and 1280x800, is looked at (test/layoutChecks.ts: nothing
 * past the right edge, no overlapping labels, charts wide enough to read) and saved as a full-page
 * screenshot in out/screenshots/ (git-ignored). Chromium is required: without /usr/bin/chromium this
 * test fails and says how to install it (`.ci/run` does).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Browser, Page } from 'playwright-core';
import { genresOf } from '../src/data/catalog.js';
import { loadCatalog } from '../src/data/index.js';
import { AUDIO_FEATURES } from '../src/data/schema.js';
import { emergingRequestFromParams } from '../src/discover/params.js';
import { Engine } from '../src/engine/engine.js';
import { writeReport } from '../src/report/write.js';
import { buildServer } from '../src/server/app.js';
import { launchChromium, openPage, SHOTS } from './chromium.js';
import { ROOT, SAMPLE } from './helpers.js';
import { layoutProblems } from './layoutChecks.js';
import { writeReportFixture } from './reportFixture.js';

describe('dashboard in Chromium', () => {
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  let engine: Engine;
  const problems: string[] = [];

  before(async () => {
    browser = await launchChromium();
    const loaded = await loadCatalog(SAMPLE);
    engine = Engine.fromLoaded(loaded);
    await engine.warmUp();
    app = buildServer({ engine, source: SAMPLE, webRoot: resolve(ROOT, 'dist/web') });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });

  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const open = (path: string, viewport = { width: 1280, height: 800 }): Promise<Page> => openPage(browser, base, path, problems, viewport);

  it('Explore: overview, charts and a searchable, sortable genre table', async () => {
    const page = await open('#/explore');
    await page.locator('.kpi li').first().waitFor();
    await page.locator('.chart svg').nth(2).waitFor();
    assert.match(await page.locator('.kpi').innerText(), /22,332/);
    await page.getByLabel('filter genres').fill('k-pop');
    const rows = page.locator('table').first().locator('tbody tr');
    assert.equal(await rows.count(), 1);
    assert.match(await rows.first().innerText(), /k-pop/);
    // The cleaning log in the order the pipeline ran its steps (load first), not sorted by name.
    const steps = await page.getByRole('region', { name: 'Cleaning log' }).locator('tbody tr td:nth-child(2)').allInnerTexts();
    assert.deepEqual(
      steps,
      engine.explore()?.cleaningLog.map((s) => s.step),
    );
    assert.equal(steps[0], 'load');
    await page.close();
  });

  it('Recommend: typing a phrase and moving a slider change the recommendations', async () => {
    const page = await open('#/recommend');
    const results = page.locator('#results ol li a');
    await page.locator('#phrase').fill('high energy, fast tempo, happy mood');
    await results.first().waitFor();
    const first = await results.allInnerTexts();
    assert.equal(first.length, 10);
    // Move the acousticness slider with the keyboard: it stops being ignored and the results change.
    const slider = page.locator('input[type=range][data-feature="acousticness"]');
    await slider.focus();
    for (let i = 0; i < 60; i++) await page.keyboard.press('ArrowRight');
    await page.waitForFunction((before) => {
      const now = [...document.querySelectorAll('#results ol li a')].map((a) => (a as HTMLElement).innerText);
      return now.length > 0 && now.join('|') !== before;
    }, first.join('|'));
    assert.equal(await page.locator('input[data-ignore="acousticness"]').isChecked(), false);
    const second = await results.allInnerTexts();
    assert.notDeepEqual(second, first);
    const href = await results.first().getAttribute('href');
    assert.match(href ?? '', /^https:\/\/open\.spotify\.com\/track\//);
    // A phrase the vocabulary does not know shows the API's message, not a blank page.
    await page.locator('#phrase').fill('zzzz');
    await page.locator('#results .error').waitFor();
    assert.match(await page.locator('#results .error').innerText(), /zzzz/);
    await page.close();
  });

  it('Recommend: a seed track picked from the autocomplete gives tracks like it, never itself', async () => {
    const page = await open('#/recommend');
    const search = page.getByLabel('Seed track');
    await search.fill('jason mraz');
    const option = page.locator(`datalist option[value^="Jason Mraz - I'm Yours ("]`).first();
    await option.waitFor({ state: 'attached' });
    await search.fill((await option.getAttribute('value')) ?? '');
    const results = page.locator('#results ol li a');
    await results.first().waitFor();
    const titles = await results.allInnerTexts();
    assert.ok(titles.length > 0);
    assert.ok(!titles.some((t) => /^I'm Yours — Jason Mraz/.test(t)), titles.join('\n'));
    await page.close();
  });

  it('Genres: the classification report and a genre predicted from sliders', async () => {
    const page = await open('#/genres');
    await page.locator('#predict').click();
    await page.locator('#prediction ol li').first().waitFor();
    assert.equal(await page.locator('#prediction ol li').count(), 5);
    assert.match(await page.locator('#prediction ol li').first().innerText(), /%/);
    await page.locator('text=Classification report').waitFor({ timeout: 60_000 });
    await page.locator('.chart svg').first().waitFor({ timeout: 60_000 });
    assert.ok((await page.locator('table').first().locator('tbody tr').count()) > 100);
    // Start from a track: its features fill the sliders and the prediction follows.
    const search = page.getByLabel('Start from a track');
    await search.fill('jason mraz');
    const option = page.locator(`datalist option[value^="Jason Mraz - I'm Yours ("]`).first();
    await option.waitFor({ state: 'attached' });
    await search.fill((await option.getAttribute('value')) ?? '');
    await page.waitForFunction(() => (document.querySelector('input[data-feature="danceability"]') as HTMLInputElement).value === '0.7');
    await page.locator('#prediction ol li').first().waitFor();
    // The catalogue track's true genres beside a guess from the trees that never saw it.
    const { catalog } = engine;
    const track = catalog.trackName.findIndex((name, t) => name === "I'm Yours" && catalog.artists[t] === 'Jason Mraz');
    assert.equal(await page.locator('#true-genres').innerText(), genresOf(catalog, track).join(', '));
    assert.match(await page.locator('#guess-basis').innerText(), /^Out-of-bag: only the \d+ of 100 trees that never saw this track voted/);
    await page.close();
  });

  it('Emerging: tracks and artists; switching to hit-likeness shows the model', async () => {
    const page = await open('#/emerging');
    await page.locator('.chart svg').nth(1).waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /6,771 tracks in the window after the scout filters/); // as docs/emerging.md and the CLI give it
    assert.match(text, /No growth evidence/, 'this server was given no snapshots');
    // The weight boxes show the default weights the answer used (0 for a feature the score leaves out).
    const defaults = engine.emergingAnswer(emergingRequestFromParams({}, engine.catalog.genreNames)).weights as Record<string, number>;
    for (const f of AUDIO_FEATURES)
      assert.equal(await page.locator(`input[data-weight="${f}"]`).inputValue(), String(Number((defaults[f] ?? 0).toPrecision(3))), f);
    await page.locator('#em-by').selectOption('hit-likeness');
    await page.locator('text=/held-out AUC/').waitFor();
    // Nine feature components, nine different colours in the legend.
    await page.locator('text=log-odds by feature').waitFor();
    const fills = await page
      .locator('.chart')
      .first()
      .locator('.role-legend-symbol path')
      .evaluateAll((paths) => paths.map((p) => p.getAttribute('fill')));
    assert.equal(fills.length, 9);
    assert.equal(new Set(fills).size, 9, fills.join(' '));
    await page.close();
  });

  it('Drivers: a feature ranking, a genre model and the heatmap', async () => {
    const page = await open('#/drivers');
    await page.locator('.chart svg').nth(1).waitFor();
    await page.locator('#dr-genre').selectOption('pop');
    await page.locator('text=/pop: n = /').waitFor();
    // The feature ranking shows the strongest negative associations beside the positive ones.
    const labels = await page.locator('.chart').first().locator('.role-axis-label text').allTextContents();
    const ranking = (await (await fetch(`${base}/api/drivers?feature=valence&standardized=true`)).json()).ranking as { genre: string }[];
    for (const g of [...ranking.slice(0, 3), ...ranking.slice(-3)])
      assert.ok(labels.includes(g.genre), `${g.genre} not in ${labels.join(', ')}`);
    await page.close();
  });

  /** Each page in the state a reader sees it in, ready to be looked at. */
  const PAGES: { name: string; ready: (page: Page) => Promise<void>; charts: number }[] = [
    { name: 'explore', charts: 3, ready: (page) => page.locator('.chart svg').nth(2).waitFor() },
    {
      name: 'recommend',
      charts: 0,
      ready: async (page) => {
        await page.locator('#phrase').fill('high energy, fast tempo, happy mood');
        await page.locator('#results ol li').nth(9).waitFor();
      },
    },
    {
      name: 'genres',
      charts: 1,
      ready: async (page) => {
        const search = page.getByLabel('Start from a track');
        await search.fill('jason mraz');
        const option = page.locator(`datalist option[value^="Jason Mraz - I'm Yours ("]`).first();
        await option.waitFor({ state: 'attached' });
        await search.fill((await option.getAttribute('value')) ?? '');
        await page.locator('#guess-basis').waitFor();
        await page.locator('.chart svg').first().waitFor({ timeout: 60_000 });
      },
    },
    { name: 'emerging', charts: 2, ready: (page) => page.locator('.chart svg').nth(1).waitFor() },
    {
      name: 'drivers',
      charts: 3,
      ready: async (page) => {
        await page.locator('.chart svg').nth(1).waitFor();
        await page.locator('#dr-genre').selectOption('pop');
        await page.locator('.chart svg').nth(2).waitFor();
      },
    },
    { name: 'map', charts: 0, ready: (page) => page.locator('.map-label:not([hidden])').first().waitFor({ timeout: 60_000 }) },
  ];

  for (const viewport of [
    { width: 390, height: 844 },
    { width: 1280, height: 800 },
  ]) {
    it(`${viewport.width}x${viewport.height}: on every page nothing passes the right edge, no labels overlap, charts are wide enough`, async () => {
      const found: string[] = [];
      // One page, moved from route to route as a reader clicks through (the app loads once).
      const page = await open('#/explore', viewport);
      for (const { name, ready, charts } of PAGES) {
        await page.evaluate((hash) => {
          location.hash = hash;
        }, `#/${name}`);
        await page.waitForFunction((title) => document.title.startsWith(title), `${name[0]?.toUpperCase()}${name.slice(1)} `);
        await ready(page);
        await page.waitForFunction(() => !document.querySelector('[aria-busy], p.loading'));
        const layout = await layoutProblems(page);
        await page.screenshot({ path: resolve(SHOTS, `${name}-${viewport.width}x${viewport.height}.png`), fullPage: true });
        assert.ok(layout.labels > 40, `${name}: only ${layout.labels} labels were looked at`);
        assert.equal(layout.charts, charts, `${name}: charts drawn`);
        found.push(...layout.problems.map((p) => `${name}: ${p}`));
      }
      await page.close();
      assert.deepEqual(found, []);
    });
  }

  it('report.html opens offline in Chromium: every chart is a drawn SVG, nothing is fetched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
    const csv = join(dir, 'catalogue.csv');
    writeReportFixture(csv);
    const loaded = await loadCatalog(csv);
    const { htmlPath } = await writeReport(Engine.fromLoaded(loaded), join(dir, 'out'), {
      settings: { seed: 42, forestTrees: 10, boostingRounds: 5 },
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const requests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) requests.push(request.url());
    });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`report: console error: ${message.text()}`);
    });
    await page.goto(pathToFileURL(htmlPath).href);
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll('figure > svg')].map((svg) => {
        const box = (svg as SVGSVGElement).getBBox();
        return { width: box.width, height: box.height, marks: svg.querySelectorAll('path, text, rect').length };
      }),
    );
    assert.equal(boxes.length, 12); // 11 charts and the map
    for (const box of boxes) assert.ok(box.width > 50 && box.height > 50 && box.marks > 5, JSON.stringify(box));
    assert.deepEqual(requests, []);
    await page.screenshot({ path: resolve(SHOTS, 'report-1280x800.png') });
    await page.close();
  });

  it('no console errors, page errors or failed requests on any page', () => {
    // The deliberate bad phrase answers 400; Chromium logs that response as a console error.
    const unexpected = problems.filter((p) => !/status of 400/.test(p));
    assert.deepEqual(unexpected, []);
  });
});
