import type { Directory } from '../directory.ts';
import type { OktaUser } from '../okta-types.ts';
import { pathReader } from '../scim/index.ts';
import type { UserQuery } from './user-query.ts';

/** One page of users and the `after` value of the next page, if there is one. */
export interface UserPage {
  users: OktaUser[];
  nextAfter?: string;
}

/**
 * Lists users: id order (the cursor is the last id), or `sortBy` order with ties by id (case-insensitive,
 * listUsers). The cursor of a sorted list is also the last id; its position is looked up in the sorted list.
 */
export function listUsers(directory: Directory, query: UserQuery): UserPage {
  let users = directory
    .users()
    .filter((user) => (query.includeDeprovisioned || user.status !== 'DEPROVISIONED') && query.matches(user));
  if (query.sort) users = sortUsers(users, query.sort.by, query.sort.descending);
  let start = 0;
  if (query.after !== undefined) {
    const after = query.after;
    if (query.sort) {
      const index = users.findIndex((user) => user.id === after);
      start = index === -1 ? users.length : index + 1;
    } else {
      start = users.findIndex((user) => user.id > after);
      if (start === -1) start = users.length;
    }
  }
  const page = users.slice(start, start + query.limit);
  const more = query.pages && start + query.limit < users.length;
  const last = page.at(-1);
  return { users: page, ...(more && last ? { nextAfter: last.id } : {}) };
}

function sortUsers(users: OktaUser[], by: string, descending: boolean): OktaUser[] {
  const read = pathReader<OktaUser>(by);
  const key = (user: OktaUser) => {
    const value = read(user)[0];
    return value === null || value === undefined ? '' : String(value).toLowerCase();
  };
  const keyed = users.map((user) => ({ user, key: key(user) }));
  keyed.sort((a, b) => {
    const order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
    const byKey = descending ? -order : order;
    return byKey || (a.user.id < b.user.id ? -1 : a.user.id > b.user.id ? 1 : 0);
  });
  return keyed.map(({ user }) => user);
}
