import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireSignIn } from '../auth/require-sign-in.ts';
import { AppError } from '../errors.ts';
import { closedSignal } from '../logs/export-stream.ts';
import { followBinding, loadFollowView } from '../logs/follow-page.ts';
import { streamFollow } from '../logs/follow-stream.ts';
import { followPageData } from '../logs/follow-view.ts';
import type { LogsState } from '../logs/logs-state.ts';
import { pollingLogQuery } from '../logs/okta-query.ts';
import type { LogsPaths } from '../logs/page-view.ts';
import { parseLogsQuery } from '../logs/query-params.ts';
import { SseChannel } from '../logs/sse.ts';
import type { LogQuery, PageCursor } from '../okta/index.ts';
import { sessionLiveness } from '../session/session-liveness.ts';
import { SignInRequiredError } from '../session/sign-in-required.ts';
import { logsCall, ownerOf, startStreaming, tailQuery } from './logs-common.ts';

/**
 * The live tail: `GET /logs/follow` (the page; without JavaScript a link polls once per click) and
 * `GET /logs/follow/stream` (Server-Sent Events; one bounded polling loop per connection, ended by its close).
 */
export function registerLogsFollow(app: FastifyInstance, state: LogsState, paths: LogsPaths): void {
  const minimum = { minIntervalMs: state.follow.minIntervalMs };
  app.get('/logs/follow', { preHandler: requireSignIn }, async (request, reply) => {
    const parsed = parseLogsQuery(request.query);
    const query = tailQuery(parsed.query);
    const base = { paths, parsed, query, budget: await app.okta.budget('logs'), now: Date.now(), ...minimum };
    if (Object.keys(parsed.errors).length > 0) {
      return reply.render('logs-follow', followPageData({ ...base, errors: parsed.errors }), 400);
    }
    const outcome = await loadFollowView({
      state,
      call: logsCall(app, request),
      owner: ownerOf(request),
      query,
      token: parsed.page,
    });
    const data = followPageData({ ...base, budget: await app.okta.budget('logs'), errors: {}, outcome });
    return reply.render('logs-follow', data, outcome.kind === 'cursor-refused' ? 400 : 200);
  });

  app.get('/logs/follow/stream', async (request, reply) => {
    reply.header('cache-control', 'no-store');
    if (!request.session.user || !request.session.tokens) throw new SignInRequiredError(request.url, 'signed_out');
    // Checks the token's scopes the way every call does, without calling Okta (the function makes no call).
    await logsCall(app, request)(async () => undefined);
    const parsed = parseLogsQuery(request.query);
    if (Object.keys(parsed.errors).length > 0) throw invalidTail();
    const owner = ownerOf(request);
    if (!state.openStream(owner)) throw tooManyTails(state.follow.maxStreamsPerSession);
    try {
      const query = tailQuery(parsed.query);
      const binding = followBinding(query);
      const token = lastEventId(request) ?? parsed.page;
      const found = token === undefined ? undefined : await state.cursors.find(token, owner, binding);
      const position = found && 'value' in found && found.value.kind === 'poll' ? found.value : undefined;
      const start = position ? position.start : pollingLogQuery(query, new Date());
      await serveTail(app, state, request, reply, { owner, binding, start, resumed: position !== undefined });
    } finally {
      state.closeStream(owner);
    }
    return reply;
  });
}

/** Sends the event stream of one live tail until it ends, and logs how it ended. */
async function serveTail(
  app: FastifyInstance,
  state: LogsState,
  request: FastifyRequest,
  reply: FastifyReply,
  tail: { owner: string; binding: string; start: LogQuery | PageCursor; resumed: boolean },
): Promise<void> {
  startStreaming(reply, { 'content-type': 'text/event-stream; charset=utf-8', 'x-content-type-options': 'nosniff' });
  const signal = AbortSignal.any([closedSignal(reply.raw), state.shutdownSignal]);
  const channel = new SseChannel(reply.raw, signal);
  const sessionId = request.session.sessionId;
  try {
    await channel.retry(15_000);
    await channel.send('ready', { resumed: tail.resumed, minIntervalMs: state.follow.minIntervalMs });
    const ended = await streamFollow({
      ...tail,
      state,
      call: logsCall(app, request, 'background'),
      budget: () => app.okta.budget('logs'),
      channel,
      signal,
      limits: state.follow,
      sessionAlive: sessionLiveness(app.sessionStore, sessionId),
    });
    if (ended.end !== 'closed' && ended.end !== 'problem') await channel.send('end', { reason: ended.end });
    request.log.info({ follow: { end: ended.end, polls: ended.polls } }, `follow stream ended: ${ended.end}`);
  } catch (error) {
    request.log.info({ follow: { end: 'closed' }, err: error }, 'follow stream ended: closed');
  } finally {
    channel.end();
  }
}

function lastEventId(request: FastifyRequest): string | undefined {
  const value = request.headers['last-event-id'];
  return typeof value === 'string' && /^[A-Za-z0-9_-]{22}$/.test(value) ? value : undefined;
}

function invalidTail(): AppError {
  return new AppError({
    status: 400,
    code: 'LOGS_FOLLOW_INVALID',
    title: 'The live tail cannot start',
    whatHappened: 'The filters of the live tail are not valid.',
    whatToDo: 'Open the live tail page and correct the filters shown there.',
  });
}

function tooManyTails(limit: number): AppError {
  return new AppError({
    status: 429,
    code: 'LOGS_FOLLOW_TOO_MANY',
    title: 'Too many live tails',
    whatHappened: `This session already follows the System Log in ${limit} tabs; each one spends Okta's small rate budget.`,
    whatToDo: 'Close another live tail, then reload this one.',
  });
}
