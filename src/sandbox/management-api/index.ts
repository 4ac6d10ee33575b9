import type { IncomingMessage, ServerResponse } from 'node:http';
import { DpopNonces } from '../dpop-nonces.ts';
import type { SandboxOrg } from '../org.ts';
import { authScheme, type BearerPrincipal, hasScope, resolveCaller, rolesPermit } from './caller.ts';
import { dpopChallenge, insufficientScopeChallenge, invalidTokenChallenge } from './challenges.ts';
import { ResourceDpop } from './dpop-check.ts';
import { endpointFor, scopeForMethod } from './endpoints.ts';
import { overLimit, streamOversized } from './fault-bodies.ts';
import { FaultBoard, type FaultRule, type FaultSwitches } from './faults.ts';
import { handleEndpoint } from './handlers.ts';
import { OktaApiError, oktaErrorBody, randomOktaToken } from './okta-error.ts';
import { RateLimiter, type RateLimitSettings } from './rate-limiter.ts';
import { BoundedReceivedLog, type ReceivedRequest, type ReceivedRequestLog, rateLimitSent } from './received-log.ts';
import { forcedErrorBody, rateHeaders, send } from './response.ts';

export type { BearerPrincipal } from './caller.ts';
export type { FaultRule, FaultSwitches } from './faults.ts';
export { DEFAULT_RATE_LIMITS, type RateLimitBucket, type RateLimitSettings } from './rate-limiter.ts';
export type { RateLimitReading, ReceivedRequest, ReceivedRequestLog } from './received-log.ts';

export interface ManagementApiOptions {
  org: SandboxOrg;
  /** Looks up an access token issued by the sandbox authorization server; undefined when unknown, expired or revoked. */
  resolveBearerToken(token: string): Promise<BearerPrincipal | undefined>;
  /** The org's DPoP nonces, shared with the authorization server (a fresh set when the API runs alone). */
  dpopNonces?: DpopNonces;
  /** Per-minute bucket limits and per-app share; `false` (or `{ enabled: false }`) switches limiting off (benchmarks). */
  rateLimits?: Partial<RateLimitSettings> | false;
  /** Initial fault switches. */
  faults?: FaultRule[];
  /** The clock (ms since epoch) for `Date`, rate-limit windows, default `since`/`until` and retention; tests may fake it. */
  now?: () => number;
  /** How many requests `received` keeps (default 1000). */
  receivedCapacity?: number;
}

/** The run-time controls of the rate limiter. */
export interface RateLimiterControls {
  /** Forgets every counter. */
  reset(): void;
  /** Changes limits or switches limiting on/off at run time. */
  configure(settings: Partial<RateLimitSettings>): void;
  readonly settings: Readonly<RateLimitSettings>;
  /** The per-app ceiling of a bucket (org limit × share). */
  appLimit(bucket: 'logs' | 'users' | 'userById' | 'other'): number;
}

export interface ManagementApi {
  /** Node http handler for any request whose path starts with /api/ */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Set/clear at run time (tests): per path pattern latency, forced 429/500/503, hang, malformed JSON, connection reset. */
  readonly faults: FaultSwitches;
  readonly rateLimiter: RateLimiterControls;
  /** Everything the API received, newest last, bounded: method, path+query, auth scheme (never the token), status. */
  readonly received: ReceivedRequestLog;
  /** Ends hung requests and pending latency timers. */
  close(): Promise<void>;
}

