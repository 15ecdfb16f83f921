/**
 * The best `capacity` scored tracks seen so far, in typed arrays (no object per candidate): a
 * min-heap whose root is the worst of the best, so a scan compares each row against `worstSimilarity`
 * or `worstDistance` and calls `offer` only for the few that may enter.
 */
import type { Scored } from './search.js';

/** True when (simA, distA, a) ranks before (simB, distB, b): higher similarity, smaller distance, lower index. */
export function ranksBefore(simA: number, distA: number, a: number, simB: number, distB: number, b: number): boolean {
  if (simA !== simB) return simA > simB;
  if (distA !== distB) return distA < distB;
  return a < b;
}

export class TopK {
  readonly capacity: number;
  size = 0;
  private readonly sim: Float64Array;
  private readonly dist: Float64Array;
  private readonly track: Int32Array;

  constructor(capacity: number) {
    this.capacity = Math.max(0, capacity);
    this.sim = new Float64Array(this.capacity);
    this.dist = new Float64Array(this.capacity);
    this.track = new Int32Array(this.capacity);
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /** Similarity of the worst kept track (meaningful once full). */
  get worstSimilarity(): number {
    return this.sim[0] as number;
  }

  /** Distance of the worst kept track (meaningful once full). */
  get worstDistance(): number {
    return this.dist[0] as number;
  }

  /** Keeps the track if there is room or it ranks before the worst kept one. */
  offer(similarity: number, distance: number, t: number): void {
    const { sim, dist, track } = this;
    if (this.size < this.capacity) {
      let i = this.size++;
      sim[i] = similarity;
      dist[i] = distance;
      track[i] = t;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.worse(i, parent)) break;
        this.swap(i, parent);
        i = parent;
      }
      return;
    }
    if (this.capacity === 0 || !ranksBefore(similarity, distance, t, sim[0] as number, dist[0] as number, track[0] as number)) return;
    sim[0] = similarity;
    dist[0] = distance;
    track[0] = t;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let next = i;
      if (l < this.size && this.worse(l, next)) next = l;
      if (r < this.size && this.worse(r, next)) next = r;
      if (next === i) break;
      this.swap(i, next);
      i = next;
    }
  }

  /** The kept tracks, best first. */
  results(): Scored[] {
    const out: Scored[] = [];
    for (let i = 0; i < this.size; i++)
      out.push({ track: this.track[i] as number, similarity: this.sim[i] as number, distance: this.dist[i] as number });
    return out.sort((a, b) => (ranksBefore(a.similarity, a.distance, a.track, b.similarity, b.distance, b.track) ? -1 : 1));
  }

  /** Entry i is worse than entry j (j ranks before i). */
  private worse(i: number, j: number): boolean {
    const { sim, dist, track } = this;
    return ranksBefore(sim[j] as number, dist[j] as number, track[j] as number, sim[i] as number, dist[i] as number, track[i] as number);
  }

  private swap(i: number, j: number): void {
    const { sim, dist, track } = this;
    const s = sim[i] as number;
    sim[i] = sim[j] as number;
    sim[j] = s;
    const e = dist[i] as number;
    dist[i] = dist[j] as number;
    dist[j] = e;
    const t = track[i] as number;
    track[i] = track[j] as number;
    track[j] = t;
  }
}
