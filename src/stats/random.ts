/** A small, fast, seeded PRNG (mulberry32), so every randomized result is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    return mulberry32Output(state);
  };
}

/**
 * The next out.length values of seededRandom(seed), in one loop: the state stays in a local instead of
 * a closure's context, several times faster where a draw is taken per row.
 */
export function fillSeededRandom(seed: number, out: Float64Array): void {
  let state = seed >>> 0;
  for (let i = 0; i < out.length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    out[i] = mulberry32Output(state);
  }
}

function mulberry32Output(state: number): number {
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Fisher-Yates shuffle in place, drawing from `random` (so a seeded stream gives a reproducible order). */
export function shuffleInPlace(values: { length: number; [i: number]: number }, random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = values[i] as number;
    values[i] = values[j] as number;
    values[j] = t;
  }
}
