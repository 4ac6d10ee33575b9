import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import type { SharedStore } from '../../src/store/store.ts';
import { freePort, type Harness } from './app-harness.ts';

/** Another instance of the app, listening on its own port. */
export interface Instance {
  app: FastifyInstance;
  /** This instance's base URL (the cookie jar sends it the same `sid` cookie: cookies do not depend on the port). */
  baseUrl: string;
  /** Every log line this instance wrote. */
  logs: string[];
  close(): Promise<void>;
}

/**
 * A second instance of the app beside `h`'s, as a second process behind a load balancer: the same configuration
 * (APP_BASE_URL is the first app's, so the sandbox's registered redirect URI still holds; Okta's callback may reach
 * either instance), the same sandbox org, and `store`, which must be the one `h`'s app was built with.
 */
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
  return { app, baseUrl: `http://localhost:${port}`, logs, close: () => app.close() };
}
