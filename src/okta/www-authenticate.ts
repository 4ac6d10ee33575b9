/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1). Okta answers a token that lacks a scope with a 403, no body and
 * a header such as
 *   Bearer authorization_uri="http://{org}/oauth2/v1/authorize", realm="http://{org}", scope="okta.logs.read",
 *   error="insufficient_scope", error_description="…", resource="/api/v1/logs"
 * (or scheme `DPoP` with an `algs` parameter for DPoP-bound tokens).
 */
import { HeaderScanner } from './header-scanner.ts';

/** One authentication challenge. */
export interface Challenge {
  /** The auth-scheme, lower-cased (`bearer`, `dpop`, …). */
  scheme: string;
  /** Auth-params by lower-cased name, first occurrence wins; a token68 is kept under the key `token68`. */
  params: Record<string, string>;
}

function parseLine(line: string, challenges: Challenge[]): void {
  const scanner = new HeaderScanner(line);
  let current: Challenge | undefined;
  while (!scanner.done) {
    scanner.skipWhitespace();
    if (scanner.peek() === ',') {
      scanner.pos++;
      continue;
    }
    const start = scanner.pos;
    const name = scanner.token();
    if (name === '') {
      scanner.skipPastComma();
      continue;
    }
    scanner.skipWhitespace();
    if (scanner.peek() === '=' && current) {
      scanner.pos++;
      scanner.skipWhitespace();
      const value = scanner.peek() === '"' ? scanner.quoted() : scanner.token();
      if (value === undefined) return;
      const key = name.toLowerCase();
      if (!(key in current.params)) current.params[key] = value;
      continue;
    }
    if (scanner.peek() === '=') {
      // A parameter before any scheme: not a challenge; skip it.
      scanner.pos = start;
      scanner.skipPastComma();
      continue;
    }
    current = { scheme: name.toLowerCase(), params: {} };
    challenges.push(current);
    // token68 form (e.g. `Basic abc==`): a token followed only by '=' padding, then a comma or the end.
    const afterScheme = scanner.pos;
    const token68 = /^[A-Za-z0-9\-._~+/]+=*\s*(?:,|$)/.exec(line.slice(afterScheme));
    if (token68 && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+\s*=\s*[^=\s,]/.test(line.slice(afterScheme))) {
      current.params.token68 = token68[0].replace(/\s*,?$/, '');
      scanner.pos = afterScheme + token68[0].length;
    }
  }
}

/** Parses every challenge of one or more `WWW-Authenticate` header lines. */
export function parseWwwAuthenticate(header: string | readonly string[] | undefined): Challenge[] {
  const lines = header === undefined ? [] : typeof header === 'string' ? [header] : header;
  const challenges: Challenge[] = [];
  for (const line of lines) parseLine(line, challenges);
  return challenges;
}

/** The first challenge carrying `error="<error>"`, if any. */
export function findChallengeError(challenges: readonly Challenge[], error: string): Challenge | undefined {
  return challenges.find((challenge) => challenge.params.error === error);
}
