/** Reading a management-API response body: JSON for a 2xx (at most `maxBytes`), bounded text for an error. */
import type { Dispatcher } from 'undici';
import { declaredLength, jsonTextOf, readCapped, readUpTo } from './capped-body.ts';
import type { ResponseHeaders } from './rate-limit.ts';

/** Error bodies are small JSON objects; anything longer is cut here rather than buffered whole. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * What a response body turned out to be. A 2xx body is kept as JSON text, not parsed: each caller parses it where it
 * uses the value (see `JsonTextResponse` in http.ts).
 */
export type BodyContent =
  | { kind: 'json'; text: string }
  | { kind: 'malformed'; problem: string }
  | { kind: 'too-large'; receivedBytes: number; declaredBytes: number | undefined }
  | { kind: 'error'; text: string };

/** The first value of a possibly repeated header. */
export function firstHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

function isJsonContentType(value: string | string[] | undefined): boolean {
  const type = firstHeader(value)?.split(';')[0]?.trim().toLowerCase();
  return type === undefined || type === 'application/json' || type.endsWith('+json');
}

/**
 * Reads a 2xx body as JSON text, or an error body as bounded text. A 2xx body over `maxBytes` (declared or
 * streamed) is abandoned unread past the cap; a 2xx body that is not JSON by its content type is malformed. The
 * bytes are decoded once. Network errors propagate.
 */
export async function readBody(
  body: Dispatcher.ResponseData['body'],
  status: number,
  headers: ResponseHeaders,
  maxBytes: number,
): Promise<BodyContent> {
  if (status < 200 || status >= 300)
    return { kind: 'error', text: (await readUpTo(body, MAX_ERROR_BODY_BYTES)).bytes.toString('utf8') };
  if (!isJsonContentType(headers['content-type'])) {
    await body.dump();
    return { kind: 'malformed', problem: `Okta answered ${firstHeader(headers['content-type'])}, not JSON` };
  }
  const read = await readCapped(body, maxBytes, declaredLength(headers['content-length']));
  if (read.kind === 'too-large') return read;
  return { kind: 'json', text: jsonTextOf(read.bytes) };
}
