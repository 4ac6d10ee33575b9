import type { FastifyInstance } from 'fastify';
import { requireSignIn } from '../auth/require-sign-in.ts';
import { detailFragment, detailPageData } from '../logs/event-detail-view.ts';
import { BadEventLinkError, eventLinks, parseEventId, parseEventTime } from '../logs/event-link.ts';
import { EventNotFoundError, findEvent } from '../logs/event-lookup.ts';
import type { LogsState } from '../logs/logs-state.ts';
import type { LogsPaths } from '../logs/page-view.ts';
import { parseLogsQuery } from '../logs/query-params.ts';
import { logsHref } from '../logs/query-url.ts';
import { logsCall, ownerOf } from './logs-common.ts';

/** The request header the detail script sends to get the fragment alone instead of the page. */
export const FRAGMENT_HEADER = 'x-fragment';

/**
 * `GET /logs/events/:uuid?<page query>&at=<published>`: one event's whole JSON and its filter links, as a page, or
 * as the fragment alone for the table's detail script (`x-fragment: 1`). From the viewed page's server-side state
 * when it is still held; otherwise one bounded, counted Okta call.
 */
export function registerLogsEvent(app: FastifyInstance, state: LogsState, paths: LogsPaths): void {
  app.get<{ Params: { uuid: string } }>('/logs/events/:uuid', { preHandler: requireSignIn }, async (request, reply) => {
    const now = Date.now();
    const uuid = parseEventId(request.params.uuid);
    const raw = (request.query ?? {}) as Record<string, unknown>;
    const at = parseEventTime(raw.at, now);
    const parsed = parseLogsQuery(raw);
    if (Object.keys(parsed.errors).length > 0) throw new BadEventLinkError('its System Log query is not valid.');
    const { query, page: pageToken } = parsed;
    const outcome = await findEvent({
      state,
      call: logsCall(app, request),
      owner: ownerOf(request),
      query,
      pageToken,
      uuid,
      at,
    });
    const backHref = logsHref(paths.page, query, {}, pageToken);
    if (outcome.kind === 'not-found') throw new EventNotFoundError(uuid, outcome.searched, backHref);

    const pageHref = eventLinks(paths.event, query, pageToken)(uuid, at?.toISOString()) ?? backHref;
    const fragment = detailFragment(outcome.event, paths, query, pageHref);
    reply.header('vary', 'X-Fragment');
    if (request.headers[FRAGMENT_HEADER] === '1') {
      return reply
        .header('cache-control', 'no-store')
        .type('text/html; charset=utf-8')
        .send(app.renderFragment('logs-detail', fragment).encode());
    }
    const budget = await app.okta.budget('logs');
    const data = detailPageData({ fragment, source: outcome.source, paths, query, pageToken, budget, now });
    return reply.render('logs-event', data);
  });
}