/** Creates the sandbox org's management API (`/api/v1/*`), an independent implementation of Okta's documented behaviour. */
export async function createManagementApi(options: ManagementApiOptions): Promise<ManagementApi> {
  const { org } = options;
  // Links and challenges are built on the org URL without a trailing slash (`https://{yourOktaDomain}`).
  const orgUrl = org.orgUrl.replace(/\/+$/, '');
  const now = options.now ?? Date.now;
  const limiter = new RateLimiter(options.rateLimits, now);
  const faults = new FaultBoard(options.faults);
  const received = new BoundedReceivedLog(options.receivedCapacity);
  const dpop = new ResourceDpop(options.dpopNonces ?? new DpopNonces(), now);
  const held = new Set<ServerResponse>();
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let closed = false;

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const entry = { timer: setTimeout(() => finish(), ms), resolve: () => finish() };
      const finish = () => {
        clearTimeout(entry.timer);
        timers.delete(entry);
        resolve();
      };
      timers.add(entry);
    });

  async function dispatch(req: IncomingMessage, res: ServerResponse, entry: ReceivedRequest): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    // Joined, not resolved: a path such as `//host/x` must stay a path on the org.
    const url = new URL(`${orgUrl}${req.url ?? '/'}`);
    const endpoint = endpointFor(url.pathname);
    // Resolved before any fault, so that the log names the app even for a request left hanging.
    const caller = await resolveCaller(req.headers.authorization, org, options.resolveBearerToken);
    entry.clientId = caller?.clientId ?? null;
    const fault = faults.take(method, url.pathname);
    if (fault?.latencyMs) {
      await delay(fault.latencyMs);
      if (closed) {
        res.destroy();
        return;
      }
    }
    if (fault?.hang) {
      entry.outcome = 'hung';
      held.add(res);
      res.on('close', () => held.delete(res));
      return;
    }
    if (fault?.connectionReset) {
      entry.outcome = 'reset';
      req.socket.resetAndDestroy();
      return;
    }

    // Pieces written over time: a request still sending stays in `held`, so that close() can end it.
    const onBytes = (bytes: number) => {
      entry.bytesSent = (entry.bytesSent ?? 0) + bytes;
    };
    if (fault?.slowBody || fault?.oversizedBody) {
      held.add(res);
      res.on('close', () => held.delete(res));
    }

    const decision = fault?.status
      ? limiter.peek(endpoint.bucket, caller?.appKey)
      : limiter.take(endpoint.bucket, caller?.appKey);
    const recordRateLimit = () => {
      const reading = rateLimitSent(res);
      if (reading) entry.rateLimit = reading;
    };
    const reply = (status: number, body: unknown, headers: Record<string, string | string[]> = {}, json?: string) => {
      send(
        res,
        method,
        now(),
        status,
        body,
        { ...rateHeaders(decision, status), ...headers },
        {
          malformed: fault?.malformedJson === true,
          ...(json !== undefined ? { json } : {}),
          ...(fault?.slowBody && status < 300 ? { slowBody: fault.slowBody, onBytes } : {}),
        },
      );
      recordRateLimit();
    };

    if (fault?.status) return reply(fault.status, forcedErrorBody(fault.status));
    if (!decision.allowed) {
      return reply(429, oktaErrorBody('E0000047', 'API call exceeded rate limit due to too many requests.'));
    }
    if (!caller) {
      return reply(401, oktaErrorBody('E0000011', 'Invalid token provided'), {
        'WWW-Authenticate': invalidTokenChallenge(orgUrl, authScheme(req.headers.authorization)),
        'Access-Control-Expose-Headers': 'WWW-Authenticate',
      });
    }
    const scope = scopeForMethod(endpoint, method);
    const proof = req.headers.dpop;
    const refused = await dpop.check(caller, {
      method,
      url: `${orgUrl}${url.pathname}`,
      proof: Array.isArray(proof) ? proof.join(', ') : proof,
    });
    if (refused) {
      const challenge = dpopChallenge(orgUrl, {
        scope,
        error: refused.error,
        description: refused.description,
        resource: url.pathname,
      });
      return reply(refused.status, undefined, {
        'WWW-Authenticate': challenge,
        ...(refused.nonce ? { 'DPoP-Nonce': refused.nonce } : {}),
        'Access-Control-Expose-Headers': refused.nonce ? 'WWW-Authenticate, DPoP-Nonce' : 'WWW-Authenticate',
      });
    }
    if (!hasScope(caller, scope)) {
      // Okta answers a token without the endpoint's scope with no body, only this header.
      return reply(403, undefined, {
        'WWW-Authenticate': insufficientScopeChallenge(orgUrl, scope, url.pathname, caller.presented?.scheme),
        'Access-Control-Expose-Headers': 'WWW-Authenticate',
      });
    }
    if (!rolesPermit(caller, scope)) {
      return reply(403, oktaErrorBody('E0000006', 'You do not have permission to perform the requested action'));
    }
    if (fault?.oversizedBody) {
      for (const [name, value] of Object.entries(rateHeaders(decision, 200))) res.setHeader(name, value);
      recordRateLimit();
      streamOversized(res, fault.oversizedBody.bytes, onBytes);
      return;
    }
    try {
      const result = handleEndpoint(endpoint, { org, orgUrl, url, method, caller, now: now() });
      if (fault?.overLimitItems && result.list) {
        const items = result.json !== undefined ? (JSON.parse(result.json) as unknown) : result.body;
        if (Array.isArray(items)) {
          const body = overLimit(items, requestedLimit(url, endpoint.bucket) + 1);
          return reply(result.status, body, { link: `<${orgUrl}${req.url ?? url.pathname}>; rel="self"` });
        }
      }
      const links = result.list
        ? [
            `<${orgUrl}${req.url ?? url.pathname}>; rel="self"`,
            ...(result.next ? [`<${result.next}>; rel="next"`] : []),
          ]
        : undefined;
      return reply(result.status, result.body, links ? { link: links } : {}, result.json);
    } catch (error) {
      if (error instanceof OktaApiError) return reply(error.status, error.body());
      throw error;
    }
  }

  return {
    handle(req, res) {
      const entry = received.add({
        method: (req.method ?? 'GET').toUpperCase(),
        url: req.url ?? '/',
        authScheme: authScheme(req.headers.authorization),
        clientId: null,
        requestId: randomOktaToken('req', 26),
        retryFor: header(req, 'x-okta-retry-for'),
        retryCount: header(req, 'x-okta-retry-count'),
        receivedAt: now(),
        outcome: 'pending',
      });
      res.setHeader('X-Okta-Request-Id', entry.requestId);
      res.on('finish', () => {
        entry.status = res.statusCode;
        entry.outcome = 'answered';
      });
      res.on('close', () => {
        entry.closedAt = now();
        if (entry.outcome === 'pending') entry.outcome = 'aborted';
      });
      dispatch(req, res, entry).catch(() => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        send(res, 'GET', now(), 500, oktaErrorBody('E0000009', 'Internal Server Error'), {}, {});
      });
    },
    faults,
    rateLimiter: limiter,
    received,
    async close() {
      closed = true;
      for (const entry of [...timers]) entry.resolve();
      for (const res of [...held]) res.destroy();
      held.clear();
    },
  };
}

/** The `limit` a listing request asked for, or the endpoint's default (Okta's: 100 for logs, 200 for users). */
function requestedLimit(url: URL, bucket: string): number {
  const raw = Number(url.searchParams.get('limit'));
  if (Number.isInteger(raw) && raw > 0) return raw;
  return bucket === 'logs' ? 100 : 200;
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? value.join(', ') : null;
}
