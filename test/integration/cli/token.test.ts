/**
 * `okta-scoped-viewer token`: the type, granted scopes, expiry and key thumbprint of the service app's token, and
 * never the token itself, on stdout or stderr. With `--dpop` against an app that does not require DPoP, Okta
 * answers with a Bearer token, and the CLI uses it as Bearer.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { calculateJwkThumbprint, type JWK } from 'jose';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { type CliPlace, cliPlace, runCli, serviceAppFlags } from './cli-process.ts';

let sandbox: RunningSandbox;
let place: CliPlace;
/** Every access token the sandbox issued to a client_credentials request (an opaque token's value is its jti). */
const issued: string[] = [];

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: false });
  sandbox.provider.on('client_credentials.saved', (token: { jti: string }) => issued.push(token.jti));
  place = await cliPlace();
});
after(async () => {
  await sandbox?.close();
  await place?.remove();
});

function field(stdout: string, label: string): string {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(`${label}:`));
  assert.ok(line, `a "${label}" line in:\n${stdout}`);
  return line.slice(label.length + 1).trim();
}

describe('token', () => {
  test('shows type, scopes, expiry and the client key thumbprint, never the token', async () => {
    const before = issued.length;
    const started = Date.now();
    const result = await runCli(['token', ...serviceAppFlags(sandbox)], place);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(field(result.stdout, 'Token type'), 'Bearer');
    assert.equal(field(result.stdout, 'Granted scopes'), 'okta.logs.read okta.users.read');
    const expires = Date.parse(field(result.stdout, 'Expires').split(' ')[0] ?? '');
    assert.ok(expires >= started + 3500_000 && expires <= Date.now() + 3600_000, 'an hour from now');
    const thumbprint = await calculateJwkThumbprint(sandbox.org.serviceApp.publicJwk as JWK, 'sha256');
    assert.match(field(result.stdout, 'Client key thumbprint'), new RegExp(`^${thumbprint} `));
    assert.match(field(result.stdout, 'DPoP key thumbprint'), /^none/);

    const tokens = issued.slice(before);
    assert.equal(tokens.length, 1, 'the CLI got one token');
    for (const token of tokens) {
      assert.ok(!result.stdout.includes(token), 'the token is not on stdout');
      assert.ok(!result.stderr.includes(token), 'the token is not on stderr');
    }
  });

  test('--scopes asks for fewer scopes, and Okta grants just those', async () => {
    const result = await runCli(['token', ...serviceAppFlags(sandbox), '--scopes', 'okta.logs.read'], place);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(field(result.stdout, 'Granted scopes'), 'okta.logs.read');
  });

  test('--dpop against an app that does not require DPoP: Okta answers Bearer, and the token works as Bearer', async () => {
    const before = issued.length;
    const token = await runCli(['token', '--dpop', ...serviceAppFlags(sandbox)], place);
    assert.equal(token.code, 0, token.stderr);
    assert.equal(field(token.stdout, 'Token type'), 'Bearer');
    const listing = await runCli(['users', 'list', '--q', 'admin', '--dpop', ...serviceAppFlags(sandbox)], place);
    assert.equal(listing.code, 0, listing.stderr);
    assert.match(listing.stdout, /"login":"admin@sandbox.example"/);
    for (const issuedToken of issued.slice(before)) {
      assert.ok(
        ![token.stdout, token.stderr, listing.stdout, listing.stderr].some((text) => text.includes(issuedToken)),
      );
    }
  });
});
