/**
 * A loaded page's events, parsed where a view renders them (see LoadedPage). Views that got the same answer in the
 * same turn share one parse: identical concurrent views share one Okta call, and so do views of one fresh cached
 * page. The last parse is kept until the turn ends (`setImmediate`), never longer, so no parsed page waits in
 * memory for later views. The events are shared: read them, never change them.
 */
import { type ItemsJson, type LogEvent, parseLogEvents } from '../okta/index.ts';

let lastParse: { items: ItemsJson; events: readonly LogEvent[] } | undefined;

function forgetLastParse(): void {
  lastParse = undefined;
}

/** The events of `items`; a MalformedResponseError when they are not a System Log page. */
export function pageEvents(items: ItemsJson): readonly LogEvent[] {
  const last = lastParse;
  if (last && last.items.maxItems === items.maxItems && last.items.json === items.json) return last.events;
  const events = parseLogEvents(items);
  if (last === undefined) setImmediate(forgetLastParse);
  lastParse = { items, events };
  return events;
}
