import type { FastifyPluginAsync } from 'fastify';
import { requireSignIn } from '../auth/require-sign-in.ts';
import { EventRows } from '../logs/event-rows.ts';
import { type LogsOptions, LogsState } from '../logs/logs-state.ts';
import { scimFilterFor } from '../logs/okta-query.ts';
import { pageEvents } from '../logs/page-events.ts';
import { forgetPage, loadPage } from '../logs/page-loader.ts';
import { logsPageData, logsPaths } from '../logs/page-view.ts';
import { parseLogsQuery } from '../logs/query-params.ts';
import { eventRowHtml } from '../logs/row-html.ts';
import { type LogEvent, OktaClientError } from '../okta/index.ts';
import { checkedRange, logsCall, ownerOf } from './logs-common.ts';
import { registerLogsEvent } from './logs-event.ts';
import { registerLogsExport } from './logs-export.ts';
import { registerLogsFollow } from './logs-follow.ts';

export type { LogsOptions } from '../logs/logs-state.ts';

/**
 * The System Log: `GET /logs` (the browser), `/logs/events/:uuid` (one event's detail), `/logs/export.csv|ndjson`
 * (streamed downloads) and `/logs/follow`
 * (live tail, with `/logs/follow/stream` for Server-Sent Events). Paths follow the plugin's prefix.
 */
export const logsRoutes: FastifyPluginAsync<LogsOptions> = async (app, options) => {
  const state = new LogsState(app.store, {
    ...options,
    callTimeoutMs: options.callTimeoutMs ?? app.okta.callTimeoutMs,
  });
  const paths = logsPaths(app.prefix);
  const rows = new EventRows(eventRowHtml, options.rowCache);
  // preClose runs before the server waits for open connections: long-lived streams must end first.
  app.addHook('preClose', async () => state.shutdown());

  app.get('/logs', { preHandler: requireSignIn }, async (request, reply) => {
    const parsed = parseLogsQuery(request.query);
    const now = Date.now();
    const page = { paths, parsed, now };
    const { range, errors } = checkedRange(parsed, new Date(now));
    // Nothing is sent to Okta for a query that fails the app's own checks.
    if (!range) {
      const budget = await app.okta.budget('logs');
      return reply.render('logs', logsPageData({ ...page, budget, errors }), 400);
    }

    const outcome = await loadPage({
      state,
      call: logsCall(app, request),
      owner: ownerOf(request),
      query: parsed.query,
      range,
      pageToken: parsed.page,
    });
    // The budget line shows the shared budget as the call (if any) left it.
    const after = { ...page, budget: await app.okta.budget('logs'), notes: range.notes };
    if (outcome.kind === 'cursor-refused') {
      return reply.render('logs', logsPageData({ ...after, errors, cursorRefused: true }), 400);
    }
    if (outcome.kind === 'okta-rejected') {
      const field = parsed.query.filter ? 'filter' : 'form';
      const message = outcome.error.errorSummary ?? outcome.error.message;
      const causes = outcome.error.errorCauses.map((cause) => cause.errorSummary);
      const sentFilter = scimFilterFor(parsed.query)?.expression;
      return reply.render(
        'logs',
        logsPageData({ ...after, errors: { [field]: message }, oktaCauses: causes, sentFilter }),
      );
    }
    // Parsed after the last await and rendered in the same turn: parsed events never wait (see LoadedPage).
    let events: readonly LogEvent[];
    try {
      events = pageEvents(outcome.page.events);
    } catch (error) {
      if (!(error instanceof OktaClientError)) throw error;
      // A store that fails here must not take the teaching page's place; the entry then expires on its own.
      await forgetPage({ state, owner: ownerOf(request), query: parsed.query, pageToken: parsed.page }).catch(
        () => undefined,
      );
      throw app.okta.errorPage(request, error);
    }
    const data = logsPageData({
      ...after,
      errors,
      loaded: { ...outcome, events, rows, owner: ownerOf(request), pageToken: parsed.page, now: Date.now() },
    });
    // The rows go into the page as bytes (see html-slots.ts): most of them come from the row cache.
    return reply.render('logs', data, 200, { rows: data.results?.rows ?? [] });
  });

  registerLogsEvent(app, state, paths);
  registerLogsExport(app, state);
  registerLogsFollow(app, state, paths);
};
