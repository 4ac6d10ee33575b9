/** A misbehaviour to inject for matching requests (tests only; the API has none by default). */
export interface FaultRule {
  /** Exact path, a prefix ending in `*` (`/api/v1/logs*`), or a RegExp tested against the path without query. */
  path: string | RegExp;
  /** Only this HTTP method (any when absent). */
  method?: string;
  /** Delay before the request is handled normally (or before the other fault applies). */
  latencyMs?: number;
  /** Answer with this status and Okta's error body instead of handling the request. */
  status?: 429 | 500 | 503;
  /** Never answer; the connection stays open until the API closes. */
  hang?: boolean;
  /** Answer normally but with a truncated, unparseable JSON body. */
  malformedJson?: boolean;
  /**
   * Answer normally, headers at once, but send the body slowly: in equal pieces spread over `durationMs`, one
   * every `intervalMs` (default 100), so no gap between pieces is long enough for a per-chunk idle timeout.
   */
  slowBody?: { durationMs: number; intervalMs?: number };
  /**
   * Answer 200 with a JSON array of about `bytes` bytes (generated events), streamed without Content-Length and
   * never held in memory; it stops when the client closes the connection.
   */
  oversizedBody?: { bytes: number };
  /** Answer a listing normally but with one more item than the request's `limit` (items repeated). */
  overLimitItems?: boolean;
  /** Reset the TCP connection without answering. */
  connectionReset?: boolean;
  /** Apply to this many matching requests, then remove the rule (unlimited when absent). */
  times?: number;
}

/** The fault switches of a running API: newest rule wins when several match. */
export interface FaultSwitches {
  /** Adds a rule; returns a function that removes it. */
  set(rule: FaultRule): () => void;
  /** Removes every rule. */
  clear(): void;
  readonly rules: readonly FaultRule[];
}

/** The fault switch board behind `ManagementApi.faults`. */
export class FaultBoard implements FaultSwitches {
  #rules: { rule: FaultRule; remaining: number }[] = [];

  constructor(initial: readonly FaultRule[] = []) {
    for (const rule of initial) this.set(rule);
  }

  get rules(): readonly FaultRule[] {
    return this.#rules.map((entry) => entry.rule);
  }

  set(rule: FaultRule): () => void {
    const entry = { rule, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.#rules.unshift(entry);
    return () => {
      this.#rules = this.#rules.filter((candidate) => candidate !== entry);
    };
  }

  clear(): void {
    this.#rules = [];
  }

  /** The rule for this request, counting one use of it. */
  take(method: string, path: string): FaultRule | undefined {
    const entry = this.#rules.find(
      ({ rule }) => (!rule.method || rule.method.toUpperCase() === method) && matches(rule.path, path),
    );
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.#rules = this.#rules.filter((candidate) => candidate !== entry);
    return entry.rule;
  }
}

function matches(pattern: string | RegExp, path: string): boolean {
  if (typeof pattern !== 'string') {
    pattern.lastIndex = 0;
    return pattern.test(path);
  }
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}
