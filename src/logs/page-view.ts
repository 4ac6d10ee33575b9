/**
 * The data of the System Log page template: the form (values as typed, a message per field), the results
 * (rows, histogram, top event types, pager, export links), the cache and range notes, and the rate budget.
 * Everything that came from Okta or the URL is text here, which the template escapes, except the table's rows:
 * those are HTML rendered by the row template (`Html` values, see event-rows.ts).
 */
import { LOG_OUTCOMES, LOG_SEVERITIES, type LogEvent } from '../okta/index.ts';
import type { Html } from '../text/html.ts';
import { resetTime, utcClock } from '../text/reset-time.ts';
import { visible } from '../text/visible-text.ts';
import { type BudgetView, budgetView, type StoredBudget } from './budget-view.ts';
import { eventLinks } from './event-link.ts';
import type { EventRows } from './event-rows.ts';
import { filterHrefs } from './event-view.ts';
import { type Histogram, histogram } from './histogram.ts';
import type { LoadedPage } from './logs-state.ts';
import type { BudgetSpent } from './page-loader.ts';
import {
  DEFAULTS,
  type FieldErrors,
  type LogsQuery,
  PAGE_SIZES,
  type ParsedLogsQuery,
  TEXT_FILTERS,
} from './query-params.ts';
import { logsHref } from './query-url.ts';
import { formDateTime, RANGE_PRESETS } from './time-range.ts';
import { type TypeCount, topEventTypes } from './top-types.ts';

/** The URLs of the System Log routes (they may sit under a prefix). */
export interface LogsPaths {
  page: string;
  follow: string;
  stream: string;
  export: (format: 'csv' | 'ndjson') => string;
  /** One event's detail (`uuid` already checked to be a UUID). */
  event: (uuid: string) => string;
}

/** Builds the paths under `base` (`''` or a prefix such as `/admin`). */
export function logsPaths(base: string): LogsPaths {
  return {
    page: `${base}/logs`,
    follow: `${base}/logs/follow`,
    stream: `${base}/logs/follow/stream`,
    export: (format) => `${base}/logs/export.${format}`,
    event: (uuid) => `${base}/logs/events/${uuid}`,
  };
}

interface Option {
  value: string;
  label: string;
  selected: boolean;
}

function options(values: readonly (string | { value: string; label: string })[], current: string): Option[] {
  return values.map((item) => {
    const { value, label } = typeof item === 'string' ? { value: item, label: item } : item;
    return { value, label, selected: value === current };
  });
}

const ADVANCED = ['filter', 'transaction', 'session'];

/** The form's data: what to show in each field, the choices, and the messages. */
export function formView(query: LogsQuery, typed: Record<string, string>, errors: FieldErrors, action: string) {
  const value = (name: string, normal: string | undefined): string =>
    errors[name] !== undefined ? (typed[name] ?? '') : (normal ?? '');
  const limits: number[] = PAGE_SIZES.includes(query.limit as (typeof PAGE_SIZES)[number])
    ? [...PAGE_SIZES]
    : [...PAGE_SIZES, query.limit].sort((a, b) => a - b);
  return {
    action,
    errors,
    values: {
      since: value('since', query.since ? formDateTime(query.since) : typed.since),
      until: value('until', query.until ? formDateTime(query.until) : typed.until),
      q: value('q', query.q),
      filter: value('filter', query.filter),
      ...Object.fromEntries(TEXT_FILTERS.map(({ name }) => [name, value(name, query.filters[name])])),
    } as Record<string, string>,
    textFilters: TEXT_FILTERS.filter(({ name }) => !ADVANCED.includes(name)),
    advancedFilters: TEXT_FILTERS.filter(({ name }) => ADVANCED.includes(name)),
    advancedOpen: ADVANCED.some((name) => (typed[name] ?? '').trim() !== '' || errors[name] !== undefined),
    ranges: options([...RANGE_PRESETS, { value: 'custom', label: 'Custom range (since/until)' }], query.range),
    outcomes: options([{ value: '', label: 'Any outcome' }, ...LOG_OUTCOMES], query.outcome ?? ''),
    severities: options([{ value: '', label: 'Any severity' }, ...LOG_SEVERITIES], query.severity ?? ''),
    sortOrders: options(
      [
        { value: 'DESCENDING', label: 'Newest first' },
        { value: 'ASCENDING', label: 'Oldest first' },
      ],
      query.sortOrder,
    ),
    limits: options(
      limits.map((size) => String(size)),
      String(query.limit),
    ),
  };
}

/** The results part of the page. */
export interface ResultsView {
  /** The table's rows (`src/logs/row-html.ts`), rendered or from the row cache. */
  rows: Html[];
  count: number;
  page: number;
  since: { iso: string; text: string };
  until: { iso: string; text: string };
  fetched: { iso: string; text: string; fromCache: boolean };
  /** Set when the page is shown past its freshness because Okta's budget is spent. */
  budgetSpent: { text: string; resetIso: string | undefined } | undefined;
  histogram: Histogram | undefined;
  topTypes: (TypeCount & { href: string })[];
  nextHref: string | undefined;
  firstHref: string | undefined;
  exportHrefs: { csv: string; ndjson: string };
}

function instant(iso: string): { iso: string; text: string } {
  return { iso, text: `${iso.slice(0, 19).replace('T', ' ')} UTC` };
}

