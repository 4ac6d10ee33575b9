/** Users (`GET /api/v1/users`, `GET /api/v1/users/{idOrLogin}`): a finite listing and single lookups. */
import { MalformedResponseError } from './errors.ts';
import { getJson, type HttpSettings } from './http.ts';
import { MAX_USERS_LIMIT } from './page-limits.ts';
import { cursorUrl, fetchPage, iteratePages, type Listing, validMaxPages } from './paginate.ts';
import type { CallOptions, Fetched, IterateOptions, Page, PageCursor, User } from './types.ts';
import { type UserQuery, userPathSegment, userSearchParams } from './user-query.ts';

/** Users operations. */
export interface UsersApi {
  /** The first page of a listing (Okta omits DEPROVISIONED users unless `search` or `filter` asks for them). */
  list(query?: UserQuery, options?: CallOptions): Promise<Page<User>>;
  /** The page a cursor points at. */
  next(cursor: PageCursor, options?: CallOptions): Promise<Page<User>>;
  /** Every page from `start` until the listing ends (or `maxPages`). */
  pages(start?: UserQuery | PageCursor, options?: IterateOptions): AsyncGenerator<Page<User>, void, undefined>;
  /** Every user of `pages(start)`, streamed. */
  all(start?: UserQuery | PageCursor, options?: IterateOptions): AsyncGenerator<User, void, undefined>;
  /** One user by id or login; NotFoundError when there is none. */
  get(idOrLogin: string, options?: CallOptions): Promise<Fetched<User>>;
}

export const USERS_PATH = '/api/v1/users';

function isUser(item: unknown): item is User {
  return typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string';
}

/** Creates the users operations for one org. */
export function createUsersApi(settings: HttpSettings, origin: string): UsersApi {
  const listing: Listing<User> = { settings, origin, path: USERS_PATH, isItem: isUser, maxLimit: MAX_USERS_LIMIT };

  const startUrl = (start: UserQuery | PageCursor | undefined): URL => {
    if (typeof start === 'string') return cursorUrl(listing, start);
    const url = new URL(USERS_PATH, origin);
    url.search = userSearchParams(start ?? {}).toString();
    return url;
  };

  async function* pages(start?: UserQuery | PageCursor, options: IterateOptions = {}) {
    const url = startUrl(start);
    const policy = { stopOnEmpty: false, maxPages: validMaxPages(options.maxPages) };
    yield* iteratePages(listing, url, policy, options);
  }

  return {
    // async so that a refused query or cursor surfaces as a rejected promise, never a synchronous throw
    list: async (query, options) => fetchPage(listing, startUrl(query ?? {}), options),
    next: async (cursor, options) => fetchPage(listing, cursorUrl(listing, cursor), options),
    pages,
    async *all(start, options) {
      for await (const page of pages(start, options)) yield* page.items;
    },
    async get(idOrLogin, options) {
      const url = new URL(`${USERS_PATH}/${userPathSegment(idOrLogin)}`, origin);
      const response = await getJson(settings, url, options);
      if (!isUser(response.body)) {
        throw new MalformedResponseError(`expected a user object from ${USERS_PATH}/{idOrLogin}`, {
          status: 200,
          requestId: response.requestId,
          request: { method: 'GET', url: url.href },
        });
      }
      return { item: response.body, rateLimit: response.rateLimit, requestId: response.requestId };
    },
  };
}
