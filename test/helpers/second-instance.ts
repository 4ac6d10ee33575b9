/**
 * A second instance of the app beside a harness's, as a second process behind a load balancer: the same
 * configuration (APP_BASE_URL is the first app's, so the sandbox's registered redirect URI still holds; Okta's
 * callback may reach either instance), the same sandbox org, and the shared store passed to both.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { SharedStore } from '../../src/store/store.ts';
import { freePort, type Harness } from './app-harness.ts';
import type { Browser } from './browser.ts';

/** Another instance of the app, listening on its own port. */
export interface Instance {
  app: FastifyInstance;
  /** This instance's base URL (the cookie jar sends it the same `sid` cookie: cookies do not depend on the port). */
  baseUrl: string;
  /** Every log line this instance wrote. */
  logs: string[];
  /**
   * Makes the browser's session (signed in on the harness's app) known to this instance too: needed only when the
   * store is in memory, where sessions stay in each instance (a Redis store shares them).
   */
  adopt(browser: Browser): Promise<void>;
  close(): Promise<void>;
}

/** Starts the second instance on its own port; `store` must be the one `h`'s app was built with. */
export async function startSecondInstance(h: Harness, store: SharedStore): Promise<Instance> {
  const port = await freePort();
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const app = await buildApp(h.config, { logStream, store });
  await app.listen({ port, host: 'localhost' });
  return {
    app,
    baseUrl: `http://localhost:${port}`,
    logs,
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
