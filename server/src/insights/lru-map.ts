// The one size bound of the editor's run-view cache (run-view-cache.ts): a map that holds at most `capacity`
// entries and drops the least recently used first. Reading an entry counts as using it, so what is on screen
// stays while what was looked at once and left goes.
export class LruMap<K, V> {
  private readonly map = new Map<K, V>();

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.map.size;
  }

  /** The value of `key`, which becomes the most recently used. */
  get(key: K): V | undefined {
    if (!this.map.has(key)) return undefined;
    const v = this.map.get(key) as V;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  /** Sets `key` as the most recently used, then drops the least recently used past the capacity. */
  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  /** Drops every entry `drop` says so of (or all of them without `drop`). */
  clear(drop?: (key: K, value: V) => boolean): void {
    for (const [k, v] of [...this.map]) if (!drop || drop(k, v)) this.map.delete(k);
  }

  keys(): IterableIterator<K> {
    return this.map.keys();
  }
}
