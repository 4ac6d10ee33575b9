import { type StoreFailure, StoreUnavailableError } from './store-errors.ts';

/** Removes the password (and user name) of a Redis URL from any text, e.g. an error message that echoes the URL. */
export type Scrub = (text: string) => string;

/** A scrubber for the secrets in `url`; text without them is returned unchanged. */
export function scrubberFor(url: string): Scrub {
  const secrets = new Set<string>();
  try {
    const parsed = new URL(url);
    for (const part of [parsed.password, parsed.username]) {
      if (part === '') continue;
      secrets.add(part);
      secrets.add(safeDecode(part));
    }
  } catch {
    // Not a URL: only the whole text can be a secret.
  }
  secrets.add(url);
  // Longest first, so that the URL goes as a whole before its parts.
  const ordered = [...secrets].filter((secret) => secret !== '').sort((a, b) => b.length - a.length);
  return (text) => ordered.reduce((scrubbed, secret) => scrubbed.split(secret).join('***'), text);
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'EPIPE',
]);

// ioredis raises plain Errors for these; their text is the only thing to go by.
const NOT_CONNECTED = [/^Stream isn't writeable/, /^Connection is closed/, /^Reached the max retries per request/];
const TIMED_OUT = [/^Command timed out/, /ETIMEDOUT/, /^Socket timeout/];
const AUTH_REFUSED = [/^NOAUTH\b/, /^WRONGPASS\b/, /invalid password/i, /invalid username-password/i];

/** What kind of failure an ioredis error (or a Redis error reply) is. */
export function failureOf(error: unknown): StoreFailure {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ETIMEDOUT' || TIMED_OUT.some((pattern) => pattern.test(message))) return 'timeout';
  if (UNREACHABLE_CODES.has(code) || NOT_CONNECTED.some((pattern) => pattern.test(message))) return 'unreachable';
  if (AUTH_REFUSED.some((pattern) => pattern.test(message))) return 'auth';
  return 'error';
}

/** True for the errors ioredis raises when a command is refused because the connection is not up. */
export function isNotConnected(error: unknown): boolean {
  return error instanceof Error && NOT_CONNECTED.some((pattern) => pattern.test(error.message));
}

/**
 * The StoreUnavailableError for `error`. When the command was refused because the connection is down, the reason
 * the connection is down (`connectionError`, e.g. a refused password) is the better explanation.
 */
export function toStoreError(error: unknown, scrub: Scrub, connectionError?: unknown): StoreUnavailableError {
  if (error instanceof StoreUnavailableError) return error;
  const message = scrub(error instanceof Error ? error.message : String(error));
  if (isNotConnected(error) && connectionError !== undefined) {
    const reason = scrub(connectionError instanceof Error ? connectionError.message : String(connectionError));
    const failure = failureOf(connectionError);
    return new StoreUnavailableError(failure === 'error' ? 'unreachable' : failure, `Not connected: ${reason}`);
  }
  // The cause is logged; ioredis errors can carry the URL, so only a scrubbed copy is kept.
  return new StoreUnavailableError(failureOf(error), message, new Error(message));
}
