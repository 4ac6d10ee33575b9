import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import okta from '@okta/okta-sdk-nodejs';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';

// Okta's own Node SDK in PrivateKey mode: it signs a client assertion for the service app, gets a
// client_credentials token from the sandbox's authorization server and lists users with it, as it would
// against a real org.
let sandbox: RunningSandbox;

before(async () => {
  sandbox = await startSandbox({
    appBaseUrl: 'http://localhost:3000',
    seed: { users: 30, events: 50 },
    rateLimits: false,
  });
});
after(() => sandbox.close());

test('the SDK gets a service-app token with private_key_jwt and lists users with it', async () => {
  const { serviceApp } = sandbox.org;
  const client = new okta.Client({
    orgUrl: sandbox.issuer,
    authorizationMode: 'PrivateKey',
    clientId: serviceApp.clientId,
    scopes: ['okta.users.read'],
    privateKey: JSON.stringify(serviceApp.privateJwk),
    keyId: String(serviceApp.privateJwk.kid),
  });
  sandbox.managementApi.received.clear();
  const users: string[] = [];
  for await (const user of await client.userApi.listUsers({ limit: 10 })) {
    if (user?.id) users.push(user.id);
    if (users.length > 100) break;
  }
  const expected = sandbox.org.directory
    .users()
    .filter((user) => user.status !== 'DEPROVISIONED')
    .map((user) => user.id);
  assert.deepEqual(users, expected);
  const received = sandbox.managementApi.received.forPath('/api/v1/users');
  assert.ok(received.length >= 3, 'several pages');
  assert.ok(
    received.every((request) => request.authScheme === 'Bearer'),
    'a Bearer token, not SSWS',
  );
  const grants = sandbox.org.systemLog
    .inPersistenceOrder()
    .filter((stored) => stored.event.debugContext.debugData.grantType === 'client_credentials');
  assert.equal(grants.length, 1, 'one client_credentials grant, reused for every page');
  assert.equal(grants[0]?.event.outcome.result, 'SUCCESS');
});
