/** The most frequent event types among the events already fetched (no extra Okta call). */
import type { LogEvent } from '../okta/index.ts';
import { visible } from '../text/visible-text.ts';

/** One event type and how often it occurs; `share` is relative to the most frequent (0–1]. */
export interface TypeCount {
  eventType: string;
  /** The event type made visible for display. */
  text: string;
  count: number;
  share: number;
}

/** The `limit` most frequent event types, most frequent first (ties by name). */
export function topEventTypes(events: readonly LogEvent[], limit = 8): TypeCount[] {
  const counts = new Map<string, number>();
  for (const event of events) {
    const type = typeof event.eventType === 'string' ? event.eventType : '';
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  const sorted = [...counts].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0)).slice(0, limit);
  const most = sorted[0]?.[1] ?? 1;
  return sorted.map(([eventType, count]) => ({
    eventType,
    text: eventType === '' ? '(none)' : visible(eventType),
    count,
    share: count / most,
  }));
}
