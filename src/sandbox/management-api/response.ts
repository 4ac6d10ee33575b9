import type { ServerResponse } from 'node:http';
import type { OktaError } from '../okta-types.ts';
import { type SlowBody, trickle } from './fault-bodies.ts';
import { oktaErrorBody } from './okta-error.ts';
import type { RateLimitDecision } from './rate-limiter.ts';

/** The `X-Rate-Limit-*` headers: one value each (okta-sdk-nodejs refuses to retry on a comma-joined Reset). */
export function rateHeaders(decision: RateLimitDecision, status: number): Record<string, string> {
  return {
    'X-Rate-Limit-Limit': String(decision.limit),
    'X-Rate-Limit-Remaining': String(status === 429 ? 0 : decision.remaining),
    'X-Rate-Limit-Reset': String(decision.resetEpochSeconds),
  };
}

/** The body of a forced fault status, as Okta would send it. */
export function forcedErrorBody(status: 429 | 500 | 503): OktaError {
  if (status === 429) return oktaErrorBody('E0000047', 'API call exceeded rate limit due to too many requests.');
  if (status === 503) return oktaErrorBody('E0000009', 'Service Unavailable');
  return oktaErrorBody('E0000009', 'Internal Server Error');
}

/** Writes a JSON answer with the headers every Okta API response carries (the request id is set on arrival). */
export function send(
  res: ServerResponse,
  method: string,
  nowMs: number,
  status: number,
  body: unknown,
  headers: Record<string, string | string[]>,
  options: { malformed?: boolean; json?: string; slowBody?: SlowBody; onBytes?: (bytes: number) => void },
): void {
  let text = options.json ?? (body === undefined ? '' : JSON.stringify(body));
  // Cut in half: an unbalanced bracket can never parse.
  if (options.malformed && text) text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
  res.statusCode = status;
  res.setHeader('Date', new Date(nowMs).toUTCString());
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  const payload = Buffer.from(text, 'utf8');
  res.setHeader('Content-Length', payload.length);
  if (options.slowBody && method !== 'HEAD' && payload.length > 0) {
    trickle(res, payload, options.slowBody, options.onBytes ?? (() => {}));
    return;
  }
  res.end(method === 'HEAD' ? undefined : payload);
}
