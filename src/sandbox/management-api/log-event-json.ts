import type { LogEvent } from '../okta-types.ts';

// Events do not change once the org has stored them, so each is serialized once.
const cache = new WeakMap<LogEvent, string>();

/**
 * A page of events as JSON. Okta's spec declares most LogEvent properties non-nullable although Okta sends many
 * as null; "null properties may be omitted by responses" (Okta's Core API compatibility rules), so the sandbox
 * omits them and stays valid against the spec. Clients must accept both shapes.
 */
export function serializeLogEvents(events: readonly LogEvent[]): string {
  const parts = events.map((event) => {
    let json = cache.get(event);
    if (json === undefined) {
      json = JSON.stringify(event, withoutNulls);
      cache.set(event, json);
    }
    return json;
  });
  return `[${parts.join(',')}]`;
}

function withoutNulls(key: string, value: unknown): unknown {
  return value === null && key !== '' ? undefined : value;
}
