/**
 * A DPoP-bound session on two instances sharing one store: the key is stored with the tokens, encrypted, and
 * the instance that did not sign the person in uses it for management calls and for the refresh.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance, Session } from 'fastify';
import type { TokenSet } from '../../../src/session/session-types.ts';
import { STORE_KEYS } from '../../../src/store/store.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp } from '../../helpers/app-session.ts';
import type { Browser } from '../../helpers/browser.ts';
import { RedisStandIn } from '../../helpers/redis-stand-in.ts';
import { type Instance, startSecondInstance } from '../../helpers/second-instance.ts';

let store: RedisStandIn;
let a: Harness;
let b: Instance;
before(async () => {
  store = new RedisStandIn();
  a = await startHarness({
    env: { OKTA_SCOPES: 'openid profile email offline_access okta.logs.read okta.users.read' },
    sandbox: { seed: { users: 20, events: 200 }, rateLimits: { enabled: false } },
    store,
  });
  b = await startSecondInstance(a, store);
  a.sandbox.org.webApp.requireDpop = true;
});
after(async () => {
  await b?.close();
  await a?.close();
  await store?.close();
});

/**
 * Refresh-token grants the sandbox issued. Failed attempts do not count: a new instance's first refresh is refused
 * once with use_dpop_nonce (it has no nonce yet) and sent again with it.
 */
function refreshesIssued(h: Harness): number {
  return h.sandbox.org.systemLog
    .inPersistenceOrder()
    .filter(
      ({ event }) =>
        event.eventType === 'app.oauth2.token.grant.access_token' &&
        event.debugContext.debugData.grantType === 'refresh_token' &&
        event.outcome.result === 'SUCCESS',
    ).length;
}

function sessionIdOf(browser: Browser): string {
  return decodeURIComponent(browser.jar.get('localhost', 'sid') ?? '').split('.')[0] ?? '';
}

function readSession(app: FastifyInstance, sessionId: string): Promise<Session | null | undefined> {
  return new Promise((resolve, reject) =>
    app.sessionStore.get(sessionId, (error, session) => (error ? reject(error) : resolve(session))),
  );
}

describe('a DPoP-bound session on two instances sharing one store', () => {
  test("the session's private key is stored encrypted with its tokens, never in clear", async () => {
    const browser = await signInToApp(a);
    const sessionId = sessionIdOf(browser);
    const tokens = (await readSession(b.app, sessionId))?.tokens;
    assert.ok(tokens?.dpopKey, 'the other instance reads the key from the store');
    const raw = await store.memory.get(`${STORE_KEYS.session}${sessionId}`);
    assert.ok(raw);
    assert.match(raw, /^v1\./);
    assert.equal(raw.includes(tokens.dpopKey.privateJwk.d), false, 'the private key in clear');
    assert.equal(raw.includes(tokens.dpopKey.thumbprint), false, 'the thumbprint in clear');
  });

  test('signed in on one instance, the other calls Okta with proofs by the same key and refreshes with it', async () => {
    const browser = await signInToApp(a);
    const sessionId = sessionIdOf(browser);
    const before = (await readSession(a.app, sessionId))?.tokens as TokenSet;
    a.sandbox.managementApi.received.clear();
    assert.equal((await browser.request(`${b.baseUrl}/logs?range=1h`)).status, 200);
    assert.deepEqual([...new Set(a.sandbox.managementApi.received.all().map((r) => r.authScheme))], ['DPoP']);

    const session = await readSession(b.app, sessionId);
    assert.ok(session?.tokens);
    session.tokens.expiresAt = Date.now();
    await new Promise<void>((resolve, reject) =>
      b.app.sessionStore.set(sessionId, session, (error) => (error ? reject(error) : resolve())),
    );
    const grants = refreshesIssued(a);
    assert.equal((await browser.request(`${b.baseUrl}/users`)).status, 200);
    assert.equal(refreshesIssued(a), grants + 1, 'one refresh, with a proof by the session key');
    const after = (await readSession(a.app, sessionId))?.tokens as TokenSet;
    assert.notEqual(after.accessToken, before.accessToken);
    assert.equal(after.dpopKey?.thumbprint, before.dpopKey?.thumbprint);
    assert.equal((await browser.request(`${a.baseUrl}/logs?range=1h`)).status, 200, 'still signed in on the first');
  });
});