/** A page loaded for a view: whether it came from the page cache, the session's row cache and the page token. */
export interface LoadedView {
  page: LoadedPage;
  /** The page's events, parsed in the turn that renders them (see LoadedPage). */
  events: readonly LogEvent[];
  fromCache: boolean;
  rows: EventRows;
  owner: string;
  /** The page token the page was asked for with (the rows' detail links carry it). */
  pageToken: string | undefined;
  /** Set when the page is shown although no longer fresh, because Okta's budget is spent. */
  budgetSpent?: BudgetSpent | undefined;
  /** Now (epoch ms), for how the reset reads. */
  now?: number;
}

/** "Okta's budget is spent until 15:04:05 UTC; this page is from 15:02:11 UTC." — never a reset in the past. */
export function budgetSpentNote(spent: BudgetSpent, fetchedAt: number, now: number): ResultsView['budgetSpent'] {
  const from = `this page is from ${utcClock(fetchedAt)}`;
  if (!spent.resetAt) return { text: `Okta's rate budget is spent; ${from}.`, resetIso: undefined };
  const reset = resetTime(spent.resetAt, now);
  const text =
    reset.kind === 'later'
      ? `Okta's budget is spent until ${reset.clock}; ${from}.`
      : `Okta's budget is spent and comes back ${reset.text}; ${from}. Reload then for a fresh page.`;
  return { text, resetIso: reset.iso };
}

/** The results of a loaded page. */
export function resultsView(paths: LogsPaths, query: LogsQuery, view: LoadedView): ResultsView {
  const { page: loaded, events, fromCache, rows: eventRows, owner, pageToken } = view;
  const bounded: LogsQuery = {
    ...query,
    range: 'custom',
    since: new Date(loaded.since),
    until: new Date(loaded.until),
  };
  const href = filterHrefs(paths.page, query);
  return {
    rows: eventRows.rows(events, {
      owner,
      key: logsHref(paths.page, query, {}, pageToken),
      detailHref: eventLinks(paths.event, query, pageToken),
    }),
    count: events.length,
    page: loaded.page,
    since: instant(loaded.since),
    until: instant(loaded.until),
    fetched: { iso: new Date(loaded.fetchedAt).toISOString(), text: utcClock(loaded.fetchedAt), fromCache },
    budgetSpent: view.budgetSpent
      ? budgetSpentNote(view.budgetSpent, loaded.fetchedAt, view.now ?? Date.now())
      : undefined,
    histogram: histogram(events),
    topTypes: topEventTypes(events).map((type) => ({ ...type, href: href('eventType', type.eventType) })),
    nextHref: loaded.nextToken ? logsHref(paths.page, query, {}, loaded.nextToken) : undefined,
    firstHref: loaded.page > 1 ? logsHref(paths.page, query) : undefined,
    // The export covers exactly the range this page shows, even for a preset such as "last hour".
    exportHrefs: { csv: logsHref(paths.export('csv'), bounded), ndjson: logsHref(paths.export('ndjson'), bounded) },
  };
}

/** A short, visible-escaped description of the query for the page title. */
export function pageTitle(base: string, query: LogsQuery): string {
  const parts = [
    query.q ? `"${query.q}"` : undefined,
    ...TEXT_FILTERS.map(({ name }) => (query.filters[name] ? `${name} ${query.filters[name]}` : undefined)),
    query.outcome,
    query.severity,
  ].filter((part): part is string => part !== undefined);
  const text = visible(parts.join(', '));
  return text === '' ? base : `${base}: ${text.length > 80 ? `${text.slice(0, 79)}…` : text}`;
}

/** Everything the page shows besides the layout's own data. */
export interface LogsPageInput {
  paths: LogsPaths;
  parsed: ParsedLogsQuery;
  errors: FieldErrors;
  /** Okta's `errorCauses` when it refused the query. */
  oktaCauses?: readonly string[];
  /** The filter expression Okta refused, as sent (Okta's positions count in it). */
  sentFilter?: string | undefined;
  cursorRefused?: boolean;
  /** The page, when one was loaded. */
  loaded?: LoadedView;
  notes?: readonly string[];
  budget: StoredBudget | undefined;
  now: number;
}

/** The template data of `views/pages/logs.eta`. */
export function logsPageData(
  input: LogsPageInput,
): Record<string, unknown> & { title: string; results: ResultsView | undefined } {
  const { paths, parsed, errors } = input;
  const { query } = parsed;
  return {
    title: pageTitle('System Log', query),
    // Past the query form's twenty-odd fields, straight to the events.
    skipTo: input.loaded ? { href: '#results', label: 'Skip to results' } : undefined,
    stylesheet: 'logs',
    form: formView(query, parsed.form, errors, paths.page),
    oktaCauses: input.oktaCauses ?? [],
    sentFilter: input.sentFilter,
    cursorRefused: input.cursorRefused ? { firstHref: logsHref(paths.page, query) } : undefined,
    notes: input.notes ?? [],
    results: input.loaded ? resultsView(paths, query, input.loaded) : undefined,
    followHref: logsHref(paths.follow, { ...query, range: DEFAULTS.range, since: undefined, until: undefined }),
    budget: budgetView(input.budget, input.now) satisfies BudgetView,
  };
}
