/**
 * A cache keyed by request-chosen text, bounded by the total length of its keys (a stand-in for their cost) and
 * refusing keys longer than `maxKeyLength`: distinct large keys can't grow the heap (issue 11, defect 6). Oldest
 * entries go first. A Map, so no key can reach Object.prototype.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();
  private size = 0;

  constructor(
    private readonly maxTotalLength: number,
    private readonly maxKeyLength: number,
  ) {}

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Stores the value unless its key is too long to be worth keeping. */
  set(key: string, value: V): void {
    if (key.length > this.maxKeyLength || this.entries.has(key)) return;
    this.entries.set(key, value);
    this.size += key.length;
    while (this.size > this.maxTotalLength) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
      this.size -= oldest.length;
    }
  }

  /** Total key length held, for tests. */
  get totalLength(): number {
    return this.size;
  }

  get count(): number {
    return this.entries.size;
  }
}
