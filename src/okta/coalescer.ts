/**
 * Coalescing: concurrent identical reads (the same credential and the same URL) make one request, and every caller
 * gets its answer. What is shared is one attempt's raw outcome, before any of it is interpreted, so each caller
 * then handles it (errors, 429 waits) exactly as if it had received it itself. It is plain data (JSON-able), so
 * that instances sharing a store can hand it to each other (src/store/store-coalescer.ts).
 */
import { createHash } from 'node:crypto';
import type { ResponseHeaders } from './rate-limit.ts';
import type { BodyContent } from './response-body.ts';

/** One attempt's answer as every waiter receives it. */
export interface SharedResponse {
  status: number;
  headers: ResponseHeaders;
  content: BodyContent;
  /** When the answer arrived (epoch ms): the local time its rate-limit reading is measured against. */
  receivedAt: number;
}

/** Runs one attempt for every concurrent caller with the same key. */
export interface Coalescer {
  /**
   * Runs `fetch` once for all callers of `key` at the same moment, or joins the one running, and resolves with
   * its answer. `signal` ends this caller's wait only; the request goes on while any caller still waits. A caller
   * whose `fetch` ran gets its errors; a caller who joined another's and saw it fail runs `fetch` itself.
   */
  run(
    key: string,
    signal: AbortSignal,
    fetch: (signal: AbortSignal) => Promise<SharedResponse>,
  ): Promise<SharedResponse>;
}

/**
 * What a shared answer holds, part of every key: instances of versions whose answers differ in form (this one keeps a
 * body as JSON text; earlier ones parsed it) never read each other's while they share a store during an upgrade.
 */
const ANSWER_FORMAT = 'body-as-text';

/** The coalescing key: a SHA-256 of the Authorization header and the URL, so no token appears in a key. */
export function coalesceKey(authorization: string, url: string): string {
  return createHash('sha256')
    .update(ANSWER_FORMAT)
    .update('\n')
    .update(authorization)
    .update('\n')
    .update(url)
    .digest('hex');
}
