/**
 * Reading a response body without letting the sender decide how much memory it takes: a declared
 * `Content-Length` over the cap is refused before a byte is read, and a streamed body is counted chunk by chunk
 * and abandoned (its connection closed) the moment it passes the cap. Nothing past the cap is ever buffered.
 */
import { jsonText } from './json-text.ts';

/** The part of undici's response body this reader needs. */
export interface StreamedBody extends AsyncIterable<Buffer> {
  destroy(error?: Error): unknown;
}

/** What a capped read found. */
export type CappedRead =
  | { kind: 'complete'; bytes: Buffer }
  /** `receivedBytes` counts what was read before giving up (0 when `Content-Length` alone was enough). */
  | { kind: 'too-large'; receivedBytes: number; declaredBytes: number | undefined };

/** The `Content-Length` header as a number, or undefined when absent or not a plain decimal. */
export function declaredLength(value: string | string[] | undefined): number | undefined {
  const text = typeof value === 'string' ? value : value?.[0];
  if (text === undefined || !/^\s*\d+\s*$/.test(text)) return undefined;
  const length = Number(text);
  return Number.isSafeInteger(length) ? length : undefined;
}

/**
 * Reads `body` until it ends or passes `maxBytes`, then destroys it (its connection closed) without reading on.
 * `bytes` holds at most the first `maxBytes`; `complete` says whether the body ended within them.
 */
export async function readUpTo(
  body: StreamedBody,
  maxBytes: number,
): Promise<{ bytes: Buffer; receivedBytes: number; complete: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    chunks.push(chunk);
    if (size > maxBytes) {
      body.destroy();
      return { bytes: Buffer.concat(chunks, size).subarray(0, maxBytes), receivedBytes: size, complete: false };
    }
  }
  const bytes = chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks, size);
  return { bytes, receivedBytes: size, complete: true };
}

/** Reads all of `body` if it stays within `maxBytes`; otherwise destroys it unread past the cap. */
export async function readCapped(
  body: StreamedBody,
  maxBytes: number,
  declaredBytes: number | undefined,
): Promise<CappedRead> {
  if (declaredBytes !== undefined && declaredBytes > maxBytes) {
    body.destroy();
    return { kind: 'too-large', receivedBytes: 0, declaredBytes };
  }
  const read = await readUpTo(body, maxBytes);
  return read.complete
    ? { kind: 'complete', bytes: read.bytes }
    : { kind: 'too-large', receivedBytes: read.receivedBytes, declaredBytes };
}

/**
 * UTF-8 JSON bytes as the text undici's `body.json()` would parse (a leading byte order mark dropped), through the
 * cheaper decoding of json-text.ts: `JSON.parse` of it gives the same value.
 */
export function jsonTextOf(bytes: Buffer): string {
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return jsonText(start === 0 ? bytes : bytes.subarray(start));
}
