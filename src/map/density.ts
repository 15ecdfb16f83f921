/** Square density bins over the map, and the points inside a viewport: what a client draws of a map too large to send whole. */

export interface Bounds {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface DensityGrid {
  bounds: Bounds;
  /** Bins along each axis. */
  bins: number;
  /** counts[row * bins + column]: tracks in the bin; row 0 is the lowest y. */
  counts: number[];
}

/** The box holding every point (n rows of x, y). */
export function mapBounds(coords: ArrayLike<number>): Bounds {
  const bounds = { x0: Number.POSITIVE_INFINITY, y0: Number.POSITIVE_INFINITY, x1: Number.NEGATIVE_INFINITY, y1: Number.NEGATIVE_INFINITY };
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const x = coords[i] as number;
    const y = coords[i + 1] as number;
    if (x < bounds.x0) bounds.x0 = x;
    if (x > bounds.x1) bounds.x1 = x;
    if (y < bounds.y0) bounds.y0 = y;
    if (y > bounds.y1) bounds.y1 = y;
  }
  return bounds;
}

/** The box holding all but the outermost `tail` share of points on each side (a few stray tracks would otherwise shrink the picture). */
export function coreBounds(coords: ArrayLike<number>, tail = 0.005): Bounds {
  const n = Math.floor(coords.length / 2);
  const xs = Float64Array.from({ length: n }, (_, t) => coords[2 * t] as number).sort();
  const ys = Float64Array.from({ length: n }, (_, t) => coords[2 * t + 1] as number).sort();
  const at = (values: Float64Array, q: number) => values[Math.min(n - 1, Math.floor(q * n))] as number;
  return { x0: at(xs, tail), y0: at(ys, tail), x1: at(xs, 1 - tail), y1: at(ys, 1 - tail) };
}

/** Counts of points per bin over `bounds` (points on the upper edges fall in the last bin). */
export function densityGrid(coords: ArrayLike<number>, bins: number, bounds: Bounds = mapBounds(coords)): DensityGrid {
  const counts = new Array<number>(bins * bins).fill(0);
  const width = bounds.x1 - bounds.x0 || 1;
  const height = bounds.y1 - bounds.y0 || 1;
  for (let i = 0; i + 1 < coords.length; i += 2) {
    const x = coords[i] as number;
    const y = coords[i + 1] as number;
    if (x < bounds.x0 || x > bounds.x1 || y < bounds.y0 || y > bounds.y1) continue;
    const column = Math.min(bins - 1, Math.floor(((x - bounds.x0) / width) * bins));
    const row = Math.min(bins - 1, Math.floor(((y - bounds.y0) / height) * bins));
    counts[row * bins + column] = (counts[row * bins + column] as number) + 1;
  }
  return { bounds, bins, counts };
}

/** Indices of the points inside `viewport` (edges included), in track order. */
export function pointsInside(coords: ArrayLike<number>, viewport: Bounds): number[] {
  const inside: number[] = [];
  for (let t = 0; 2 * t + 1 < coords.length; t++) {
    const x = coords[2 * t] as number;
    const y = coords[2 * t + 1] as number;
    if (x >= viewport.x0 && x <= viewport.x1 && y >= viewport.y0 && y <= viewport.y1) inside.push(t);
  }
  return inside;
}
