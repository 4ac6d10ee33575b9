/**
 * The link to one event's detail, `/logs/events/<uuid>?<the page's query>&at=<published>`, built for each row and
 * read back, strictly, by the detail route. The page's query (with its page token) says which server-side page the
 * event was seen on and where "back" goes; `at` is the event's published time, which bounds the one Okta call made
 * when that page is no longer held.
 */
import { AppError } from '../errors.ts';
import type { LogsQuery } from './query-params.ts';
import { logsSearchParams } from './query-url.ts';
import { RETENTION_MS } from './time-range.ts';

// Okta's event uuids are UUIDs (version-1 layout). Nothing else is accepted, so an id is safe in a path, an HTML
// id and a SCIM literal alike.
const EVENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// Exactly what Date#toISOString writes, which is how the row writes `published`.
const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const FUTURE_SLACK_MS = 5 * 60_000;
const DAY = 24 * 3600_000;

/** True when `value` is an event id the detail route accepts. */
export function isEventId(value: unknown): value is string {
  return typeof value === 'string' && EVENT_ID.test(value);
}

/** Builds detail links for the rows of one page view (the query part is computed once per page). */
export function eventLinks(
  base: (uuid: string) => string,
  query: LogsQuery,
  pageToken: string | undefined,
): (uuid: unknown, iso: string | undefined) => string | undefined {
  const search = logsSearchParams(query, pageToken).toString();
  const prefix = search === '' ? '?' : `?${search}&`;
  return (uuid, iso) => {
    if (!isEventId(uuid)) return undefined;
    return iso === undefined ? `${base(uuid)}${search === '' ? '' : `?${search}`}` : `${base(uuid)}${prefix}at=${iso}`;
  };
}

/** A detail link that is not one this app makes (a bad id, a malformed or impossible time). */
export class BadEventLinkError extends AppError {
  constructor(problem: string) {
    super({
      status: 400,
      code: 'LOG_EVENT_BAD_LINK',
      title: 'Not a valid event link',
      whatHappened: `This link to a System Log event is not one the app makes: ${problem}`,
      whatToDo: 'Open the event again from the System Log.',
      action: { label: 'Go to the System Log', href: '/logs' },
    });
  }
}

/** The event id of the path; throws BadEventLinkError for anything but a lowercase UUID. */
export function parseEventId(value: unknown): string {
  if (!isEventId(value))
    throw new BadEventLinkError('the event id must be a UUID such as 3f2504e0-4f89-11d3-9a0c-0305e82c3301.');
  return value;
}

/**
 * The `at` parameter: undefined when absent, else an instant written as toISOString writes it, inside Okta's
 * retention and not in the future. Throws BadEventLinkError otherwise.
 */
export function parseEventTime(value: unknown, now: number): Date | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !INSTANT.test(value)) {
    throw new BadEventLinkError('the time (at) must be written like 2024-08-13T15:58:20.123Z, once.');
  }
  const date = new Date(value);
  // Rejects dates that parse but do not exist (2024-02-30 rolls over to March).
  if (Number.isNaN(date.getTime()) || date.toISOString() !== value) {
    throw new BadEventLinkError('the time (at) is not a real date.');
  }
  if (date.getTime() > now + FUTURE_SLACK_MS || date.getTime() < now - RETENTION_MS - DAY) {
    throw new BadEventLinkError("the time (at) is outside the System Log's 90 days.");
  }
  return date;
}
