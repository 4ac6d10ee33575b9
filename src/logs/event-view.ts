/**
 * One System Log event as the table shows it. Every field from the event is attacker-controllable (names, user
 * agents, URLs, reasons): each is made visible (control and bidi characters escaped) and cut for its cell; the
 * template escapes it again for HTML. Links come from two places only: filter links, which are app-internal URLs
 * built with URLSearchParams, and URLs in the data, which become links only when they parse as absolute http(s).
 */
import type { LogEntity, LogEvent } from '../okta/index.ts';
import { type Html, preformattedHtml } from '../text/html.ts';
import { type Cell, cell, textOf, visible } from '../text/visible-text.ts';
import { eventJson } from './event-json.ts';
import type { LogsQuery, TextFilterName } from './query-params.ts';
import { logsSearchParams } from './query-url.ts';

/** A link that filters the System Log by one value of this event. */
export interface FilterLink {
  label: string;
  value: Cell;
  href: string;
}

/** What the table and the live tail show for an event. */
export interface EventSummary {
  uuid: string;
  /** The `published` value when it is a valid date (for `<time datetime>`), else undefined. */
  iso: string | undefined;
  /** UTC rendering, or the raw value made visible when it is not a date. */
  time: string;
  severity: { text: string; badge: string };
  eventType: Cell;
  message: Cell;
  actor: { name: Cell; id: Cell };
  targets: { name: Cell; type: Cell }[];
  moreTargets: number;
  ip: Cell;
  location: Cell;
  outcome: { text: string; badge: string; reason: Cell };
}

/** What an event's detail shows besides its summary. */
export interface EventDetail {
  /**
   * The whole event, pretty-printed, as a `<pre class="event-json" tabindex="0"><code>` element (focusable, so a
   * keyboard can scroll it).
   */
  json: Html;
  filters: FilterLink[];
  requestUrl: { text: Cell; href: string | undefined } | undefined;
}

/** Makes the detail link of an event from its uuid and its published instant (see event-link.ts). */
export type DetailHref = (uuid: unknown, iso: string | undefined) => string | undefined;

/** Badge classes by severity and by outcome: fixed names, never taken from the data. */
export const SEVERITY_BADGES: Readonly<Record<string, string>> = { ERROR: 'badge-danger', WARN: 'badge-warn' };
export const OUTCOME_BADGES: Readonly<Record<string, string>> = {
  SUCCESS: 'badge-ok',
  ALLOW: 'badge-ok',
  FAILURE: 'badge-danger',
  DENY: 'badge-danger',
  RATE_LIMIT: 'badge-warn',
  CHALLENGE: 'badge-warn',
};
/** Targets listed in a row; the rest are counted. */
export const TARGETS_SHOWN = 3;

/** An absolute http(s) URL from data, normalised; undefined for anything else (javascript:, data:, paths). */
export function safeHttpUrl(value: unknown): string | undefined {
  // Most values are paths (`/idp/idx/identify`); only what starts like an http(s) URL is worth parsing.
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}

/** `value` when it is a JSON object, else an empty one. */
export function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** `value`'s items as entities when it is an array, else none. */
export function entities(value: unknown): LogEntity[] {
  return Array.isArray(value) ? value.map((item) => record(item) as LogEntity) : [];
}

// Exactly what Date#toISOString writes for the years 0000-9999: such a value is its own normal form when the date
// exists (no 30 February), which the fast path checks with arithmetic instead of a Date round trip.
const ISO_INSTANT = /^(\d{4})-(\d\d)-(\d\d)T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number));
}

/**
 * `published` as `<time datetime>` wants it (the instant in toISOString's form) and as the table shows it
 * (`2024-08-13 15:58:20 UTC`); a value that is not a date is shown as text, made visible.
 */
export function publishedTime(value: unknown): { iso: string | undefined; time: string } {
  const raw = textOf(value);
  const parts = ISO_INSTANT.exec(raw);
  if (parts !== null && isRealDay(Number(parts[1]), Number(parts[2]), Number(parts[3]))) {
    return { iso: raw, time: `${raw.slice(0, 10)} ${raw.slice(11, 19)} UTC` };
  }
  const ms = Date.parse(raw);
  if (raw === '' || Number.isNaN(ms)) return { iso: undefined, time: visible(raw) };
  const iso = new Date(ms).toISOString();
  return { iso, time: `${iso.slice(0, 19).replace('T', ' ')} UTC` };
}

