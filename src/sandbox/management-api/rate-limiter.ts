/** The rate-limit buckets the sandbox models (developer.okta.com/docs/reference/rl-global-mgmt, 2025-05). */
export type RateLimitBucket = 'logs' | 'users' | 'userById' | 'other';

/** Per-minute org-wide limits per bucket and the share one OAuth app or API token may use. */
export interface RateLimitSettings {
  /** Off: nothing is ever refused (benchmarks); the headers are still sent. */
  enabled: boolean;
  /** `/api/v1/logs` requests per window, org-wide. */
  logs: number;
  /** `GET /api/v1/users` (list) requests per window. */
  users: number;
  /** `GET /api/v1/users/{idOrLogin}` and its sub-resources. */
  userById: number;
  /** Any other `/api/v1` endpoint. */
  other: number;
  /** Fraction of a bucket one OAuth app or API token may use ("up to 50% of a bucket", rl2-token-oauth). */
  perAppShare: number;
  /** Window length; a window starts at its first request and resets this long after it. */
  windowMs: number;
}

/** An Integrator Free Plan org with the default 50% per-app share. */
export const DEFAULT_RATE_LIMITS: Readonly<RateLimitSettings> = {
  enabled: true,
  logs: 20,
  users: 100,
  userById: 100,
  other: 100,
  perAppShare: 0.5,
  windowMs: 60_000,
};

/** What a request learns from the limiter: the `X-Rate-Limit-*` values and whether it may proceed. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** UTC epoch seconds at which the binding window resets. */
  resetEpochSeconds: number;
}

interface Window {
  start: number;
  count: number;
}

/** Fixed windows per bucket, org-wide and per app (or API token). */
export class RateLimiter {
  #settings: RateLimitSettings;
  readonly #windows = new Map<string, Window>();

  constructor(
    settings: Partial<RateLimitSettings> | false | undefined,
    readonly now: () => number,
  ) {
    this.#settings = { ...DEFAULT_RATE_LIMITS, ...(settings === false ? { enabled: false } : settings) };
  }

  get settings(): Readonly<RateLimitSettings> {
    return this.#settings;
  }

  /** Changes settings at run time (tests); counters are kept. */
  configure(settings: Partial<RateLimitSettings>): void {
    this.#settings = { ...this.#settings, ...settings };
  }

  /** Forgets every counter, as if a new minute had started everywhere. */
  reset(): void {
    this.#windows.clear();
  }

  /** The per-app ceiling of a bucket (e.g. 10 of the 20 `/api/v1/logs` calls per minute). */
  appLimit(bucket: RateLimitBucket): number {
    return Math.max(1, Math.floor(this.#settings[bucket] * this.#settings.perAppShare));
  }

  /** Counts one request against the org bucket and, when known, the app's share of it. */
  take(bucket: RateLimitBucket, appKey: string | undefined): RateLimitDecision {
    return this.#decide(bucket, appKey, true);
  }

  /** The headers a request would get, without counting it (for forced fault answers). */
  peek(bucket: RateLimitBucket, appKey: string | undefined): RateLimitDecision {
    return this.#decide(bucket, appKey, false);
  }

  #decide(bucket: RateLimitBucket, appKey: string | undefined, count: boolean): RateLimitDecision {
    const now = this.now();
    const counters = [{ window: this.#window(bucket, now), limit: this.#settings[bucket] }];
    if (appKey !== undefined)
      counters.push({ window: this.#window(`${bucket}|${appKey}`, now), limit: this.appLimit(bucket) });
    if (!this.#settings.enabled) {
      const app = counters.at(-1) as (typeof counters)[number];
      return { allowed: true, limit: app.limit, remaining: app.limit, resetEpochSeconds: this.#reset(app.window) };
    }
    const allowed = counters.every(({ window, limit }) => window.count < limit);
    if (allowed && count) for (const { window } of counters) window.count += 1;
    // Report the counter closest to its ceiling: that is the one that will refuse first.
    let binding = counters[0] as (typeof counters)[number];
    for (const counter of counters) {
      if (counter.limit - counter.window.count <= binding.limit - binding.window.count) binding = counter;
    }
    return {
      allowed,
      limit: binding.limit,
      remaining: Math.max(0, binding.limit - binding.window.count),
      resetEpochSeconds: this.#reset(binding.window),
    };
  }

  #window(key: string, now: number): Window {
    let window = this.#windows.get(key);
    if (!window || now >= window.start + this.#settings.windowMs) {
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    return window;
  }

  #reset(window: Window): number {
    return Math.ceil((window.start + this.#settings.windowMs) / 1000);
  }
}
