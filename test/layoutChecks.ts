/// <reference lib="dom" />
/**
 * Layout checks that look at a rendered page the way a reader does, run inside the browser:
 * - nothing crosses the right edge: every visible element ends inside the viewport, and an element
 *   inside a clipping box (overflow other than visible) ends inside that box, unless the box is a
 *   labelled scroll frame (role="region" with an aria-label and overflow-x auto) that says it scrolls;
 * - no two text labels overlap, and no label runs into a control: HTML text (one box per line of each
 *   text node), SVG <text> in charts (its rotated box, for slanted axis labels) and the boxes of inputs,
 *   selects and buttons, each cut to what its scroll frames show;
 * - every chart's plot is wide enough to read: its widest horizontal axis spans 200 px or 40% of the
 *   chart's box, whichever is less (a legend beside a 20 px plot fails).
 */
import type { Page } from 'playwright-core';

export interface LayoutReport {
  /** How many text boxes and controls were compared (so a check over nothing is seen). */
  labels: number;
  charts: number;
  problems: string[];
}

/** Runs the three checks on the page as it is now. */
export function layoutProblems(page: Page): Promise<LayoutReport> {
  return page.evaluate(() => {
    type Point = { x: number; y: number };
    interface Label {
      what: string;
      owner: Element;
      /** Corners, clockwise, in viewport pixels (a rotated rectangle for slanted SVG text). */
      corners: Point[];
      control: boolean;
    }
    const problems: string[] = [];
    const viewportWidth = document.documentElement.clientWidth;
    const describe = (element: Element) => {
      const id = element.id ? `#${element.id}` : '';
      const classes =
        typeof element.className === 'string' && element.className ? `.${element.className.trim().split(/\s+/).join('.')}` : '';
      const text = (element.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
      return `${element.tagName.toLowerCase()}${id}${classes}${text ? ` "${text}"` : ''}`;
    };
    const clips = (element: Element) => getComputedStyle(element).overflowX !== 'visible';
    const labelledFrame = (element: Element) =>
      element.getAttribute('role') === 'region' &&
      !!element.getAttribute('aria-label') &&
      ['auto', 'scroll'].includes(getComputedStyle(element).overflowX);
    const invisible = (element: Element) => {
      // A closed <details> hides its content without display: none.
      const details = element.closest('details:not([open])');
      if (details && !element.closest('summary')) return true;
      for (let e: Element | null = element; e; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.visibility === 'hidden' || style.display === 'none' || Number(style.opacity) === 0) return true;
      }
      return false;
    };
    /** The part of a viewport rectangle its clipping ancestors show (undefined: nothing shows). */
    const shown = (element: Element, rect: { left: number; top: number; right: number; bottom: number }) => {
      let { left, top, right, bottom } = rect;
      for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
        const style = getComputedStyle(e);
        if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
        const box = e.getBoundingClientRect();
        left = Math.max(left, box.left);
        top = Math.max(top, box.top);
        right = Math.min(right, box.right);
        bottom = Math.min(bottom, box.bottom);
      }
      return right - left > 1 && bottom - top > 1 ? { left, top, right, bottom } : undefined;
    };
    const rectangle = (r: { left: number; top: number; right: number; bottom: number }): Point[] => [
      { x: r.left, y: r.top },
      { x: r.right, y: r.top },
      { x: r.right, y: r.bottom },
      { x: r.left, y: r.bottom },
    ];

    // 1. The right edge.
    for (const element of document.querySelectorAll('body *')) {
      const box = element.getBoundingClientRect();
      if (box.width === 0 || box.height === 0 || invisible(element)) continue;
      let frame: Element | undefined;
      for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
        if (clips(e)) {
          frame = e;
          break;
        }
      }
      if (frame && labelledFrame(frame)) continue; // it scrolls, and says so; the frame itself is checked
      const edge = frame ? frame.getBoundingClientRect().right : viewportWidth;
      if (box.right > edge + 0.5)
        problems.push(
          `${describe(element)} ends at ${box.right.toFixed(1)} px, past the ${frame ? `edge of ${describe(frame)} at` : 'viewport at'} ${edge.toFixed(1)} px`,
        );
    }

    // 2. Labels: HTML text, SVG text, controls.
    const labels: Label[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || !(node.textContent ?? '').trim() || parent.closest('svg, script, style, option, datalist') || invisible(parent))
        continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const line of range.getClientRects()) {
        const part = shown(parent, line);
        if (part)
          labels.push({
            what: `"${(node.textContent ?? '').trim().slice(0, 30)}"`,
            owner: parent,
            corners: rectangle(part),
            control: false,
          });
      }
    }
    for (const text of document.querySelectorAll('svg text')) {
      if (!(text.textContent ?? '').trim() || invisible(text)) continue;
      const matrix = (text as SVGTextElement).getScreenCTM();
      const box = (text as SVGTextElement).getBBox();
      if (!matrix || box.width === 0) continue;
      const corners = [
        [box.x, box.y],
        [box.x + box.width, box.y],
        [box.x + box.width, box.y + box.height],
        [box.x, box.y + box.height],
      ].map(([x, y]) => new DOMPoint(x, y).matrixTransform(matrix));
      // Glyph boxes include the font's full ascent and descent: trim 1 px so lines of labels set 1 px apart do not count.
      const cx = corners.reduce((s, p) => s + p.x, 0) / 4;
      const cy = corners.reduce((s, p) => s + p.y, 0) / 4;
      const trimmed = corners.map((p) => {
        const d = Math.hypot(p.x - cx, p.y - cy) || 1;
        return { x: p.x - ((p.x - cx) / d) * 1, y: p.y - ((p.y - cy) / d) * 1 };
      });
      if (!shown(text, text.getBoundingClientRect())) continue;
      labels.push({ what: `svg text "${(text.textContent ?? '').trim().slice(0, 30)}"`, owner: text, corners: trimmed, control: false });
    }
    for (const control of document.querySelectorAll('input:not([type=hidden]), select, textarea, button')) {
      const box = control.getBoundingClientRect();
      if (box.width === 0 || invisible(control)) continue;
      const part = shown(control, box);
      if (part) labels.push({ what: describe(control), owner: control, corners: rectangle(part), control: true });
    }
    // Separating axis test for two convex quadrilaterals; more than 1 px of overlap on every axis counts.
    const axesOf = (c: Point[]) =>
      c.map((p, i) => {
        const q = c[(i + 1) % c.length] as Point;
        const length = Math.hypot(q.x - p.x, q.y - p.y) || 1;
        return { x: -(q.y - p.y) / length, y: (q.x - p.x) / length };
      });
    const project = (c: Point[], axis: Point) => {
      const values = c.map((p) => p.x * axis.x + p.y * axis.y);
      return [Math.min(...values), Math.max(...values)] as const;
    };
    // Two level chart labels on one line closer than 2 px read as one number ("0.000.02").
    const level = (c: Point[]) => Math.abs((c[0] as Point).y - (c[1] as Point).y) < 0.5;
    type Box = { left: number; right: number; top: number; bottom: number };
    const runTogether = (a: Label, b: Label, boxA: Box, boxB: Box) =>
      a.owner instanceof SVGElement &&
      b.owner instanceof SVGElement &&
      level(a.corners) &&
      level(b.corners) &&
      Math.min(boxA.bottom, boxB.bottom) - Math.max(boxA.top, boxB.top) > 1 &&
      // The boxes are trimmed by about 1 px a side, so a gap under 4 px here is under about 2 px on screen.
      Math.abs(Math.max(boxA.left, boxB.left) - Math.min(boxA.right, boxB.right) - 1.25) < 2.75;
    const overlap = (a: Point[], b: Point[], least: number) =>
      [...axesOf(a), ...axesOf(b)].every((axis) => {
        const [a0, a1] = project(a, axis);
        const [b0, b1] = project(b, axis);
        return Math.min(a1, b1) - Math.max(a0, b0) > least;
      });
    const bounds = labels.map((l) => ({
      left: Math.min(...l.corners.map((p) => p.x)),
      right: Math.max(...l.corners.map((p) => p.x)),
      top: Math.min(...l.corners.map((p) => p.y)),
      bottom: Math.max(...l.corners.map((p) => p.y)),
    }));
    const order = labels.map((_, i) => i).sort((i, j) => (bounds[i]?.top as number) - (bounds[j]?.top as number));
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      const a = labels[i] as Label;
      const boxA = bounds[i] as (typeof bounds)[number];
      for (let m = k + 1; m < order.length; m++) {
        const j = order[m] as number;
        const boxB = bounds[j] as (typeof bounds)[number];
        if (boxB.top >= boxA.bottom) break; // sorted by top: nothing further down can reach a
        const b = labels[j] as Label;
        if (a.owner === b.owner) continue; // lines of one text node, or a control and its own box
        if (a.control && b.control) continue; // controls side by side are the layout's business, not a label's
        // A control's own text (a button's caption, a label wrapping its checkbox) sits on or beside it.
        if ((a.control && a.owner.contains(b.owner)) || (b.control && b.owner.contains(a.owner))) continue;
        if (runTogether(a, b, boxA, boxB)) {
          problems.push(`${a.what} runs into ${b.what}`);
          continue;
        }
        if (boxA.right <= boxB.left || boxB.right <= boxA.left) continue;
        if (overlap(a.corners, b.corners, 1)) problems.push(`${a.what} overlaps ${b.what}`);
      }
    }

    // 3. Charts wide enough to read.
    const charts = [...document.querySelectorAll('.chart')].filter((c) => c.querySelector('svg'));
    for (const chart of charts) {
      const width = chart.getBoundingClientRect().width;
      let axis = 0;
      for (const domain of chart.querySelectorAll('.role-axis-domain line, .role-axis-domain path')) {
        const box = domain.getBoundingClientRect();
        if (box.width > box.height) axis = Math.max(axis, box.width);
      }
      if (axis < Math.min(0.4 * width, 200))
        problems.push(
          `chart "${chart.querySelector('.role-title-text')?.textContent ?? describe(chart)}": plot ${axis.toFixed(0)} px wide in a ${width.toFixed(0)} px box`,
        );
    }
    return { labels: labels.length, charts: charts.length, problems };
  });
}
