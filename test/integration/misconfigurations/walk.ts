/** Steps a learner takes in these tests: sign in through the sandbox page, and use the sandbox console. */
import assert from 'node:assert/strict';
import type { Harness } from '../../helpers/app-harness.ts';
import { csrfOf, SANDBOX_PASSWORD } from '../../helpers/app-session.ts';
import { Browser, type Page } from '../../helpers/browser.ts';

/**
 * Signs in at the sandbox as `username` and lets the app handle the callback. Returns the browser and the app's
 * answer to the callback (a redirect when the sign-in worked, an error page when it did not).
 */
export async function signIn(h: Harness, username: string): Promise<{ browser: Browser; callback: Page }> {
  const browser = new Browser();
  const { stoppedAt } = await browser.follow(`${h.baseUrl}/login`, {
    credentials: { username, password: SANDBOX_PASSWORD },
    stop: (url) => url.origin === h.baseUrl && url.pathname === new URL(h.config.redirectUri).pathname,
  });
  assert.ok(stoppedAt, 'the sandbox sent the browser back to the app');
  return { browser, callback: await browser.request(stoppedAt.href) };
}

/** Posts one change in the sandbox console, as its buttons do (with the page's CSRF token). */
export async function consoleChange(h: Harness, browser: Browser, path: string, form: Record<string, string>) {
  const page = await browser.request(`${h.baseUrl}/sandbox`);
  const posted = await browser.request(`${h.baseUrl}${path}`, { form: { _csrf: csrfOf(page.body), ...form } });
  assert.equal(posted.status, 303);
}

/** The user id of a seeded account. */
export function userIdOf(h: Harness, login: string): string {
  const id = h.sandbox.org.directory.accounts().find((account) => account.login === login)?.userId;
  assert.ok(id, login);
  return id;
}

/** The error page's "What you can do" part: the text after that heading, tags removed. */
export function whatToDo(html: string): string {
  const start = html.indexOf('<h2>What you can do</h2>');
  assert.ok(start >= 0, 'an error page');
  return html
    .slice(start)
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ');
}
