/**
 * Which rate-limit bucket a request counts against, as Okta groups them (developer.okta.com/docs/reference/
 * rl-global-mgmt): the System Log, the users listing, one user with its sub-resources, and otherwise each
 * endpoint's own path. A bucket is named by the org origin and the bucket's path, so that one store can hold the
 * budgets of several orgs.
 */

/** The bucket paths the app reads. */
export const BUCKET_PATHS = {
  logs: '/api/v1/logs',
  users: '/api/v1/users',
  user: '/api/v1/users/{id}',
} as const;

/** A bucket's short name, for callers that ask about one (`budget('logs')`). */
export type BucketName = keyof typeof BUCKET_PATHS;

/** The bucket path of a request path: a trailing slash changes nothing, the query is not part of it. */
export function bucketPath(pathname: string): string {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === BUCKET_PATHS.logs) return BUCKET_PATHS.logs;
  if (path === BUCKET_PATHS.users) return BUCKET_PATHS.users;
  if (path.startsWith(`${BUCKET_PATHS.users}/`)) return BUCKET_PATHS.user;
  return path;
}

/** The bucket of a request URL: `https://dev-1.okta.com/api/v1/users/{id}` for `/api/v1/users/00u1/roles`. */
export function rateBucket(url: URL): string {
  return `${url.origin}${bucketPath(url.pathname)}`;
}

/** The bucket called `name` in the org at `origin`. */
export function namedBucket(origin: string, name: BucketName): string {
  return `${origin}${BUCKET_PATHS[name]}`;
}
