/**
 * When Okta refuses, the spawned CLI exits with 1 and one line: what Okta said and what to do about it.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { type CliPlace, cliPlace, runCli, serviceAppFlags } from './cli-process.ts';

let sandbox: RunningSandbox;
let place: CliPlace;
before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: { users: 5, events: 20 } });
  place = await cliPlace();
});
after(async () => {
  await sandbox?.close();
  await place?.remove();
});
afterEach(() => {
  sandbox.org.serviceApp.grants.add('okta.logs.read').add('okta.users.read');
});

async function refusal(args: string[]): Promise<string> {
  const result = await runCli(args, place);
  assert.equal(result.code, 1, result.stderr);
  assert.equal(result.stdout, '');
  const lines = result.stderr.split('\n').filter((line) => !line.startsWith('oidc-provider'));
  return lines.filter(Boolean).at(-1) ?? '';
}

describe('Okta refuses: exit 1 and what to do', () => {
  test('the app has no admin role: E0000006, assign one to the service app', async () => {
    const roles = sandbox.org.serviceApp.adminRoles;
    const assigned = roles.splice(0, roles.length);
    try {
      const line = await refusal(['logs', 'export', ...serviceAppFlags(sandbox)]);
      assert.match(line, /^Okta refused: E0000006 .*Fix: assign an admin role to the service app/);
    } finally {
      roles.push(...assigned);
    }
  });

  test('the scope is not granted: which grant to add', async () => {
    sandbox.org.serviceApp.grants.delete('okta.logs.read');
    const line = await refusal(['logs', 'export', ...serviceAppFlags(sandbox)]);
    assert.match(line, /okta\.logs\.read.*Fix: grant okta\.logs\.read on the app's Okta API Scopes tab/);
  });

  test('none of the requested scopes is granted: the token endpoint refuses, grant them', async () => {
    sandbox.org.serviceApp.grants.delete('okta.logs.read');
    const line = await refusal(['logs', 'export', '--scopes', 'okta.logs.read', ...serviceAppFlags(sandbox)]);
    assert.match(line, /^Okta's token endpoint refused: .*Fix: grant the scopes on the app's Okta API Scopes tab/);
  });

  test('a key id the app does not know: invalid_client, check the client id, key and kid', async () => {
    const flags = serviceAppFlags(sandbox);
    flags[flags.indexOf('--key-id') + 1] = 'not-registered';
    const line = await refusal(['token', ...flags]);
    assert.match(
      line,
      /^Okta's token endpoint refused: invalid_client.*Fix: check the client id, that the app's public key matches the private key \(and keyId\)/,
    );
  });
});
