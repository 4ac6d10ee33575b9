import type { OutgoingHttpHeaders } from 'node:http';
import { pipeline, type Writable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { chooseEncoding, encodeStream } from '../http/content-encoding.ts';
import type { OktaCall } from '../logs/logs-state.ts';
import { type LogsQuery, type ParsedLogsQuery, rangeChoice } from '../logs/query-params.ts';
import { RangeProblem, type ResolvedRange, resolveRange } from '../logs/time-range.ts';
import type { CallPriority } from '../okta/index.ts';
import '../plugins/okta-access.ts';

/** The Okta API scope every System Log route needs. */
export const LOGS_SCOPE = 'okta.logs.read';

/**
 * `app.okta.call` for this request with the System Log scope; `background` for the live tail and exports, which
 * leave the rate budget's reserve to page views.
 */
export function logsCall(
  app: FastifyInstance,
  request: FastifyRequest,
  priority: CallPriority = 'interactive',
): OktaCall {
  return (fn) => app.okta.call(request, { scope: LOGS_SCOPE, priority }, fn);
}

/** The session the cache and cursor tokens of this request belong to. */
export function ownerOf(request: FastifyRequest): string {
  return request.session.sessionId;
}

/** The parsed query's range at `now`, or the field errors that prevent querying (parse errors included). */
export function checkedRange(
  parsed: ParsedLogsQuery,
  now: Date,
): { range: ResolvedRange | undefined; errors: ParsedLogsQuery['errors'] } {
  const errors = { ...parsed.errors };
  if (Object.keys(errors).length > 0) return { range: undefined, errors };
  try {
    return { range: resolveRange(rangeChoice(parsed.query), now), errors };
  } catch (error) {
    if (!(error instanceof RangeProblem)) throw error;
    return { range: undefined, errors: { ...errors, [error.field]: error.message } };
  }
}

/** The query without its time range and order (what a live tail keeps). */
export function tailQuery(query: LogsQuery): LogsQuery {
  return { ...query, range: '7d', since: undefined, until: undefined, sortOrder: 'DESCENDING' };
}

/**
 * Takes the response over from Fastify for streaming (a download, an event stream) and sends a 200 with the
 * headers already set on the reply (security headers, no-store) plus `headers`. Returns where to write the body:
 * the response itself, or with `compress` (a download) a brotli or gzip stream in front of it when the request
 * accepts one, so that the body is compressed as it is written and never gathered. An event stream must not be
 * compressed: a compressor holds events back until it has enough bytes.
 */
export function startStreaming(
  reply: FastifyReply,
  headers: Record<string, string>,
  options: { compress?: boolean } = {},
): Writable {
  const merged: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) merged[name] = value;
  const encoding = options.compress ? chooseEncoding(reply.request.headers['accept-encoding']) : undefined;
  const encoded = encoding ? { 'content-encoding': encoding } : {};
  const vary = options.compress ? { vary: merged.vary ? `${merged.vary}, Accept-Encoding` : 'Accept-Encoding' } : {};
  reply.hijack();
  reply.raw.writeHead(200, { ...merged, ...headers, ...vary, ...encoded });
  if (encoding === undefined) return reply.raw;
  const encoder = encodeStream(encoding);
  // Either side failing or closing destroys the other; how the body ended is the writer's to report.
  pipeline(encoder, reply.raw, () => undefined);
  return encoder;
}
