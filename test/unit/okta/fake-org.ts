/**
 * A scripted Okta org on undici's MockAgent (no network: disableNetConnect). Each scripted reply records the
 * request it answered, so tests can assert what went over the wire (headers, path, query).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { MockAgent } from 'undici';
import type { OktaClock } from '../../../src/okta/clock.ts';

/** A request as the fake org saw it. */
export interface RecordedRequest {
  path: string;
  url: URL;
  headers: Record<string, string>;
}

/** A scripted response. `body` objects are sent as JSON; strings as they are. */
export interface ScriptedResponse {
  status: number;
  body?: unknown;
  headers?: IncomingHttpHeaders;
}

export const ORIGIN = 'https://example.okta.com';

function lowerCase(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers && typeof headers === 'object') {
    for (const [name, value] of Object.entries(headers as Record<string, unknown>))
      out[name.toLowerCase()] = String(value);
  }
  return out;
}

/** The fake org. */
export class FakeOrg {
  readonly agent = new MockAgent();
  readonly requests: RecordedRequest[] = [];

  constructor(readonly origin = ORIGIN) {
    this.agent.disableNetConnect();
  }

  /** Answers the next request whose path (with query) matches, `times` times. */
  on(
    path: string | RegExp | ((path: string) => boolean),
    response: ScriptedResponse | ((request: RecordedRequest) => ScriptedResponse),
    times = 1,
  ): void {
    this.agent
      .get(this.origin)
      .intercept({ path, method: 'GET' })
      .reply((options) => {
        const recorded: RecordedRequest = {
          path: options.path,
          url: new URL(options.path, this.origin),
          headers: lowerCase(options.headers),
        };
        this.requests.push(recorded);
        const scripted = typeof response === 'function' ? response(recorded) : response;
        const body =
          scripted.body === undefined
            ? ''
            : typeof scripted.body === 'string'
              ? scripted.body
              : JSON.stringify(scripted.body);
        return {
          statusCode: scripted.status,
          data: body,
          responseOptions: {
            headers: {
              'content-type': 'application/json',
              'x-okta-request-id': `req-${this.requests.length}`,
              ...scripted.headers,
            },
          },
        };
      })
      .times(times);
  }

  /** Fails the next matching request at the connection level with the given error code (e.g. ECONNRESET). */
  failWith(path: string | RegExp | ((path: string) => boolean), code: string, times = 1): void {
    this.agent
      .get(this.origin)
      .intercept({ path, method: 'GET' })
      .replyWithError(Object.assign(new Error(`simulated ${code}`), { code }))
      .times(times);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** A clock whose sleeps return at once and advance its time; every sleep is recorded. */
export class FakeClock implements OktaClock {
  readonly sleeps: number[] = [];
  constructor(public time = Date.UTC(2026, 0, 15, 12, 0, 0)) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.sleeps.push(ms);
    this.time += ms;
  }
  random(): number {
    return 0;
  }
  /** The `Date` header a server would send now. */
  dateHeader(): string {
    return new Date(this.time).toUTCString();
  }
  /** An `X-Rate-Limit-Reset` value `seconds` from now. */
  resetIn(seconds: number): string {
    return String(Math.floor(this.time / 1000) + seconds);
  }
}

/** Two System Log events with only the fields the tests look at. */
export function logEvents(count: number, prefix = 'ev'): { uuid: string; eventType: string }[] {
  return Array.from({ length: count }, (_, index) => ({ uuid: `${prefix}-${index}`, eventType: 'user.session.start' }));
}

/** A `Link` header pair as Okta sends it: one line per relation. */
export function links(self: string, next?: string): string[] {
  return next === undefined ? [`<${self}>; rel="self"`] : [`<${self}>; rel="self"`, `<${next}>; rel="next"`];
}
