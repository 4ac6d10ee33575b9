/**
 * The rate brake as the client sees it: asked before every request, told every reading. An implementation keeps
 * one reading per bucket where every instance of the app sees it (src/store/store-rate-gate.ts) and applies the
 * rules of rate-brake.ts to it atomically. A client without a gate sends every request, as Okta's SDKs do.
 */
import type { CallPriority, RateReading } from './types.ts';

/** The gate's answer for one request. */
export type Admission =
  | { admitted: true }
  /** Not sent: the bucket's budget for this priority is spent until `resetAt`. */
  | { admitted: false; resetAt: Date; limit: number; remaining: number };

/** One bucket per org and endpoint group, named as rate-buckets.ts names them. */
export interface RateGate {
  /** Whether a request to `bucket` may go out now; an admitted one has already taken its unit of the budget. */
  admit(bucket: string, priority: CallPriority): Promise<Admission>;
  /** Learns what a response said about `bucket`. */
  observe(bucket: string, reading: RateReading): Promise<void>;
  /** The bucket's reading as kept, undefined before any answer (for the budget line). */
  reading(bucket: string): Promise<RateReading | undefined>;
  /** Forgets the bucket's reading, as if no answer had come yet (the org's counters were reset elsewhere). */
  forget(bucket: string): Promise<void>;
}
