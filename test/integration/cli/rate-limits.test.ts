/**
 * A 429 storm: another client has spent the org's `/api/v1/logs` budget when the export starts. The CLI waits for
 * Okta's reset with a countdown on stderr, asks for the same page again and finishes with the full result; with
 * OKTA_CLIENT_RATELIMIT_MAXRETRIES=0 it gives up at once with exit code 1 and says what to do.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { LogEvent } from '../../../src/okta/index.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { type CliPlace, cliPlace, eventsBetween, runCli, serviceAppFlags } from './cli-process.ts';

let sandbox: RunningSandbox;
let place: CliPlace;
const until = new Date(Date.now() - 60_000);
const since = new Date(until.getTime() - 4 * 24 * 3600_000);
let expected: LogEvent[];

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000' });
  place = await cliPlace();
  expected = await eventsBetween(sandbox, since, until);
  assert.ok(expected.length > 2000, 'three pages');
  // A tiny budget with short windows: four calls per 3 s for the whole org, any one client may use all of it.
  sandbox.managementApi.rateLimiter.configure({ logs: 4, perAppShare: 1, windowMs: 3000 });
});
after(async () => {
  await sandbox?.close();
  await place?.remove();
});

/** Another client (the super admin's API token) spends the org's whole System Log budget for this window. */
async function spendTheBudget(): Promise<void> {
  sandbox.managementApi.rateLimiter.reset();
  for (;;) {
    const response = await fetch(`${sandbox.issuer}/api/v1/logs?limit=1`, {
      headers: { authorization: `SSWS ${sandbox.org.apiToken.token}` },
    });
    await response.arrayBuffer();
    if (response.status === 429) return;
  }
}

const range = () => ['--since', since.toISOString(), '--until', until.toISOString()];

describe('a 429 storm', () => {
  beforeEach(spendTheBudget);

  test('the export waits for the reset, shows it on stderr, and finishes with the full result', async () => {
    const result = await runCli(['logs', 'export', ...range(), ...serviceAppFlags(sandbox)], place, {
      OKTA_CLIENT_RATELIMIT_MAXRETRIES: '5',
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /Okta answered 429 \(wait 1 of 5\): waiting \d+ s for the reset at \d\d:\d\d:\d\d UTC/);
    assert.match(result.stderr, /reset reached/);
    const events = result.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as LogEvent);
    assert.deepEqual(events, expected);
  });

  test('with no waits allowed it stops at once: exit 1, the reset time and the setting to change', async () => {
    const result = await runCli(['logs', 'export', ...range(), ...serviceAppFlags(sandbox)], place, {
      OKTA_CLIENT_RATELIMIT_MAXRETRIES: '0',
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /rate limit stayed spent until \d\d:\d\d:\d\d UTC.*OKTA_CLIENT_RATELIMIT_MAXRETRIES/);
    assert.equal(result.stdout, '');
  });
});
