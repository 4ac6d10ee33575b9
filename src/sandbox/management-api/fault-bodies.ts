/**
 * Bodies a hostile Okta might send, for the fault switches: a body that trickles out over a long time, a body far
 * larger than any real page (generated while it is sent, never held in memory), and a page with more items than
 * its `limit`. Each writer stops as soon as the client closes the connection and reports the bytes it wrote.
 */
import type { ServerResponse } from 'node:http';

/** How a slow body is sent: evenly over `durationMs`, one piece every `intervalMs` (default 100). */
export interface SlowBody {
  durationMs: number;
  intervalMs?: number;
}

/** Writes `payload` in equal pieces spread over the duration, then ends the response; stops if it closes first. */
export function trickle(res: ServerResponse, payload: Buffer, slow: SlowBody, onBytes: (bytes: number) => void): void {
  // A short payload (an empty poll is two bytes) still takes the whole duration: fewer pieces, further apart.
  const steps = Math.max(
    1,
    Math.min(payload.length, Math.floor(slow.durationMs / Math.max(1, slow.intervalMs ?? 100))),
  );
  const intervalMs = Math.max(1, Math.floor(slow.durationMs / steps));
  const piece = Math.max(1, Math.ceil(payload.length / steps));
  let at = 0;
  res.flushHeaders();
  const timer = setInterval(() => {
    if (res.destroyed) return clearInterval(timer);
    const next = payload.subarray(at, at + piece);
    at += next.length;
    if (next.length > 0) {
      res.write(next);
      onBytes(next.length);
    }
    if (at >= payload.length) {
      clearInterval(timer);
      res.end();
    }
  }, intervalMs);
  res.once('close', () => clearInterval(timer));
}

/** One generated System Log-like event of about 2 KB, numbered so that no two are the same. */
function generatedEvent(index: number): string {
  return JSON.stringify({
    uuid: `oversized-${index}`,
    published: '2026-01-01T00:00:00.000Z',
    eventType: 'user.session.start',
    version: '0',
    severity: 'INFO',
    displayMessage: 'User login to Okta',
    actor: { id: `00u${index}`, type: 'User', alternateId: 'oversized@sandbox.example', displayName: 'Oversized' },
    outcome: { result: 'SUCCESS' },
    debugContext: { debugData: { padding: 'x'.repeat(1700) } },
  });
}

/**
 * Sends a 200 JSON array of about `bytes` bytes without a Content-Length (so only counting while reading can
 * catch it), honouring backpressure: it writes only as fast as the client reads, and stops when it goes away.
 */
export function streamOversized(res: ServerResponse, bytes: number, onBytes: (bytes: number) => void): void {
  res.statusCode = 200;
  res.setHeader('Content-Type', 'application/json');
  res.setHeader('Cache-Control', 'no-cache, no-store');
  let sent = 0;
  let index = 0;
  const write = (text: string): boolean => {
    const chunk = Buffer.from(text, 'utf8');
    sent += chunk.length;
    onBytes(chunk.length);
    return res.write(chunk);
  };
  const pump = (): void => {
    while (!res.destroyed) {
      if (sent >= bytes) {
        res.end(']');
        onBytes(1);
        return;
      }
      if (!write(`${index === 0 ? '[' : ','}${generatedEvent(index++)}`)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

/** The items of a page repeated until there are `count` of them (an empty page stays empty). */
export function overLimit(items: readonly unknown[], count: number): unknown[] {
  if (items.length === 0) return [];
  return Array.from({ length: count }, (_, index) => items[index % items.length]);
}
