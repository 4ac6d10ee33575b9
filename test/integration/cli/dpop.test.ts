/**
 * DPoP against a service app with "Require DPoP" ticked: with `--dpop` the spawned CLI gets a DPoP-bound token and
 * every management-API call carries `Authorization: DPoP` (with the API's nonce), and the export is still the whole
 * query; without `--dpop`, Okta's refusal at the token endpoint makes the CLI switch to DPoP by itself and say so.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import type { LogEvent } from '../../../src/okta/index.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { type CliPlace, cliPlace, eventsBetween, runCli, serviceAppFlags } from './cli-process.ts';

let sandbox: RunningSandbox;
let place: CliPlace;
const until = new Date(Date.now() - 60_000);
const since = new Date(until.getTime() - 80 * 24 * 3600_000);
let expected: LogEvent[];

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: { users: 5, events: 400 } });
  place = await cliPlace();
  expected = await eventsBetween(sandbox, since, until);
  assert.ok(expected.length > 0);
});
after(async () => {
  await sandbox?.close();
  await place?.remove();
});
afterEach(() => {
  sandbox.org.serviceApp.requireDpop = false;
});

function field(stdout: string, label: string): string {
  return (stdout.split('\n').find((line) => line.startsWith(`${label}:`)) ?? '').slice(label.length + 1).trim();
}

describe('an app that requires DPoP', () => {
  test('token --dpop: a DPoP-bound token and its key thumbprint', async () => {
    sandbox.org.serviceApp.requireDpop = true;
    const result = await runCli(['token', '--dpop', ...serviceAppFlags(sandbox)], place);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(field(result.stdout, 'Token type'), 'DPoP');
    assert.match(field(result.stdout, 'DPoP key thumbprint'), /^[A-Za-z0-9_-]{43} \(the token's cnf\.jkt\)$/);
  });

  test('logs export --dpop: every API call is DPoP, and the export is the whole query', async () => {
    sandbox.org.serviceApp.requireDpop = true;
    const first = sandbox.managementApi.received.latest;
    const range = ['--since', since.toISOString(), '--until', until.toISOString()];
    const result = await runCli(['logs', 'export', ...range, '--dpop', ...serviceAppFlags(sandbox)], place);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as LogEvent),
      expected,
    );
    const calls = sandbox.managementApi.received.since(first);
    assert.ok(calls.length > 0);
    assert.ok(
      calls.every((call) => call.authScheme === 'DPoP' && call.clientId === sandbox.org.serviceApp.clientId),
      JSON.stringify(calls.map((call) => [call.authScheme, call.status])),
    );
    assert.equal(calls.at(-1)?.status, 200);
  });

  test('without --dpop the CLI switches to DPoP when Okta asks for it, and says so', async () => {
    sandbox.org.serviceApp.requireDpop = true;
    const result = await runCli(['token', ...serviceAppFlags(sandbox)], place);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(field(result.stdout, 'Token type'), 'DPoP');
    assert.match(result.stderr, /The app requires DPoP \(Okta said: invalid_dpop_proof .*\): using a DPoP-bound token/);
  });
});
