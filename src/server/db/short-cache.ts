/**
 * Copies of published content kept for a few seconds in this process. Published rows never change in place (a
 * new publication writes a new version), so a copy is stale in one way only: a newer publication, or an
 * unpublication, reaching this process up to `ttlMs` late. Never for anything about one person.
 */
import type { Clock } from '../clock.js';

const maxEntries = 5_000;

export class ShortCache<K, V> {
  readonly #entries = new Map<K, { value: Promise<V>; expiresAt: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlMs: number,
  ) {}

  /** The copy if fresh; otherwise one load, shared by every request that asks while it runs (a launch's burst makes one). */
  get(key: K, load: () => Promise<V>): Promise<V> {
    const now = this.clock.now();
    const hit = this.#entries.get(key);
    if (hit && hit.expiresAt > now) return hit.value;
    const value = load();
    if (this.#entries.size >= maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    const entry = { value, expiresAt: now + this.ttlMs };
    this.#entries.set(key, entry);
    // A failed load is not kept: the next request tries again.
    value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return value;
  }

  clear(): void {
    this.#entries.clear();
  }
}
