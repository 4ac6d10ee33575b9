/**
 * A second instance of the app beside a harness's: the same configuration and sandbox org, and the shared store
 * passed to both, as two processes behind one load balancer would share Redis. Sessions are not in the shared
 * store yet, so `adopt` copies a browser's session over, standing in for a shared session store.
 */
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { SharedStore } from '../../src/store/store.ts';
import { freePort, type Harness } from './app-harness.ts';
import type { Browser } from './browser.ts';

export interface SecondInstance {
  app: FastifyInstance;
  baseUrl: string;
  /** Makes the browser's session (signed in on the harness's app) known to this instance too. */
  adopt(browser: Browser): Promise<void>;
  close(): Promise<void>;
}

/** Starts the second instance on its own port; `store` must be the one the harness's app was built with. */
export async function startSecondInstance(h: Harness, store: SharedStore): Promise<SecondInstance> {
  const port = await freePort();
  const app = await buildApp(h.config, { store });
  await app.listen({ port, host: 'localhost' });
  return {
    app,
    baseUrl: `http://localhost:${port}`,
    async adopt(browser) {
      const sessionId = decodeURIComponent(browser.jar.get('localhost', 'sid') ?? '').split('.')[0] ?? '';
      const session = await new Promise<unknown>((resolve) =>
        h.app.sessionStore.get(sessionId, (_error, value) => resolve(value)),
      );
      assert.ok(session, 'the browser is signed in on the first instance');
      // Copied as data, as a shared session store would hand it over.
      await new Promise<void>((resolve, reject) =>
        app.sessionStore.set(sessionId, JSON.parse(JSON.stringify(session)), (error) =>
          error ? reject(error) : resolve(),
        ),
      );
    },
    close: () => app.close(),
  };
}
