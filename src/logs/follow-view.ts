/** The data of `views/pages/logs-follow.eta`: the tail's filters, what the last poll brought, and the links on. */

import { type Html, renderedHtml } from '../text/html.ts';
import { utcClock } from '../text/reset-time.ts';
import { budgetView, type StoredBudget } from './budget-view.ts';
import type { FollowOutcome } from './follow-page.ts';
import { scimFilterFor } from './okta-query.ts';
import { formView, type LogsPaths, pageTitle } from './page-view.ts';
import type { FieldErrors, LogsQuery, ParsedLogsQuery } from './query-params.ts';
import { logsHref } from './query-url.ts';
import { summaryRowHtml } from './row-html.ts';

/** What the follow page shows. */
export interface FollowPageInput {
  paths: LogsPaths;
  parsed: ParsedLogsQuery;
  /** The tail's query (no range, no order). */
  query: LogsQuery;
  errors: FieldErrors;
  outcome?: FollowOutcome;
  budget: StoredBudget | undefined;
  now: number;
  minIntervalMs: number;
}

/** The template data. */
export function followPageData(input: FollowPageInput): Record<string, unknown> & { title: string } {
  const { paths, query, outcome } = input;
  const token =
    outcome?.kind === 'started' ? outcome.token : outcome?.kind === 'polled' ? outcome.page.nextToken : undefined;
  const errors: FieldErrors = { ...input.errors };
  let oktaCauses: string[] = [];
  if (outcome?.kind === 'okta-rejected') {
    errors[query.filter ? 'filter' : 'form'] = outcome.error.errorSummary ?? outcome.error.message;
    oktaCauses = outcome.error.errorCauses.map((cause) => cause.errorSummary);
  }
  // The table's rows without detail links (a polled page has no page token to come back to).
  const events: Html[] =
    outcome?.kind === 'polled'
      ? outcome.page.events.map((event) => renderedHtml(summaryRowHtml(event, undefined)))
      : [];
  const checked =
    outcome?.kind === 'polled' ? outcome.page.fetchedAt : outcome?.kind === 'started' ? outcome.startedAt : undefined;
  return {
    title: pageTitle('Live System Log', query),
    skipTo: token ? { href: '#follow', label: 'Skip to the live events' } : undefined,
    stylesheet: 'logs',
    form: { ...formView(query, input.parsed.form, errors, paths.follow), follow: true },
    oktaCauses,
    sentFilter: outcome?.kind === 'okta-rejected' ? scimFilterFor(query)?.expression : undefined,
    events,
    fromCache: outcome?.kind === 'polled' && outcome.fromCache,
    checked: checked === undefined ? undefined : { iso: new Date(checked).toISOString(), text: utcClock(checked) },
    cursorRefused: outcome?.kind === 'cursor-refused' ? { firstHref: logsHref(paths.follow, query) } : undefined,
    newerHref: token ? logsHref(paths.follow, query, {}, token) : undefined,
    streamHref: token ? logsHref(paths.stream, query, {}, token) : undefined,
    logsHref: logsHref(paths.page, query),
    minInterval:
      input.minIntervalMs < 1000 ? `${input.minIntervalMs} ms` : `${Math.round(input.minIntervalMs / 1000)} seconds`,
    budget: budgetView(input.budget, input.now),
  };
}
