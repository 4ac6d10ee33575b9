import type { LogEvent } from './okta-types.ts';

/** An event as stored: the LogEvent plus the order in which the org persisted it. */
export interface StoredEvent {
  event: LogEvent;
  /** Persistence order; polling requests page by it, bounded requests by `published`. */
  sequence: number;
  publishedMs: number;
}

type Listener = (stored: StoredEvent) => void;

/** The sandbox org's System Log: seeded history plus everything the org does while it runs. */
export class SystemLogStore {
  readonly #events: StoredEvent[] = [];
  readonly #listeners = new Set<Listener>();
  #sorted = true;

  append(event: LogEvent): StoredEvent {
    const stored: StoredEvent = { event, sequence: this.#events.length, publishedMs: Date.parse(event.published) };
    const last = this.#events.at(-1);
    if (last && last.publishedMs > stored.publishedMs) this.#sorted = false;
    this.#events.push(stored);
    for (const listener of this.#listeners) listener(stored);
    return stored;
  }

  /** Every stored event in persistence order (do not mutate). */
  inPersistenceOrder(): readonly StoredEvent[] {
    return this.#events;
  }

  /** Every stored event ordered by `published`, ties by persistence order (do not mutate). */
  inPublishedOrder(): readonly StoredEvent[] {
    if (this.#sorted) return this.#events;
    return [...this.#events].sort((a, b) => a.publishedMs - b.publishedMs || a.sequence - b.sequence);
  }

  get size(): number {
    return this.#events.length;
  }

  onAppend(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
