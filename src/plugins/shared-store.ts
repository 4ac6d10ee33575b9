import { MemoryStore } from '../store/memory-store.ts';
import type { SharedStore } from '../store/store.ts';
import { unencapsulated } from './unencapsulated.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** State shared with the app's other instances (Redis), or kept in this process (memory). */
    store: SharedStore;
  }
}

/** Options of the shared-store plugin. */
export interface SharedStoreOptions {
  /** The store to use (server.ts makes a Redis one from REDIS_URL); an in-memory store when absent. */
  store?: SharedStore | undefined;
}

/** Decorates `app.store`; a store it created is closed with the app, a passed one is the caller's to close. */
export const sharedStorePlugin = unencapsulated<SharedStoreOptions>('app-shared-store', async (app, options) => {
  const store = options.store ?? new MemoryStore();
  app.decorate('store', store);
  if (!options.store) app.addHook('onClose', async () => store.close());
});
