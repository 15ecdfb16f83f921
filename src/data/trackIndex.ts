/**
 * track_id -> track, built on first lookup: a command that never looks a track up by id (explore,
 * drivers) does not pay for a million-entry map.
 */
export class TrackIndex implements ReadonlyMap<string, number> {
  private built: Map<string, number> | undefined;
  constructor(private readonly ids: readonly string[]) {}
  private get map(): Map<string, number> {
    this.built ??= new Map(this.ids.map((id, t) => [id, t]));
    return this.built;
  }
  get size(): number {
    return this.map.size;
  }
  get(id: string): number | undefined {
    return this.map.get(id);
  }
  has(id: string): boolean {
    return this.map.has(id);
  }
  forEach(callback: (value: number, key: string, map: ReadonlyMap<string, number>) => void): void {
    for (const [key, value] of this.map) callback(value, key, this);
  }
  entries(): MapIterator<[string, number]> {
    return this.map.entries();
  }
  keys(): MapIterator<string> {
    return this.map.keys();
  }
  values(): MapIterator<number> {
    return this.map.values();
  }
  [Symbol.iterator](): MapIterator<[string, number]> {
    return this.map.entries();
  }
}
