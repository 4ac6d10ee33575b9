/** The `User-Agent` this client sends: `okta-scoped-viewer/<version> node/<version>`, a caller's prefix first. */
import { readFileSync } from 'node:fs';

let cachedVersion: string | undefined;

/** The app version from package.json, read once per process ('unknown' if the file cannot be read). */
export function appVersion(): string {
  if (cachedVersion === undefined) {
    try {
      const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
      const version: unknown = (JSON.parse(text) as { version?: unknown }).version;
      cachedVersion = typeof version === 'string' && version !== '' ? version : 'unknown';
    } catch {
      cachedVersion = 'unknown';
    }
  }
  return cachedVersion;
}

/** Builds the header value; a caller-supplied product token is prepended, as Okta's SDKs do. */
export function userAgent(prefix?: string): string {
  const own = `okta-scoped-viewer/${appVersion()} node/${process.versions.node}`;
  const extra = prefix?.trim() ?? '';
  // Header injection guard: a prefix from configuration must stay on one line.
  if (/[\r\n]/.test(extra)) throw new TypeError('userAgent must not contain line breaks');
  return extra === '' ? own : `${extra} ${own}`;
}
