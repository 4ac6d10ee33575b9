/**
 * A user's recent activity: System Log events where the user is the actor or a target, newest first. It needs a
 * second scope (okta.logs.read) and an admin role that may read the System Log; when either is missing, the user
 * page says why instead of failing.
 */
import type { AppError } from '../errors.ts';
import { filterEq, type LogEvent, type LogQuery, or } from '../okta/index.ts';
import { visible } from '../text/visible-text.ts';
import { formatDate } from './user-view.ts';

/** How far back the activity reaches: the System Log keeps 90 days. */
export const ACTIVITY_DAYS = 90;
/** How many events the user page shows: one page, one call. */
export const ACTIVITY_LIMIT = 10;

/** One event on the user page. */
export interface ActivityRow {
  published: string;
  eventType: string;
  message: string;
  outcome: string;
  /** How the user takes part: `actor`, `target` or `actor and target`. */
  role: string;
  /** Who did it, when it was someone else. */
  actor: string;
}

/** Why the activity could not be shown. */
export interface ActivityUnavailable {
  code: string;
  title: string;
  text: string;
  whatToDo: string;
}

/** The bounded, newest-first System Log query for a user's events. */
export function activityQuery(userId: string, now = Date.now()): LogQuery {
  return {
    filter: or(filterEq('actor.id', userId), filterEq('target.id', userId)),
    since: new Date(now - ACTIVITY_DAYS * 24 * 3600 * 1000),
    until: new Date(now),
    sortOrder: 'DESCENDING',
    limit: ACTIVITY_LIMIT,
  };
}

function str(value: unknown): string {
  return typeof value === 'string' ? visible(value) : '';
}

/** The events as rows for the user page. */
export function activityRows(events: readonly LogEvent[], userId: string): ActivityRow[] {
  return events.map((event) => {
    const isActor = event.actor?.id === userId;
    const isTarget = (event.target ?? []).some((target) => target?.id === userId);
    const role = isActor && isTarget ? 'actor and target' : isActor ? 'actor' : isTarget ? 'target' : '—';
    return {
      published: formatDate(event.published),
      eventType: str(event.eventType),
      message: str(event.displayMessage),
      outcome: str(event.outcome?.result) || '—',
      role,
      actor: isActor ? '' : str(event.actor?.displayName) || str(event.actor?.alternateId),
    };
  });
}

/** The explanation for an error page the System Log call would have shown (missing scope, role, rate limit…). */
export function activityUnavailable(error: AppError): ActivityUnavailable {
  return { code: error.code, title: error.title, text: error.whatHappened, whatToDo: error.whatToDo };
}
