/**
 * `okta-scoped-viewer users list` spawned as a process: every page of the search, as NDJSON (the users as Okta sent
 * them, read again here with src/okta) or as CSV with formula-safe cells.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { USER_CSV_COLUMNS } from '../../../src/cli/commands/users-list.ts';
import { createOktaClient, rawFilter, type User } from '../../../src/okta/index.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { type CliPlace, cliPlace, runCli, serviceAppFlags } from './cli-process.ts';

let sandbox: RunningSandbox;
let place: CliPlace;
const SEARCH = 'status eq "ACTIVE"';
let expected: User[];

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: { users: 450, events: 5 } });
  place = await cliPlace();
  const client = createOktaClient({ orgUrl: sandbox.issuer, apiToken: sandbox.org.apiToken.token });
  expected = [];
  for await (const user of client.users.all({ search: rawFilter(SEARCH) })) expected.push(user);
  await client.close();
  assert.ok(expected.length > 200, 'more than one page of 200');
});
after(async () => {
  await sandbox?.close();
  await place?.remove();
});

test('NDJSON: every page of the search', async () => {
  const result = await runCli(['users', 'list', '--search', SEARCH, ...serviceAppFlags(sandbox)], place);
  assert.equal(result.code, 0, result.stderr);
  const users = result.stdout
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as User);
  assert.deepEqual(users, expected);
  assert.match(result.stderr, new RegExp(`Listed ${expected.length} users`));
});

test('CSV: a header, then one row per user', async () => {
  const result = await runCli(
    ['users', 'list', '--search', SEARCH, '--format', 'csv', ...serviceAppFlags(sandbox)],
    place,
  );
  assert.equal(result.code, 0, result.stderr);
  const rows = result.stdout.split('\r\n');
  assert.equal(rows.pop(), '');
  assert.equal(rows[0], `\uFEFF${USER_CSV_COLUMNS.map(([name]) => `"${name}"`).join(',')}`);
  assert.equal(rows.length, expected.length + 1);
  assert.ok(rows[1]?.startsWith(`"${expected[0]?.id}","ACTIVE",`));
});
