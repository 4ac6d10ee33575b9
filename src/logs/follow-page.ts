/**
 * The live tail without JavaScript: the follow page starts a polling position ("from now") under a token and
 * links to itself with it; each visit of such a link polls once from that position (one Okta call, or none when
 * the same link was seen in the last minute), shows what arrived, and links on with a new token.
 */
import { InvalidQueryError } from '../okta/index.ts';
import type { LogsState, OktaCall, PolledPage } from './logs-state.ts';
import { pollingLogQuery } from './okta-query.ts';
import type { LogsQuery } from './query-params.ts';
import { logsSearchParams } from './query-url.ts';

/** How a follow view went. */
export type FollowOutcome =
  /** A new tail from now: nothing fetched yet. */
  | { kind: 'started'; token: string; startedAt: number }
  | { kind: 'polled'; page: PolledPage; fromCache: boolean }
  | { kind: 'cursor-refused' }
  | { kind: 'okta-rejected'; error: InvalidQueryError };

/** The binding of follow tokens: the tail's filters, apart from the bounded page's tokens. */
export function followBinding(query: LogsQuery): string {
  return `follow?${logsSearchParams(query).toString()}`;
}

/** Loads one follow view. `query` is the tail's query (no range, no order). */
export async function loadFollowView(options: {
  state: LogsState;
  call: OktaCall;
  owner: string;
  query: LogsQuery;
  token: string | undefined;
  now?: () => number;
}): Promise<FollowOutcome> {
  const { state, owner, query, token } = options;
  const now = options.now ?? Date.now;
  const binding = followBinding(query);
  if (token === undefined) {
    const startedAt = now();
    const start = pollingLogQuery(query, new Date(startedAt));
    return { kind: 'started', token: await state.cursors.put(owner, binding, { kind: 'poll', start }), startedAt };
  }
  const cacheKey = `${binding}&page=${token}`;
  const hit = await state.polls?.getFresh(owner, cacheKey);
  if (hit) return { kind: 'polled', page: hit.value, fromCache: true };
  const found = await state.cursors.find(token, owner, binding);
  if (!('value' in found) || found.value.kind !== 'poll') return { kind: 'cursor-refused' };
  const position = found.value;

  const deadline = now() + state.callTimeoutMs;
  const result = await options.call(async (client, signal) => {
    try {
      return await client.logs.poll(position.start, { signal, deadline, maxPages: 1 });
    } catch (error) {
      if (error instanceof InvalidQueryError) return error;
      throw error;
    }
  });
  if (result instanceof InvalidQueryError) return { kind: 'okta-rejected', error: result };
  const fetchedAt = now();
  const page: PolledPage = {
    // Newest first, as the live tail shows them.
    events: [...result.events].reverse(),
    nextToken: await state.cursors.put(owner, binding, { kind: 'poll', start: result.cursor }),
    fetchedAt,
  };
  await state.polls?.set(owner, cacheKey, page);
  return { kind: 'polled', page, fromCache: false };
}
