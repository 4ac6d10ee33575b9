/**
 * Progress on stderr: on a terminal one live line rewritten in place (`\r`), otherwise plain lines a log can keep.
 * Data never goes here; it goes to stdout or the output file.
 */

import { setTimeout as sleep } from 'node:timers/promises';
import type { RateLimit } from '../okta/index.ts';
import { utcClock } from '../text/reset-time.ts';

/** Where progress goes. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
}

/** `1 event`, `2 events`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `7 of 10 calls left until 14:03:07 UTC`. */
export function describeBudget(budget: RateLimit | undefined): string {
  if (!budget) return 'budget not known yet';
  return `${budget.remaining} of ${budget.limit} calls left until ${utcClock(budget.resetAt)}`;
}

/** The progress reporter of one command. */
export class Progress {
  readonly #live: boolean;
  #lineOpen = false;

  constructor(private readonly stream: ProgressStream) {
    this.#live = stream.isTTY === true;
  }

  /** A status that the next one replaces (a plain line when not on a terminal). */
  status(text: string): void {
    if (this.#live) {
      this.stream.write(`\r\x1b[2K${text}`);
      this.#lineOpen = true;
    } else {
      this.stream.write(`${text}\n`);
    }
  }

  /** A line that stays. */
  note(text: string): void {
    this.#closeLine();
    this.stream.write(`${text}\n`);
  }

  /** Ends the live line, if any. */
  end(): void {
    this.#closeLine();
  }

  #closeLine(): void {
    if (this.#lineOpen) this.stream.write('\n');
    this.#lineOpen = false;
  }

  /**
   * Waits until `until`, counting down: every second on a terminal, otherwise one line at the start (and one every
   * ten seconds). Rejects with the signal's reason when it aborts.
   */
  async countdown(until: Date, what: string, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    let lastPlain = Number.NEGATIVE_INFINITY;
    for (;;) {
      const left = until.getTime() - Date.now();
      if (left <= 0) break;
      const seconds = Math.ceil(left / 1000);
      const text = `${what}: waiting ${seconds} s for the reset at ${utcClock(until)}`;
      if (this.#live) this.status(text);
      else if (Date.now() - lastPlain >= 10_000) {
        this.status(text);
        lastPlain = Date.now();
      }
      await sleep(Math.min(left, 1000 - ((Date.now() - started) % 1000)), undefined, { signal });
    }
    if (this.#live) this.status(`${what}: reset reached, going on`);
    else this.status(`${what}: reset reached at ${utcClock(new Date())}, going on`);
  }
}
