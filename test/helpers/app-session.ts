import assert from 'node:assert/strict';
import type { Harness } from './app-harness.ts';
import { Browser } from './browser.ts';

/** The password of every seeded sandbox account. */
export const SANDBOX_PASSWORD = 'sandbox-password';

export const isCallback = (url: URL) => url.pathname === '/authorization-code/callback';

/** Signs a fresh browser in to the app through the sandbox's sign-in page; returns it signed in. */
export async function signInToApp(
  h: Harness,
  username = 'admin@sandbox.example',
  browser = new Browser(),
): Promise<Browser> {
  const { stoppedAt } = await browser.follow(`${h.baseUrl}/login`, {
    credentials: { username, password: SANDBOX_PASSWORD },
    stop: isCallback,
  });
  assert.ok(stoppedAt, 'the sandbox sent the browser back to the app');
  assert.equal((await browser.request(stoppedAt.href)).status, 303);
  return browser;
}

/**
 * Runs `run` while the sandbox's web app is not granted `scopes` (as if a super admin had revoked them on the
 * app's "Okta API Scopes" tab), then grants back those it had.
 */
export async function withoutGrants<T>(h: Harness, scopes: readonly string[], run: () => Promise<T>): Promise<T> {
  const { grants } = h.sandbox.org.webApp;
  const revoked = scopes.filter((scope) => grants.delete(scope));
  try {
    return await run();
  } finally {
    for (const scope of revoked) grants.add(scope);
  }
}

/** The CSRF token of a page's form. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token, 'the page carries a CSRF token');
  return token;
}

/** The server-side session of this browser as the store holds it (tests look inside; browsers cannot). */
export async function storedSession(h: Harness, browser: Browser): Promise<Record<string, unknown>> {
  const sessionId = decodeURIComponent(browser.jar.get('localhost', 'sid') ?? '').split('.')[0] ?? '';
  const session = await new Promise<unknown>((resolve) =>
    h.app.sessionStore.get(sessionId, (_error, value) => resolve(value)),
  );
  assert.ok(session, 'the browser has a server-side session');
  return session as Record<string, unknown>;
}

/** How many refresh-token grants the sandbox org has issued (from its System Log). */
export function refreshGrants(h: Harness): number {
  return h.sandbox.org.systemLog
    .inPersistenceOrder()
    .filter(
      (stored) =>
        stored.event.eventType === 'app.oauth2.token.grant.access_token' &&
        stored.event.debugContext.debugData.grantType === 'refresh_token',
    ).length;
}
