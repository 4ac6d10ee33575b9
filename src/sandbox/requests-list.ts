import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv4 } from 'node:net';
import type { RateLimitReading, ReceivedRequest, ReceivedRequestLog } from './management-api/index.ts';

/** Where the sandbox org serves the list of management-API requests it received. */
export const REQUESTS_PATH = '/sandbox/requests';

/** One received request as `GET /sandbox/requests` sends it. */
export interface ReceivedRequestJson {
  sequence: number;
  /** Arrival time, ISO 8601 UTC. */
  time: string;
  method: string;
  /** Path and query exactly as sent. */
  path: string;
  authScheme: string | null;
  /** The OAuth app whose token was used; null for the SSWS API token, no token or an unknown one. */
  clientId: string | null;
  /** Null while pending, and for a request that hung, was reset or was closed before the answer. */
  status: number | null;
  outcome: ReceivedRequest['outcome'];
  /** The `X-Rate-Limit-*` values sent back (reset in UTC epoch seconds), or null when none were sent. */
  rateLimit: RateLimitReading | null;
}

/** The body of `GET /sandbox/requests`: oldest first, and the highest sequence number given so far. */
export interface ReceivedRequestsJson {
  requests: ReceivedRequestJson[];
  latest: number;
}

/** Whether a socket's remote address is loopback: 127.0.0.0/8, ::1, or either mapped into IPv6. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const unmapped = address.toLowerCase().replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (isIPv4(unmapped)) return unmapped.startsWith('127.');
  return unmapped === '::1' || unmapped === '0:0:0:0:0:0:0:1';
}

/** The wire form of one log entry: what was asked and answered, never the credential. */
export function requestJson(entry: ReceivedRequest): ReceivedRequestJson {
  return {
    sequence: entry.sequence,
    time: new Date(entry.receivedAt).toISOString(),
    method: entry.method,
    path: entry.url,
    authScheme: entry.authScheme,
    clientId: entry.clientId,
    status: entry.status ?? null,
    outcome: entry.outcome,
    rateLimit: entry.rateLimit ? { ...entry.rateLimit } : null,
  };
}

/** The entries after `since` (all with 0). */
export function receivedRequestsJson(log: ReceivedRequestLog, since = 0): ReceivedRequestsJson {
  return { requests: log.since(since).map(requestJson), latest: log.latest };
}

/**
 * `GET /sandbox/requests[?since=N]` on the sandbox org's origin. Only for callers on this machine: the paths
 * it lists carry search terms and user ids. Served beside the management API, so it is neither counted against
 * a rate-limit bucket nor listed.
 */
export function serveReceivedRequests(log: ReceivedRequestLog, req: IncomingMessage, res: ServerResponse): void {
  const [status, body] = decide(log, req);
  if (status === 405) res.setHeader('Allow', 'GET, HEAD');
  const payload = Buffer.from(JSON.stringify(body), 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Length', payload.length);
  res.end(req.method === 'HEAD' ? undefined : payload);
}

function decide(log: ReceivedRequestLog, req: IncomingMessage): [number, ReceivedRequestsJson | { error: string }] {
  if (!isLoopbackAddress(req.socket.remoteAddress)) {
    return [403, { error: `${REQUESTS_PATH} answers only callers on this machine (loopback)` }];
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return [405, { error: `${REQUESTS_PATH} answers GET and HEAD only` }];
  }
  const values = new URL(req.url ?? '/', 'http://sandbox.invalid').searchParams.getAll('since');
  if (values.length > 1 || (values[0] !== undefined && !/^\d{1,15}$/.test(values[0]))) {
    const got = JSON.stringify(values.join(','));
    return [400, { error: `since must be one sequence number (a whole number, 0 or more), got ${got}` }];
  }
  return [200, receivedRequestsJson(log, Number(values[0] ?? 0))];
}
