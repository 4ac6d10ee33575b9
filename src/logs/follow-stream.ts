/**
 * The live tail over Server-Sent Events for one connection: runs the follow loop with polls made through the
 * request's token, sends new events (as summaries, made visible, for the page to insert as text), a status after
 * every poll (the app's shared budget, when the next poll is, whether it paused for a 429 or the rate brake), and a
 * problem when a poll fails.
 * Each batch carries a token for where the tail stands (`id:`), so a reconnecting EventSource resumes there.
 */
import { AppError } from '../errors.ts';
import { type LogQuery, type PageCursor, RateLimitedError } from '../okta/index.ts';
import { utcClock } from '../text/reset-time.ts';
import { budgetView, type StoredBudget } from './budget-view.ts';
import { summarize } from './event-view.ts';
import { type FollowEnd, type FollowLimits, type PollOutcome, runFollowLoop } from './follow-loop.ts';
import type { LogsState, OktaCall } from './logs-state.ts';
import type { SseChannel } from './sse.ts';

/** How often a quiet stream gets a comment line. */
export const KEEP_ALIVE_MS = 25_000;

/** What one live-tail connection needs. */
export interface FollowStreamOptions {
  state: LogsState;
  call: OktaCall;
  owner: string;
  binding: string;
  start: LogQuery | PageCursor;
  channel: SseChannel;
  signal: AbortSignal;
  limits: FollowLimits;
  sessionAlive: () => boolean;
  /** The app's shared System Log budget, for the status line. */
  budget: () => Promise<StoredBudget | undefined>;
}

/** How the connection ended: one of the loop's ends, or a problem that was reported to the page. */
export type FollowStreamEnd = { end: FollowEnd | 'problem'; polls: number; error?: unknown };

/** The problem event: only an AppError's fields written for users; anything else is generic. */
export function problemOf(error: unknown): { code: string; title: string; whatHappened: string; whatToDo: string } {
  if (error instanceof AppError) {
    return { code: error.code, title: error.title, whatHappened: error.whatHappened, whatToDo: error.whatToDo };
  }
  return {
    code: 'INTERNAL_ERROR',
    title: 'The live tail stopped',
    whatHappened: 'The app hit an unexpected problem while polling Okta.',
    whatToDo: 'Reload the page to start again.',
  };
}

/** Runs the tail until the connection closes or it ends; never throws. */
export async function streamFollow(options: FollowStreamOptions): Promise<FollowStreamEnd> {
  const { state, channel } = options;
  let polls = 0;
  // A pause for the rate limit can last minutes; proxies close connections that stay silent that long.
  const heartbeat = setInterval(() => channel.keepAlive(), KEEP_ALIVE_MS);
  try {
    const result = await runFollowLoop({
      ...options.limits,
      start: options.start,
      signal: options.signal,
      sessionAlive: options.sessionAlive,
      poll: (position) =>
        options.call<PollOutcome>(async (client, signal) => {
          polls++;
          try {
            const deadline = Date.now() + state.callTimeoutMs;
            const result = await client.logs.poll(position, { signal, deadline, maxPages: 1 });
            return { kind: 'events', events: result.events, cursor: result.cursor, budget: client.lastRateLimit };
          } catch (error) {
            if (!(error instanceof RateLimitedError)) throw error;
            return { kind: 'rate-limited', resetAt: error.resetAt, budget: client.lastRateLimit };
          }
        }),
      emit: async (message) => {
        if (message.type === 'events') {
          const id = await state.cursors.put(options.owner, options.binding, { kind: 'poll', start: message.cursor });
          await channel.send('events', { events: message.events.map(summarize) }, id);
          return;
        }
        const shared = await options.budget();
        const budget = shared ? budgetView(shared, Date.now()) : undefined;
        await channel.send('status', {
          paused: message.paused,
          nextPollAt: message.nextPollAt.toISOString(),
          nextPollText: utcClock(message.nextPollAt),
          budget: budget ?? null,
        });
      },
    });
    return result;
  } catch (error) {
    if (options.signal.aborted) return { end: 'closed', polls };
    await channel.send('problem', problemOf(error)).catch(() => undefined);
    return { end: 'problem', polls, error };
  } finally {
    clearInterval(heartbeat);
  }
}
