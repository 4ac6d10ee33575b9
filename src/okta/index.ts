/** The public surface of the management-API client. */
export {
  createOktaClient,
  type OktaClient,
  type OktaClientOptions,
  type OktaCredentialOptions,
  type OktaTimeouts,
  orgOrigin,
} from './client.ts';
export type { OktaClock } from './clock.ts';
export { type Coalescer, coalesceKey, type SharedResponse } from './coalescer.ts';
export { createDpopSigner, type DpopProofSigner, type DpopSigner } from './dpop.ts';
export * from './errors.ts';
export { InProcessCoalescer } from './in-process-coalescer.ts';
export { findLink, type LinkValue, parseLinkHeader } from './link-header.ts';
export {
  LOG_OUTCOMES,
  LOG_SEVERITIES,
  type LogFilterCriteria,
  type LogOutcome,
  type LogQuery,
  logFilter,
  validateKeywords,
} from './log-query.ts';
export { type LogsApi, type PollResult, parseLogEvents } from './logs.ts';
export { DEFAULT_MAX_RESPONSE_BYTES, MAX_LOGS_LIMIT, MAX_USERS_LIMIT } from './page-limits.ts';
export { type ProbeOptions, type ProbeResult, probeOkta, probeUrl } from './probe.ts';
export {
  type BrakeDecision,
  decideAdmission,
  floorFor,
  isConcurrencyLimit,
  isReset,
  mergeReadings,
  reserveOf,
} from './rate-brake.ts';
export { BUCKET_PATHS, type BucketName, bucketPath, namedBucket, rateBucket } from './rate-buckets.ts';
export type { Admission, RateGate } from './rate-gate.ts';
export { readingFromHeaders } from './rate-limit.ts';
export {
  allOf,
  and,
  anyOf,
  compare,
  filterEq,
  not,
  or,
  present,
  rawFilter,
  type ScimFilter,
  type ScimOperator,
  type ScimValue,
  scimString,
} from './scim.ts';
export type * from './types.ts';
export type { UserQuery } from './user-query.ts';
export type { UsersApi } from './users.ts';
export { type Challenge, parseWwwAuthenticate } from './www-authenticate.ts';
