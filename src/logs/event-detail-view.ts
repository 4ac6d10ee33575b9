/**
 * The data of an event's detail: the fragment opened in place in the table (`views/partials/logs-detail.eta`) and
 * the page that shows it without JavaScript (`views/pages/logs-event.eta`). Everything from the event is text the
 * templates escape, except the JSON, which is a `<pre><code>` element around escaped text (see text/html.ts).
 */
import type { LogEvent } from '../okta/index.ts';
import { type BudgetView, budgetView, type StoredBudget } from './budget-view.ts';
import { type EventDetail, type EventSummary, eventDetail, filterHrefs, summarize } from './event-view.ts';
import type { LogsPaths } from './page-view.ts';
import type { LogsQuery } from './query-params.ts';
import { logsHref } from './query-url.ts';

/** What the fragment shows. */
export interface DetailFragment extends EventDetail {
  summary: EventSummary;
  /** This detail as a page of its own (the same link the row has). */
  pageHref: string;
}

/** The detail fragment of `event` seen on the page of `query` and `pageToken`. */
export function detailFragment(event: LogEvent, paths: LogsPaths, query: LogsQuery, pageHref: string): DetailFragment {
  return { ...eventDetail(event, filterHrefs(paths.page, query)), summary: summarize(event), pageHref };
}

/** Where the event came from, for the page's note. */
export type DetailSource = 'page' | 'okta';

/** The template data of `views/pages/logs-event.eta`. */
export function detailPageData(input: {
  fragment: DetailFragment;
  source: DetailSource;
  paths: LogsPaths;
  query: LogsQuery;
  pageToken: string | undefined;
  budget: StoredBudget | undefined;
  now: number;
}): Record<string, unknown> & { title: string } {
  const { fragment } = input;
  return {
    title: `System Log event ${fragment.summary.eventType.text || fragment.summary.uuid}`,
    stylesheet: 'logs',
    detail: fragment,
    source: input.source,
    backHref: logsHref(input.paths.page, input.query, {}, input.pageToken),
    budget: budgetView(input.budget, input.now) satisfies BudgetView,
  };
}
