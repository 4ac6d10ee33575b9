import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt: number;
}

/**
 * oidc-provider storage for one sandbox org: one Map per model, entries dropped when they expire.
 * (The library's own memory adapter is labelled development-only and warns at every start.)
 */
export function memoryAdapterFactory(): (name: string) => Adapter {
  const stores = new Map<string, Map<string, Entry>>();
  return (name) => {
    let store = stores.get(name);
    if (!store) {
      store = new Map();
      stores.set(name, store);
    }
    return new MemoryAdapter(store);
  };
}

class MemoryAdapter implements Adapter {
  readonly #store: Map<string, Entry>;
  #upserts = 0;

  constructor(store: Map<string, Entry>) {
    this.#store = store;
  }

  async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
    if (++this.#upserts % 100 === 0) this.#sweep();
    this.#store.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY });
  }

  async find(id: string): Promise<AdapterPayload | undefined> {
    const entry = this.#store.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.#store.delete(id);
      return undefined;
    }
    return entry.payload;
  }

  async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere((payload) => payload.userCode === userCode);
  }

  async findByUid(uid: string): Promise<AdapterPayload | undefined> {
    return this.#findWhere((payload) => payload.uid === uid);
  }

  async consume(id: string): Promise<void> {
    const entry = this.#store.get(id);
    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.#store.delete(id);
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    for (const [id, entry] of this.#store) if (entry.payload.grantId === grantId) this.#store.delete(id);
  }

  #findWhere(match: (payload: AdapterPayload) => boolean): AdapterPayload | undefined {
    const now = Date.now();
    for (const entry of this.#store.values()) if (entry.expiresAt > now && match(entry.payload)) return entry.payload;
    return undefined;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.#store) if (entry.expiresAt <= now) this.#store.delete(id);
  }
}
