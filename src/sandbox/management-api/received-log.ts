/** One request as the management API saw it; the credential itself is never kept. */
export interface ReceivedRequest {
  method: string;
  /** Path and query exactly as sent, e.g. `/api/v1/logs?limit=20&after=…`. */
  url: string;
  /** `Bearer`, `SSWS`, another scheme as sent, or null without an Authorization header. */
  authScheme: string | null;
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
  /** Body bytes written so far, for answers sent in pieces (the slow and oversized body faults). */
  bytesSent?: number;
  /** Clock time (ms) the response closed: finished, or closed by the client. Undefined while still open. */
  closedAt?: number;
}

/** Everything the API received, newest last, bounded to the most recent `capacity` requests. */
export interface ReceivedRequestLog {
  readonly capacity: number;
  all(): readonly ReceivedRequest[];
  last(): ReceivedRequest | undefined;
  /** Requests whose path (without query) equals `path`. */
  forPath(path: string): ReceivedRequest[];
  /** Requests whose response is still open (not finished, not closed by the client). */
  open(): ReceivedRequest[];
  clear(): void;
}

/** The bounded in-memory log behind `ManagementApi.received`. */
export class BoundedReceivedLog implements ReceivedRequestLog {
  #entries: ReceivedRequest[] = [];

  constructor(readonly capacity = 1000) {}

  add(entry: ReceivedRequest): ReceivedRequest {
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
