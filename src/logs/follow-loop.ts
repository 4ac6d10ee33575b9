/**
 * The live tail's loop for one connection: poll (one Okta call), hand over what arrived, wait as long as the
 * budget says, repeat. It ends when the connection closes (the signal), the session is gone, or its duration or
 * poll count bound is reached; it never runs on its own.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LogEvent, LogQuery, PageCursor, RateLimit } from '../okta/index.ts';
import { nextPollDelay, type PollDelay, pauseUntil } from './poll-interval.ts';

/** What one poll brought. */
export type PollOutcome =
  | { kind: 'events'; events: LogEvent[]; cursor: PageCursor; budget: RateLimit | undefined }
  | { kind: 'rate-limited'; resetAt: Date | undefined; budget: RateLimit | undefined };

/** What the loop hands to the connection. */
export type FollowMessage =
  | { type: 'events'; events: LogEvent[]; cursor: PageCursor }
  | { type: 'status'; paused: boolean; nextPollAt: Date; budget: RateLimit | undefined };

/** Why the loop ended. */
export type FollowEnd = 'closed' | 'signed-out' | 'max-duration' | 'max-polls';

/** Bounds of one connection's loop. */
export interface FollowLimits {
  /** Shortest wait between polls (default 10 s). */
  minIntervalMs: number;
  /** A connection ends after this long (default 30 minutes); the page offers to resume. */
  maxDurationMs: number;
  /** A connection ends after this many polls (default 1000). */
  maxPolls: number;
}

/** The defaults of FollowLimits. */
export const FOLLOW_LIMITS: Readonly<FollowLimits> = {
  minIntervalMs: 10_000,
  maxDurationMs: 30 * 60_000,
  maxPolls: 1000,
};

/** What the loop needs. */
export interface FollowLoopOptions extends FollowLimits {
  start: LogQuery | PageCursor;
  poll(position: LogQuery | PageCursor): Promise<PollOutcome>;
  emit(message: FollowMessage): Promise<void>;
  /** Fires when the connection closes. */
  signal: AbortSignal;
  /** False once the session has ended (signed out elsewhere). */
  sessionAlive(): boolean | Promise<boolean>;
  now?: () => number;
}

/** Runs until one of the ends in FollowEnd; errors from `poll` (other than after a close) propagate. */
export async function runFollowLoop(options: FollowLoopOptions): Promise<{ end: FollowEnd; polls: number }> {
  const now = options.now ?? Date.now;
  const started = now();
  let position = options.start;
  let polls = 0;
  for (;;) {
    if (options.signal.aborted) return { end: 'closed', polls };
    if (!(await options.sessionAlive())) return { end: 'signed-out', polls };
    if (polls >= options.maxPolls) return { end: 'max-polls', polls };
    if (now() - started >= options.maxDurationMs) return { end: 'max-duration', polls };
    let outcome: PollOutcome;
    try {
      outcome = await options.poll(position);
    } catch (error) {
      if (options.signal.aborted) return { end: 'closed', polls };
      throw error;
    }
    polls++;
    let delay: PollDelay;
    if (outcome.kind === 'events') {
      position = outcome.cursor;
      if (outcome.events.length > 0) {
        await options.emit({ type: 'events', events: outcome.events, cursor: outcome.cursor });
      }
      delay = nextPollDelay(outcome.budget, now(), options.minIntervalMs);
    } else {
      delay = pauseUntil(outcome.resetAt, now(), options.minIntervalMs);
    }
    await options.emit({
      type: 'status',
      paused: delay.paused,
      nextPollAt: new Date(now() + delay.delayMs),
      budget: outcome.budget,
    });
    try {
      await sleep(delay.delayMs, undefined, { signal: options.signal });
    } catch {
      return { end: 'closed', polls };
    }
  }
}
