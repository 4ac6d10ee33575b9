import type { ServerResponse } from 'node:http';

/** The `X-Rate-Limit-*` values a response carried. */
export interface RateLimitReading {
  limit: number;
  remaining: number;
  /** UTC epoch seconds at which the window resets. */
  reset: number;
}

/** One request as the management API saw it; the credential itself is never kept. */
export interface ReceivedRequest {
  /** 1 for the first request the API received, then one more for each; clearing the log does not restart it. */
  sequence: number;
  method: string;
  /** Path and query exactly as sent, e.g. `/api/v1/logs?limit=20&after=…`. */
  url: string;
  /** `Bearer`, `SSWS`, another scheme as sent, or null without an Authorization header. */
  authScheme: string | null;
  /** The OAuth app whose access token was used; null for the SSWS API token, no token or one the org does not know. */
  clientId: string | null;
  requestId: string;
  /** `X-Okta-Retry-For` / `X-Okta-Retry-Count` as sent by retrying SDKs (accepted and ignored). */
  retryFor: string | null;
  retryCount: string | null;
  /** Clock time (ms) of arrival. */
  receivedAt: number;
  /** HTTP status answered; undefined while pending, or when the request hung or its connection was reset. */
  status?: number;
  /** How the request ended. */
  outcome: 'pending' | 'answered' | 'hung' | 'reset' | 'aborted';
  /** The rate-limit headers sent back; undefined when none were sent. */
  rateLimit?: RateLimitReading;
  /** Body bytes written so far, for answers sent in pieces (the slow and oversized body faults). */
  bytesSent?: number;
  /** Clock time (ms) the response closed: finished, or closed by the client. Undefined while still open. */
  closedAt?: number;
}

/** Everything the API received, newest last, bounded to the most recent `capacity` requests. */
export interface ReceivedRequestLog {
  readonly capacity: number;
  /** The highest sequence number given so far (0 before the first request), kept across clear(). */
  readonly latest: number;
  all(): readonly ReceivedRequest[];
  last(): ReceivedRequest | undefined;
  /** Requests with a sequence number greater than `sequence`, oldest first. */
  since(sequence: number): ReceivedRequest[];
  /** Requests whose path (without query) equals `path`. */
  forPath(path: string): ReceivedRequest[];
  /** Requests whose response is still open (not finished, not closed by the client). */
  open(): ReceivedRequest[];
  clear(): void;
}

/** The bounded in-memory log behind `ManagementApi.received`. */
export class BoundedReceivedLog implements ReceivedRequestLog {
  #entries: ReceivedRequest[] = [];
  #latest = 0;

  constructor(readonly capacity = 1000) {}

  get latest(): number {
    return this.#latest;
  }

  /** Records a request under the next sequence number. */
  add(fields: Omit<ReceivedRequest, 'sequence'>): ReceivedRequest {
    this.#latest += 1;
    const entry: ReceivedRequest = { sequence: this.#latest, ...fields };
    this.#entries.push(entry);
    if (this.#entries.length > this.capacity) this.#entries.splice(0, this.#entries.length - this.capacity);
    return entry;
  }

  all(): readonly ReceivedRequest[] {
    return this.#entries;
  }

  last(): ReceivedRequest | undefined {
    return this.#entries.at(-1);
  }

  since(sequence: number): ReceivedRequest[] {
    return this.#entries.filter((entry) => entry.sequence > sequence);
  }

  forPath(path: string): ReceivedRequest[] {
    return this.#entries.filter((entry) => entry.url.split('?')[0] === path);
  }

  open(): ReceivedRequest[] {
    return this.#entries.filter((entry) => entry.closedAt === undefined);
  }

  clear(): void {
    this.#entries = [];
  }
}

/** The `X-Rate-Limit-*` values set on a response, read back from it; undefined unless all three are there. */
export function rateLimitSent(res: ServerResponse): RateLimitReading | undefined {
  const read = (name: string) => {
    const value = res.getHeader(name);
    return typeof value === 'string' || typeof value === 'number' ? Number(value) : Number.NaN;
  };
  const reading = {
    limit: read('x-rate-limit-limit'),
    remaining: read('x-rate-limit-remaining'),
    reset: read('x-rate-limit-reset'),
  };
  return Object.values(reading).every(Number.isFinite) ? reading : undefined;
}
