/**
 * The CLI's token source against the sandbox's org authorization server over real HTTP: a `private_key_jwt`
 * assertion Okta accepts (its aud is the token endpoint), one token reused while fresh, a new one fetched before it
 * expires (a long export never sends an expired token), and concurrent callers sharing one request.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Agent } from 'undici';
import { parsePrivateKey } from '../../../src/cli/private-key.ts';
import { ServiceToken } from '../../../src/cli/service-token.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';

let sandbox: RunningSandbox;
const dispatcher = new Agent();
const issued: string[] = [];

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: false });
  sandbox.provider.on('client_credentials.saved', (token: { jti: string }) => issued.push(token.jti));
});
after(async () => {
  await dispatcher.close();
  await sandbox?.close();
});

test('reused while fresh, fetched again five minutes before expiry, one request for concurrent callers', async () => {
  let now = Date.now();
  const { serviceApp } = sandbox.org;
  const tokens = new ServiceToken({
    orgUrl: sandbox.issuer,
    clientId: serviceApp.clientId,
    scopes: ['okta.logs.read'],
    key: await parsePrivateKey(JSON.stringify(serviceApp.privateJwk)),
    keyId: String(serviceApp.privateJwk.kid),
    dpop: false,
    dispatcher,
    timeoutSeconds: 10,
    now: () => now,
  });
  const first = await tokens.accessToken();
  assert.deepEqual(issued, [first]);
  const facts = await tokens.facts();
  assert.equal(facts.tokenType, 'Bearer');
  assert.deepEqual(facts.grantedScopes, ['okta.logs.read']);

  now += 54 * 60_000;
  assert.equal(await tokens.accessToken(), first, 'still fresh after 54 of its 60 minutes');
  assert.equal(issued.length, 1);

  now += 2 * 60_000;
  const concurrent = await Promise.all([tokens.accessToken(), tokens.accessToken(), tokens.accessToken()]);
  assert.equal(issued.length, 2, 'one new token for three callers');
  assert.notEqual(concurrent[0], first);
  assert.ok(concurrent.every((token) => token === concurrent[0]));
});
