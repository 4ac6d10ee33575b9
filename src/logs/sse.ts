/**
 * Server-Sent Events on a raw response: the wire format (`event:`, `id:`, one `data:` line of JSON, which never
 * holds a raw line break) and writes that wait for the socket to drain.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** One SSE message. `event` and `id` are the app's own words and tokens, never data. */
export function sseMessage(event: string, data: unknown, id?: string): string {
  if (/[\r\n]/.test(event) || (id !== undefined && /[\r\n]/.test(id)))
    throw new Error('an SSE field holds a line break');
  return `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Writes SSE messages to one response. */
export class SseChannel {
  constructor(
    private readonly out: Writable,
    private readonly signal: AbortSignal,
  ) {}

  /** Sends a message; resolves once the socket took it (or throws when the connection closed). */
  async send(event: string, data: unknown, id?: string): Promise<void> {
    await this.#write(sseMessage(event, data, id));
  }

  /** Tells EventSource how long to wait before reconnecting, in ms. */
  async retry(ms: number): Promise<void> {
    await this.#write(`retry: ${Math.floor(ms)}\n\n`);
  }

  /** A comment line, so that proxies do not close a quiet stream; skipped while the socket is busy. */
  keepAlive(): void {
    if (!this.signal.aborted && !this.out.writableEnded && !this.out.writableNeedDrain)
      this.out.write(': keep-alive\n\n');
  }

  end(): void {
    if (!this.out.writableEnded) this.out.end();
  }

  async #write(text: string): Promise<void> {
    this.signal.throwIfAborted();
    if (!this.out.write(text)) await once(this.out, 'drain', { signal: this.signal });
  }
}
