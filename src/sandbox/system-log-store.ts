import type { LogEvent } from './okta-types.ts';

/** An event as stored: the LogEvent plus the order in which the org persisted it. */
export interface StoredEvent {
  event: LogEvent;
  /** Persistence order; polling requests page by it, bounded requests by `published`. */
  sequence: number;
  publishedMs: number;
  /** When the org persisted the event; polling requests bound `since` by it (Okta's listLogEvents `since`). */
  persistedMs: number;
}

/** Options for `append`. */
export interface AppendOptions {
  /** Persistence time; defaults to now. Seeded history passes its `published` time, as Okta would have stored it then. */
  persistedAt?: Date;
}

type Listener = (stored: StoredEvent) => void;

/** The sandbox org's System Log: seeded history plus everything the org does while it runs. */
export class SystemLogStore {
  readonly #events: StoredEvent[] = [];
  readonly #listeners = new Set<Listener>();
  #sorted = true;
  #publishedOrder: StoredEvent[] | undefined;

  append(event: LogEvent, options: AppendOptions = {}): StoredEvent {
    const stored: StoredEvent = {
      event,
      sequence: this.#events.length,
      publishedMs: Date.parse(event.published),
      persistedMs: options.persistedAt ? options.persistedAt.getTime() : Date.now(),
    };
    const last = this.#events.at(-1);
    if (last && last.publishedMs > stored.publishedMs) this.#sorted = false;
    this.#events.push(stored);
    this.#publishedOrder = undefined;
    for (const listener of this.#listeners) listener(stored);
    return stored;
  }

  /** Every stored event in persistence order; index = `sequence` (do not mutate). */
  inPersistenceOrder(): readonly StoredEvent[] {
    return this.#events;
  }

  /** Every stored event ordered by `published`, ties by persistence order (do not mutate; cached until the next append). */
  inPublishedOrder(): readonly StoredEvent[] {
    if (this.#sorted) return this.#events;
    this.#publishedOrder ??= [...this.#events].sort((a, b) => a.publishedMs - b.publishedMs || a.sequence - b.sequence);
    return this.#publishedOrder;
  }

  get size(): number {
    return this.#events.length;
  }

  onAppend(listener: Listener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
