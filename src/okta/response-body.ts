/** Reading a management-API response body: JSON for a 2xx, bounded text for an error. */
import type { Dispatcher } from 'undici';
import type { ResponseHeaders } from './rate-limit.ts';

/** Error bodies are small JSON objects; anything longer is cut here rather than buffered whole. */
const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** What a response body turned out to be. */
export type BodyContent =
  | { kind: 'json'; value: unknown }
  | { kind: 'malformed'; problem: string; cause?: unknown }
  | { kind: 'error'; text: string };

/** The first value of a possibly repeated header. */
export function firstHeader(value: string | string[] | undefined): string | undefined {
  return typeof value === 'string' ? value : value?.[0];
}

function isJsonContentType(value: string | string[] | undefined): boolean {
  const type = firstHeader(value)?.split(';')[0]?.trim().toLowerCase();
  return type === undefined || type === 'application/json' || type.endsWith('+json');
}

async function readBoundedText(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_ERROR_BODY_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES).toString('utf8');
}

/**
 * Reads a 2xx body as JSON (undici's own decoder: no second string copy of a 1000-event page) or an error body as
 * bounded text. A parse failure is a malformed response, not a network error; network errors propagate.
 */
export async function readBody(
  body: Dispatcher.ResponseData['body'],
  status: number,
  headers: ResponseHeaders,
): Promise<BodyContent> {
  if (status < 200 || status >= 300) return { kind: 'error', text: await readBoundedText(body) };
  if (!isJsonContentType(headers['content-type'])) {
    await body.dump();
    return { kind: 'malformed', problem: `Okta answered ${firstHeader(headers['content-type'])}, not JSON` };
  }
  try {
    return { kind: 'json', value: await body.json() };
  } catch (error) {
    if (error instanceof SyntaxError) {
      return { kind: 'malformed', problem: "Okta's response is not valid JSON", cause: error };
    }
    throw error;
  }
}
