import type { LogEvent } from '../okta-types.ts';
import type { StoredEvent, SystemLogStore } from '../system-log-store.ts';
import type { LogCursor } from './log-cursor.ts';
import { type LogQuery, RETENTION_MS } from './log-query.ts';

/** One page of the System Log and the cursor of the next page, if there is one. */
export interface LogPage {
  events: LogEvent[];
  next?: LogCursor;
}

/**
 * Runs a System Log query against the store.
 * Polling: persistence order, `since` bounds persistence time, and there is always a next cursor (it resumes after the
 * last event examined, so events appended later are found). Bounded: `published` order within [since, until), the last
 * page has no next cursor. Both never return events older than the 90-day retention window.
 */
export function searchLogs(store: SystemLogStore, query: LogQuery, now: number): LogPage {
  const retainedFrom = now - RETENTION_MS;
  const matches = query.matches ?? (() => true);
  const start = query.start;
  if (start.mode === 'polling') {
    const events = store.inPersistenceOrder();
    const first = 'sequence' in start ? start.sequence + 1 : 0;
    const page: LogEvent[] = [];
    let lastExamined = first - 1;
    for (let i = first; i < events.length && page.length < query.limit; i += 1) {
      const stored = events[i] as StoredEvent;
      lastExamined = i;
      if (stored.persistedMs >= start.sinceMs && stored.publishedMs >= retainedFrom && matches(stored.event)) {
        page.push(stored.event);
      }
    }
    return { events: page, next: { mode: 'polling', sinceMs: start.sinceMs, sequence: lastExamined } };
  }

  const sorted = store.inPublishedOrder();
  const lower = Math.max(start.sinceMs, retainedFrom);
  const ascending = start.order === 'ASCENDING';
  const position = 'publishedMs' in start ? { publishedMs: start.publishedMs, sequence: start.sequence } : undefined;
  const page: StoredEvent[] = [];
  let more = false;
  if (ascending) {
    let i = position ? firstAfter(sorted, position) : firstAtOrAfter(sorted, lower);
    for (; i < sorted.length; i += 1) {
      const stored = sorted[i] as StoredEvent;
      if (stored.publishedMs >= start.untilMs) break;
      if (stored.publishedMs < lower || !matches(stored.event)) continue;
      if (page.length === query.limit) {
        more = true;
        break;
      }
      page.push(stored);
    }
  } else {
    let i = (position ? firstAfter(sorted, position) : firstAtOrAfter(sorted, start.untilMs)) - 1;
    if (position && i >= 0 && samePosition(sorted[i] as StoredEvent, position)) i -= 1;
    for (; i >= 0; i -= 1) {
      const stored = sorted[i] as StoredEvent;
      if (stored.publishedMs < lower) break;
      if (stored.publishedMs >= start.untilMs || !matches(stored.event)) continue;
      if (page.length === query.limit) {
        more = true;
        break;
      }
      page.push(stored);
    }
  }
  const last = page.at(-1);
  const resumeFrom = last ?? position;
  return {
    events: page.map((stored) => stored.event),
    ...(more
      ? {
          next: {
            mode: 'bounded',
            order: start.order,
            sinceMs: start.sinceMs,
            untilMs: start.untilMs,
            // With limit 0 nothing was returned: resume where this page started.
            publishedMs: resumeFrom ? resumeFrom.publishedMs : ascending ? lower - 1 : start.untilMs,
            sequence: resumeFrom ? resumeFrom.sequence : ascending ? -1 : Number.MAX_SAFE_INTEGER,
          },
        }
      : {}),
  };
}

interface Position {
  publishedMs: number;
  sequence: number;
}

function samePosition(stored: StoredEvent, position: Position): boolean {
  return stored.publishedMs === position.publishedMs && stored.sequence === position.sequence;
}

/** Index of the first event published at or after `ms`. */
function firstAtOrAfter(sorted: readonly StoredEvent[], ms: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as StoredEvent).publishedMs < ms) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first event strictly after `position` in (published, sequence) order. */
function firstAfter(sorted: readonly StoredEvent[], position: Position): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const stored = sorted[mid] as StoredEvent;
    const before =
      stored.publishedMs < position.publishedMs ||
      (stored.publishedMs === position.publishedMs && stored.sequence <= position.sequence);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
