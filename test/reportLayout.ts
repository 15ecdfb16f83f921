/// <reference lib="dom" />
/**
 * Layout checks for report.html in Chromium (kept local to the report tests): elements past the right
 * edge, and overlapping text labels inside each chart, rotated labels compared as rotated boxes.
 */
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';

export interface Layout {
  pastRightEdge: string[];
  overlappingLabels: string[];
  /** Chart texts Vega cut short with an ellipsis (legends and labels must read in full). */
  truncatedLabels: string[];
  charts: number;
  labels: number;
}

/** Runs in the page: elements past the right edge, and pairs of overlapping SVG text boxes per chart. */
export function inspect(allowScrollFrames: boolean): Layout {
  const width = document.documentElement.clientWidth;
  const describe = (e: Element) => {
    const text = (e.textContent ?? '').trim().slice(0, 40);
    return `<${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}> "${text}"`;
  };
  const inScrollFrame = (e: Element) => {
    for (let a = e.parentElement; a; a = a.parentElement) {
      const overflow = getComputedStyle(a).overflowX;
      if ((overflow === 'auto' || overflow === 'scroll') && a.getBoundingClientRect().right <= width + 0.5) return true;
    }
    return false;
  };
  const pastRightEdge: string[] = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (e.closest('svg') && e.tagName.toLowerCase() !== 'svg') continue;
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 0.5) continue;
    if (allowScrollFrames && inScrollFrame(e)) continue;
    pastRightEdge.push(`${describe(e)} right=${box.right.toFixed(1)} > ${width}`);
  }

  // Each label as its four screen corners (rotation included), then a separating-axis test per pair.
  type Quad = { x: number; y: number }[];
  const visible = (e: Element) => {
    for (let a: Element | null = e; a && a.tagName.toLowerCase() !== 'body'; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0) return false;
      if (a.getAttribute('opacity') === '0' || a.getAttribute('fill-opacity') === '0') return false;
    }
    return true;
  };
  const quadOf = (t: SVGTextElement): Quad | null => {
    const b = t.getBBox();
    const m = t.getScreenCTM();
    if (!m || b.width === 0 || b.height === 0) return null;
    // Glyph boxes include line spacing; shrink a little so touching baselines are not counted.
    const inset = Math.min(b.height * 0.15, 2);
    const corners = [
      [b.x, b.y + inset],
      [b.x + b.width, b.y + inset],
      [b.x + b.width, b.y + b.height - inset],
      [b.x, b.y + b.height - inset],
    ];
    return corners.map(([x, y]) => ({
      x: m.a * (x as number) + m.c * (y as number) + m.e,
      y: m.b * (x as number) + m.d * (y as number) + m.f,
    }));
  };
  const separated = (p: Quad, q: Quad) => {
    for (const quad of [p, q]) {
      for (let i = 0; i < quad.length; i++) {
        const a = quad[i] as { x: number; y: number };
        const b = quad[(i + 1) % quad.length] as { x: number; y: number };
        const nx = b.y - a.y;
        const ny = a.x - b.x;
        const project = (r: Quad) => r.map((v) => v.x * nx + v.y * ny);
        const pp = project(p);
        const qq = project(q);
        // Overlaps of under one pixel are rounding, not collisions.
        const tolerance = Math.hypot(nx, ny);
        if (Math.max(...pp) <= Math.min(...qq) + tolerance || Math.max(...qq) <= Math.min(...pp) + tolerance) return true;
      }
    }
    return false;
  };
  const overlappingLabels: string[] = [];
  const truncatedLabels = [...document.querySelectorAll('figure svg text')]
    .map((t) => (t.textContent ?? '').trim())
    .filter((text) => text.endsWith('\u2026'));
  const svgs = [...document.querySelectorAll('figure svg')];
  let labels = 0;
  svgs.forEach((svg, chart) => {
    const texts = [...svg.querySelectorAll('text')]
      .filter((t) => (t.textContent ?? '').trim() !== '' && visible(t))
      .map((t) => ({ text: (t.textContent ?? '').trim(), quad: quadOf(t as SVGTextElement) }))
      .filter((t): t is { text: string; quad: Quad } => t.quad !== null);
    labels += texts.length;
    for (let i = 0; i < texts.length; i++)
      for (let j = i + 1; j < texts.length; j++) {
        const a = texts[i] as { text: string; quad: Quad };
        const b = texts[j] as { text: string; quad: Quad };
        if (!separated(a.quad, b.quad))
          overlappingLabels.push(`chart ${chart + 1} (${svg.getAttribute('aria-label') ?? ''}): "${a.text}" x "${b.text}"`);
      }
  });
  return { pastRightEdge, overlappingLabels, truncatedLabels, charts: svgs.length, labels };
}

export async function check(browser: Browser, url: string, viewport: { width: number; height: number }, shots: string): Promise<Layout> {
  const page: Page = await browser.newPage({ viewport });
  try {
    await page.goto(url);
    await page.screenshot({ path: resolve(shots, `report-${viewport.width}x${viewport.height}.png`), fullPage: true });
    return await page.evaluate(inspect, viewport.width < 600);
  } finally {
    await page.close();
  }
}
