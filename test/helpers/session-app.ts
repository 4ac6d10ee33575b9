import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import Fastify from 'fastify';
import type { AppSessionStore } from '../../src/session/app-session-store.ts';

/**
 * An app with @fastify/session on `store`, as the app configures it (rolling, nothing saved until set):
 * POST /start and /advance set `signedInAt` to 1 and 2, POST /logout destroys the session, GET /read shows it,
 * and GET /slow-read loads it, then waits for `release()` before it answers (and saves).
 */
export async function sessionApp(store: AppSessionStore, cookie: { maxAge?: number } = {}) {
  const app = Fastify();
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: 'a'.repeat(32),
    store,
    saveUninitialized: false,
    rolling: true,
    cookie: { secure: false, ...cookie },
  });
  let release: () => void = () => {};
  let loaded: () => void = () => {};
  const slowReadLoaded = new Promise<void>((resolve) => {
    loaded = resolve;
  });
  app.post('/start', async (request) => {
    request.session.set('signedInAt', 1);
    return 'ok';
  });
  app.post('/advance', async (request) => {
    request.session.set('signedInAt', 2);
    return 'ok';
  });
  app.post('/logout', async (request) => {
    await request.session.destroy();
    return 'ok';
  });
  app.get('/read', async (request) => String(request.session.get('signedInAt')));
  app.get('/slow-read', async (request) => {
    const seen = String(request.session.get('signedInAt'));
    loaded();
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    return seen;
  });
  const started = await app.inject({ method: 'POST', url: '/start' });
  const sessionCookie = started.cookies.find((c) => c.name === 'sessionId')?.value ?? '';
  const headers = { cookie: `sessionId=${sessionCookie}` };
  return {
    app,
    headers,
    /** The session's id (the cookie without its signature). */
    sessionId: sessionCookie.split('.')[0] ?? '',
    read: async () => (await app.inject({ method: 'GET', url: '/read', headers })).body,
    /** Starts GET /slow-read and resolves once it has loaded the session; `finish()` lets it answer. */
    async startSlowRead() {
      const answer = app.inject({ method: 'GET', url: '/slow-read', headers });
      await slowReadLoaded;
      return {
        finish: async () => {
          release();
          return (await answer).body;
        },
      };
    },
  };
}
