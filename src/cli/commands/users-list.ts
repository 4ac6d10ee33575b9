/**
 * `users list`: every page of `GET /api/v1/users` for a search (`search`, SCIM) or a name prefix (`q`), written
 * as NDJSON or CSV (formula-safe cells, as the System Log export) as the pages arrive.
 */

import type { Writable } from 'node:stream';
import { csvLine } from '../../logs/csv.ts';
import type { ExportFormat } from '../../logs/export-stream.ts';
import type { OktaClient, User, UserQuery } from '../../okta/index.ts';
import { writeChunk } from '../output.ts';
import { eachPage, type Listing } from '../page-loop.ts';
import { describeBudget, type Progress } from '../progress.ts';

type Column = readonly [header: string, value: (user: User) => unknown];

/** The CSV columns of a user. */
export const USER_CSV_COLUMNS: readonly Column[] = [
  ['id', (u) => u.id],
  ['status', (u) => u.status],
  ['profile.login', (u) => u.profile?.login],
  ['profile.email', (u) => u.profile?.email],
  ['profile.firstName', (u) => u.profile?.firstName],
  ['profile.lastName', (u) => u.profile?.lastName],
  ['created', (u) => u.created],
  ['activated', (u) => u.activated],
  ['lastLogin', (u) => u.lastLogin],
  ['lastUpdated', (u) => u.lastUpdated],
];

function rowsOf(users: readonly User[], format: ExportFormat): string {
  let out = '';
  for (const user of users) {
    out += format === 'csv' ? csvLine(USER_CSV_COLUMNS.map(([, value]) => value(user))) : `${JSON.stringify(user)}\n`;
  }
  return out;
}

/** What listUsers needs besides the client. */
export interface ListUsersOptions {
  query: UserQuery;
  format: ExportFormat;
  out: Writable;
  signal: AbortSignal;
  maxRetries: number;
  progress: Progress;
}

/** Writes every user of the query to `out`; stops between pages when the signal fires. */
export async function listUsers(
  client: OktaClient,
  options: ListUsersOptions,
): Promise<{ outcome: 'complete' | 'interrupted'; users: number }> {
  const { signal, progress } = options;
  let users = 0;
  // A byte order mark so that spreadsheets read the file as UTF-8, as the System Log export does.
  if (options.format === 'csv')
    await writeChunk(options.out, `\uFEFF${csvLine(USER_CSV_COLUMNS.map(([name]) => name))}`);
  const listing: Listing<User> = {
    first: (signal) => client.users.list(options.query, { signal }),
    next: (cursor, signal) => client.users.next(cursor, { signal }),
  };
  const waits = { maxRetries: options.maxRetries, signal, progress, what: 'GET /api/v1/users' };
  try {
    await eachPage(listing, waits, async (page) => {
      await writeChunk(options.out, rowsOf(page.items, options.format));
      users += page.items.length;
      progress.status(`Users: ${users}; ${describeBudget(client.lastRateLimit)}`);
    });
    return { outcome: 'complete', users };
  } catch (error) {
    if (signal.aborted) return { outcome: 'interrupted', users };
    throw error;
  }
}