/** What a target is called in a row: its display name, else its login, else its id. */
export function targetName(target: LogEntity): unknown {
  return target.displayName ?? target.alternateId ?? target.id;
}

/** The summary of an event (also what the live tail sends to the page). */
export function summarize(event: LogEvent): EventSummary {
  const actor = record(event.actor);
  const client = record(event.client);
  const geo = record(client.geographicalContext);
  const outcome = record(event.outcome);
  const severity = textOf(event.severity);
  const result = textOf(outcome.result);
  const targets = entities(event.target);
  const place = [geo.city, geo.state, geo.country].map(textOf).filter((part) => part !== '');
  return {
    uuid: visible(textOf(event.uuid)),
    ...publishedTime(event.published),
    severity: { text: visible(severity), badge: SEVERITY_BADGES[severity] ?? '' },
    eventType: cell(event.eventType, 60),
    message: cell(event.displayMessage, 80),
    actor: { name: cell(actor.displayName, 40), id: cell(actor.alternateId, 40) },
    targets: targets.slice(0, TARGETS_SHOWN).map((target) => ({
      name: cell(targetName(target), 40),
      type: cell(target.type, 24),
    })),
    moreTargets: Math.max(0, targets.length - TARGETS_SHOWN),
    ip: cell(client.ipAddress, 45),
    location: cell(place.join(', '), 40),
    outcome: { text: visible(result), badge: OUTCOME_BADGES[result] ?? '', reason: cell(outcome.reason, 60) },
  };
}

/** Builds filter links for one event against the page's query (`href` from `filterHrefs`). */
export function filterLinks(event: LogEvent, href: FilterHref): FilterLink[] {
  const links: FilterLink[] = [];
  const add = (label: string, name: TextFilterName, value: unknown) => {
    const text = textOf(value);
    if (text === '') return;
    links.push({ label, value: cell(text, 48), href: href(name, text) });
  };
  add('Event type', 'eventType', event.eventType);
  add('Actor', 'actor', record(event.actor).id);
  for (const target of entities(event.target))
    add(`Target (${cell(target.type, 24).text || 'target'})`, 'target', target.id);
  add('Client IP', 'ip', record(event.client).ipAddress);
  add('Transaction', 'transaction', record(event.transaction).id);
  add('Session', 'session', record(event.authenticationContext).externalSessionId);
  return links;
}

/** Makes the link that sets filter `name` to `value` on the page's query. */
export type FilterHref = (name: TextFilterName, value: string) => string;

/**
 * A FilterHref for `path` and `query`. The query's parameters without each filter are computed once, so a page of
 * a thousand events does not rebuild them for every link; the order of parameters in a link does not matter (the
 * page reads them back into one canonical form).
 */
export function filterHrefs(path: string, query: LogsQuery): FilterHref {
  const without = new Map<TextFilterName, string>();
  return (name, value) => {
    let base = without.get(name);
    if (base === undefined) {
      base = logsSearchParams({ ...query, filters: { ...query.filters, [name]: undefined } }).toString();
      without.set(name, base);
    }
    return `${path}?${base === '' ? '' : `${base}&`}${name}=${queryValue(value)}`;
  };
}

function queryValue(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    // A lone surrogate cannot be percent-encoded as UTF-8; URLSearchParams replaces it instead of throwing.
    return new URLSearchParams({ v: value }).toString().slice(2);
  }
}

/** The detail of an event: its whole JSON, its filter links and its request URL (an http(s) link only). */
export function eventDetail(event: LogEvent, href: FilterHref): EventDetail {
  const debugData = record(record(event.debugContext).debugData);
  const url = debugData.url ?? debugData.requestUri;
  return {
    json: preformattedHtml(eventJson(event), 'event-json'),
    filters: filterLinks(event, href),
    requestUrl: textOf(url) === '' ? undefined : { text: cell(url, 120), href: safeHttpUrl(url) },
  };
}
