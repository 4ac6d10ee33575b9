/**
 * `logs tail`: the app's live-tail loop (src/logs/follow-loop.ts) on a polling query from now, printing each new
 * event as one NDJSON line until the signal fires (Ctrl-C). Polls are at least 10 s apart and never spend more than
 * half of the remaining budget per minute; a 429 or the shared brake pauses until the reset.
 */

import type { Writable } from 'node:stream';
import { ndjsonRows } from '../../logs/csv.ts';
import { FOLLOW_LIMITS, type PollOutcome, runFollowLoop } from '../../logs/follow-loop.ts';
import { type LogQuery, MAX_LOGS_LIMIT, type OktaClient, RateLimitedError, type ScimFilter } from '../../okta/index.ts';
import { utcClock } from '../../text/reset-time.ts';
import { writeChunk } from '../output.ts';
import { count, describeBudget, type Progress } from '../progress.ts';

/** What tailLogs needs besides the client. */
export interface TailLogsOptions {
  filter: ScimFilter | undefined;
  q: string | undefined;
  out: Writable;
  signal: AbortSignal;
  progress: Progress;
  /** Where the tail starts (default: now). */
  since?: Date;
}

/** Tails until `signal` fires; resolves with the number of events printed. */
export async function tailLogs(
  client: OktaClient,
  options: TailLogsOptions,
): Promise<{ events: number; polls: number }> {
  const { progress, signal } = options;
  const start: LogQuery = {
    since: options.since ?? new Date(),
    filter: options.filter,
    q: options.q,
    limit: MAX_LOGS_LIMIT,
    sortOrder: 'ASCENDING',
  };
  let events = 0;
  progress.note(`Tailing the System Log from ${utcClock(start.since as Date)}; Ctrl-C stops.`);
  const { polls } = await runFollowLoop({
    ...FOLLOW_LIMITS,
    maxDurationMs: Number.POSITIVE_INFINITY,
    maxPolls: Number.POSITIVE_INFINITY,
    start,
    signal,
    sessionAlive: () => true,
    async poll(position): Promise<PollOutcome> {
      try {
        const result = await client.logs.poll(position, { signal });
        return { kind: 'events', events: result.events, cursor: result.cursor, budget: result.rateLimit };
      } catch (error) {
        if (error instanceof RateLimitedError) {
          return { kind: 'rate-limited', resetAt: error.resetAt, budget: client.lastRateLimit };
        }
        throw error;
      }
    },
    async emit(message) {
      if (message.type === 'events') {
        events += message.events.length;
        await writeChunk(options.out, ndjsonRows(message.events));
        return;
      }
      const what = message.paused ? 'paused for the rate budget' : 'waiting';
      progress.status(
        `Tail: ${count(events, 'event')}; ${what}, next poll at ${utcClock(message.nextPollAt)}; ${describeBudget(message.budget)}`,
      );
    },
  });
  return { events, polls };
}
