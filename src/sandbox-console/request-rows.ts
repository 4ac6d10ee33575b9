/**
 * The rows of the console's "What the app asked Okta" table: one per management-API request the sandbox org
 * received, newest first, as text ready for `<%= %>`. The path is whatever the caller sent, so invisible and
 * direction-changing characters are shown as escapes and long paths are cut (the whole path goes in a tooltip).
 */

import { utcClock } from '../text/reset-time.ts';
import { cell } from '../text/visible-text.ts';
import type { ConsoleRequest } from './controls.ts';

/** How many requests the console lists. */
export const CONSOLE_REQUEST_ROWS = 30;

/** One table row. */
export interface RequestRow {
  sequence: number;
  /** `16:12:05 UTC`, and the exact instant for the `<time>` element. */
  time: string;
  timeIso: string;
  method: string;
  path: string;
  /** The whole path when `path` was cut, for a tooltip. */
  pathFull?: string;
  authScheme: string;
  /** The OAuth app's client id, or null with `noClientId` saying why there is none. */
  clientId: string | null;
  noClientId: string;
  /** The HTTP status, or how the request ended without one. */
  status: string;
  /** `9 of 10`, or `none sent`. */
  budget: string;
  /** The reset as a clock time, and its instant; empty when no budget was sent. */
  reset: string;
  resetIso: string;
}

/** Longer than any page of the app asks for (about 130 characters), short enough to keep a row readable. */
const PATH_MAX = 240;

const NO_STATUS: Readonly<Record<string, string>> = {
  pending: 'waiting',
  hung: 'no answer (hung)',
  reset: 'connection reset',
  aborted: 'closed before the answer',
};

/** The rows for `requests` (already newest first). */
export function requestRows(requests: readonly ConsoleRequest[]): RequestRow[] {
  return requests.map((request) => {
    const path = cell(request.path, PATH_MAX);
    const reset = request.rateLimit ? request.rateLimit.reset * 1000 : undefined;
    return {
      sequence: request.sequence,
      time: utcClock(Date.parse(request.time)),
      timeIso: request.time,
      method: cell(request.method, 12).text,
      path: path.text,
      ...(path.full ? { pathFull: path.full } : {}),
      authScheme: request.authScheme === null ? 'none' : cell(request.authScheme, 20).text,
      clientId: request.clientId,
      noClientId: request.authScheme === 'SSWS' ? 'none (API token)' : 'none',
      status: request.status === null ? (NO_STATUS[request.outcome] ?? request.outcome) : String(request.status),
      budget: request.rateLimit ? `${request.rateLimit.remaining} of ${request.rateLimit.limit}` : 'none sent',
      reset: reset === undefined ? '' : utcClock(reset),
      resetIso: reset === undefined ? '' : new Date(reset).toISOString(),
    };
  });
}
