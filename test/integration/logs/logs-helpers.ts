/** Shared steps of the System Log integration tests: sign in, read what the sandbox received, wait boundedly. */
import assert from 'node:assert/strict';
import type { Harness } from '../../helpers/app-harness.ts';

/** The System Log requests the sandbox received, as URLs (oldest first). */
export function logCalls(h: Harness): URL[] {
  return h.sandbox.managementApi.received
    .forPath('/api/v1/logs')
    .map((request) => new URL(request.url, h.sandbox.issuer));
}

/** Waits until `check` holds, polling every 25 ms, at most `attempts` times; fails with `message` otherwise. */
export async function eventually(check: () => boolean, message: string, attempts = 400): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(message);
}

/** The HTML-decoded text of the first element carrying `class="<name>"` (a rough reader for assertions). */
export function decode(html: string): string {
  return html
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');
}

/** Every `href` in the page, decoded. */
export function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]*)"/g)].map((match) => decode(match[1] ?? ''));
}
