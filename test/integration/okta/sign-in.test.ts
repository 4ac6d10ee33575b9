import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createOktaClient } from '../../../src/okta/client.ts';
import { InsufficientScopeError, PermissionDeniedError } from '../../../src/okta/errors.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { signIn } from '../../helpers/oauth.ts';

// The whole path a user takes: sign in at the sandbox org authorization server, then use the scoped token.
describe('a token from a real sign-in at the sandbox org', { timeout: 60_000 }, () => {
  let sandbox: RunningSandbox;
  before(async () => {
    sandbox = await startSandbox({ appBaseUrl: 'http://127.0.0.1:9', port: 0, seed: { users: 40, events: 500 } });
  });
  after(async () => {
    await sandbox?.close();
  });

  async function accessToken(scope: string, username?: string): Promise<string> {
    const tokens = await signIn(sandbox, { scope, ...(username ? { username } : {}) });
    assert.equal(tokens.status, 200);
    const token = tokens.body.access_token;
    assert.equal(typeof token, 'string');
    return String(token);
  }

  test('a token with okta.users.read only: users are listed, the System Log answers insufficient_scope', async () => {
    const token = await accessToken('openid okta.users.read');
    const client = createOktaClient({ orgUrl: sandbox.issuer, getAccessToken: async () => token });
    try {
      const page = await client.users.list({ limit: 5 });
      assert.equal(page.items.length, 5);
      const error = await client.logs.list().catch((e: unknown) => e);
      assert.ok(error instanceof InsufficientScopeError);
      assert.deepEqual(error.requiredScopes, ['okta.logs.read']);
    } finally {
      await client.close();
    }
  });

  test('both scopes but a Report admin: the System Log reads, users are denied by the role', async () => {
    const token = await accessToken('openid okta.logs.read okta.users.read', 'reports@sandbox.example');
    const client = createOktaClient({ orgUrl: sandbox.issuer, accessToken: token });
    try {
      const page = await client.logs.list({ limit: 3 });
      assert.equal(page.items.length, 3);
      await assert.rejects(client.users.list(), PermissionDeniedError);
    } finally {
      await client.close();
    }
  });

  test("the super admin's SSWS token reads users to the end of the listing", async () => {
    const client = createOktaClient({ orgUrl: sandbox.issuer, apiToken: sandbox.org.apiToken.token });
    try {
      const ids = new Set<string>();
      for await (const user of client.users.all({ limit: 7 })) ids.add(user.id);
      const visible = sandbox.org.directory.users().filter((user) => user.status !== 'DEPROVISIONED');
      assert.deepEqual([...ids].sort(), visible.map((user) => user.id).sort());
      assert.equal(sandbox.managementApi.received.last()?.authScheme, 'SSWS');
    } finally {
      await client.close();
    }
  });
});
