/** A small Server-Sent Events reader for tests: one GET with the browser's cookies, messages parsed as they come. */
import assert from 'node:assert/strict';
import { type ClientRequest, get, type IncomingMessage } from 'node:http';
import type { Browser } from '../../helpers/browser.ts';

export interface SseMessage {
  event: string;
  id: string | undefined;
  data: unknown;
}

export class SseReader {
  readonly messages: SseMessage[] = [];
  #buffer = '';
  #waiters: (() => void)[] = [];
  ended = false;

  private constructor(
    readonly request: ClientRequest,
    readonly response: IncomingMessage,
  ) {
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => this.#push(chunk));
    response.on('close', () => {
      this.ended = true;
      this.#wake();
    });
  }

  /** Opens `url` with the browser's cookies (and extra headers); resolves with the reader once headers arrive. */
  static open(browser: Browser, url: string, headers: Record<string, string> = {}): Promise<SseReader> {
    const target = new URL(url);
    return new Promise((resolve, reject) => {
      const request = get(
        target,
        { headers: { cookie: browser.jar.header(target), accept: 'text/event-stream', ...headers } },
        (response) => resolve(new SseReader(request, response)),
      );
      request.once('error', reject);
    });
  }

  #push(chunk: string): void {
    this.#buffer += chunk;
    for (let end = this.#buffer.indexOf('\n\n'); end >= 0; end = this.#buffer.indexOf('\n\n')) {
      const block = this.#buffer.slice(0, end);
      this.#buffer = this.#buffer.slice(end + 2);
      const fields = new Map<string, string>();
      for (const line of block.split('\n')) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        fields.set(line.slice(0, colon), line.slice(colon + 1).replace(/^ /, ''));
      }
      const data = fields.get('data');
      if (data === undefined) continue;
      this.messages.push({ event: fields.get('event') ?? 'message', id: fields.get('id'), data: JSON.parse(data) });
    }
    this.#wake();
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }

  /** The first message (from `from` on) matching, waiting at most `timeoutMs`. */
  async next(match: (message: SseMessage) => boolean, from = 0, timeoutMs = 10_000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found;
      assert.ok(!this.ended, 'the stream ended before the expected message');
      const left = deadline - Date.now();
      assert.ok(left > 0, 'the expected message did not come in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.request.destroy();
  }
}
