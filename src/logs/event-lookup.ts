/**
 * Finding one event for its detail view. First in the page the person is viewing, as the page cache holds it (no
 * Okta call: the row was rendered from it). Once that page has left the cache, one Okta call bounded to a
 * two-second window around the event's published time, filtered on its uuid; without a time, no call at all.
 */
import { AppError } from '../errors.ts';
import { filterEq, type LogEvent, MalformedResponseError } from '../okta/index.ts';
import type { LoadedPage, LogsState, OktaCall } from './logs-state.ts';
import { pageEvents } from './page-events.ts';
import { pageCacheKey } from './page-loader.ts';
import type { LogsQuery } from './query-params.ts';

/** Half the window searched around the event's published time. */
export const LOOKUP_WINDOW_MS = 1000;

/** Where an event was found, or why it was not. */
export type LookupOutcome =
  | { kind: 'found'; event: LogEvent; source: 'page' | 'okta' }
  /** `searched`: whether Okta was asked (it was not when the link carried no time). */
  | { kind: 'not-found'; searched: boolean };

/** What a lookup needs. */
export interface LookupRequest {
  state: LogsState;
  call: OktaCall;
  owner: string;
  /** The query and page token of the page the link came from (the page cache's key). */
  query: LogsQuery;
  pageToken: string | undefined;
  uuid: string;
  at: Date | undefined;
}

/** The event, from the viewed page when it is still held, else from Okta. */
export async function findEvent(request: LookupRequest): Promise<LookupOutcome> {
  const { state, owner, query, pageToken, uuid, at } = request;
  const held = await state.cache?.getFresh(owner, pageCacheKey(query, pageToken));
  const onPage = held && heldEvents(held.value).find((event) => event.uuid === uuid);
  if (onPage) return { kind: 'found', event: onPage, source: 'page' };
  if (at === undefined) return { kind: 'not-found', searched: false };

  const deadline = Date.now() + state.callTimeoutMs;
  const page = await request.call((client, signal) =>
    client.logs.list(
      {
        since: new Date(at.getTime() - LOOKUP_WINDOW_MS),
        until: new Date(at.getTime() + LOOKUP_WINDOW_MS),
        filter: filterEq('uuid', uuid),
        limit: 1,
      },
      { signal, deadline },
    ),
  );
  const found = page.items.find((event) => event.uuid === uuid);
  return found ? { kind: 'found', event: found, source: 'okta' } : { kind: 'not-found', searched: true };
}

/** The events of a held page; none when Okta sent it malformed (the view of it showed that error). */
function heldEvents(page: LoadedPage): readonly LogEvent[] {
  try {
    return pageEvents(page.events);
  } catch (error) {
    if (error instanceof MalformedResponseError) return [];
    throw error;
  }
}

/** An event that is neither on the page it was linked from nor (when asked) at Okta. */
export class EventNotFoundError extends AppError {
  constructor(uuid: string, searched: boolean, backHref: string) {
    super({
      status: 404,
      code: 'LOG_EVENT_NOT_FOUND',
      title: 'Event not found',
      whatHappened: searched
        ? `No System Log event with the id ${uuid} was found: the page it was linked from is no longer held (pages are kept for a minute), and Okta has no event with this id at the time the link gives.`
        : `No System Log event with the id ${uuid} is on the page this link came from, and the link gives no time to ask Okta for it.`,
      whatToDo: 'Go back to the System Log and open the event from the table again.',
      action: { label: 'Back to the System Log', href: backHref },
    });
  }
}
