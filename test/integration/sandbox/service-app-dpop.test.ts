/**
 * The sandbox's API Services app as Okta treats it: ungranted scopes, "Require DPoP" at the token endpoint (nonce,
 * then a DPoP-bound token), and the management API checking each DPoP proof — all over real HTTP.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { importJWK } from 'jose';
import * as oidc from 'openid-client';
import { connectionInfo } from '../../../src/sandbox/connection-info.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import {
  boundServiceAppToken,
  challengeParams,
  type DpopKey,
  dpopKey,
  dpopProof,
  introspect,
  postToken,
  serviceAppAssertion,
  serviceAppToken,
} from './dpop-helpers.ts';

let sandbox: RunningSandbox;
before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: { users: 5, events: 5 } });
});
after(() => sandbox.close());
beforeEach(() => sandbox.managementApi.rateLimiter.reset());
afterEach(() => {
  sandbox.org.serviceApp.requireDpop = false;
  sandbox.org.serviceApp.grants.add('okta.logs.read').add('okta.users.read');
});

/** The service app's private key as a CryptoKey, as openid-client wants it. */
async function serviceAppKey() {
  const key = await importJWK(sandbox.org.serviceApp.privateJwk, 'RS256');
  if (key instanceof Uint8Array) throw new TypeError('an RSA key, not a secret');
  return key;
}

/** The System Log's latest access-token grant event. */
function lastGrantEvent() {
  return sandbox.org.systemLog
    .inPersistenceOrder()
    .map((stored) => stored.event)
    .filter((event) => event.eventType === 'app.oauth2.token.grant.access_token')
    .at(-1);
}

const logsUrl = () => `${sandbox.issuer}/api/v1/logs`;

/** GET /api/v1/logs with the given Authorization scheme and DPoP proof. */
async function callLogs(token: string, options: { scheme?: string; proof?: string; url?: string } = {}) {
  const headers: Record<string, string> = { authorization: `${options.scheme ?? 'DPoP'} ${token}` };
  if (options.proof) headers.dpop = options.proof;
  const response = await fetch(options.url ?? logsUrl(), { headers });
  const text = await response.text();
  return {
    status: response.status,
    text,
    challenge: challengeParams(response.headers.get('www-authenticate')),
    scheme: response.headers.get('www-authenticate')?.split(' ', 1)[0],
    headers: response.headers,
  };
}

describe('scopes the service app was not granted (client_credentials)', () => {
  test('are dropped silently when a granted one remains; the response and the token say what was granted', async () => {
    const { status, body } = await serviceAppToken(sandbox, { scope: 'okta.logs.read okta.groups.read' });
    assert.equal(status, 200);
    assert.equal(body.scope, 'okta.logs.read');
    const info = await introspect(sandbox, String(body.access_token));
    assert.equal(info.active, true);
    assert.equal(info.scope, 'okta.logs.read');
    const logged = lastGrantEvent();
    assert.equal(logged?.outcome.result, 'SUCCESS');
    assert.equal(logged?.debugContext.debugData.grantedScopes, 'okta.logs.read', 'the System Log says the same');
  });

  test('refuse the request with consent_required when none of them is granted', async () => {
    const { status, body } = await serviceAppToken(sandbox, { scope: 'okta.groups.read okta.apps.read' });
    assert.equal(status, 400);
    assert.deepEqual(body, {
      error: 'consent_required',
      error_description: 'You are not allowed any of the requested scopes.',
    });
    const logged = lastGrantEvent();
    assert.equal(logged?.outcome.result, 'FAILURE');
    assert.equal(logged?.outcome.reason, 'consent_required');
  });
});

describe('an app that does not require DPoP', () => {
  test('sending a proof anyway gets a plain Bearer token, bound to nothing', async () => {
    const key = await dpopKey();
    const { status, body, headers } = await serviceAppToken(sandbox, { key });
    assert.equal(status, 200);
    assert.equal(body.token_type, 'Bearer');
    assert.equal(headers.get('dpop-nonce'), null, 'no nonce asked for');
    const info = await introspect(sandbox, String(body.access_token));
    assert.equal(info.token_type, 'Bearer');
    assert.equal(info.cnf, undefined);
  });
});

describe('the service app with "Require DPoP"', () => {
  test('the description and the --json line say so', async () => {
    assert.match(sandbox.describe(), /Require DPoP: no/);
    sandbox.org.serviceApp.requireDpop = true;
    assert.match(sandbox.describe(), /admin roles: READ_ONLY_ADMIN · Require DPoP: yes/);
    assert.equal(connectionInfo(sandbox).serviceApp.requireDpop, true);
    assert.equal(connectionInfo(sandbox).webApp.requireDpop, false);
  });

  test('a token request without a proof is refused: the DPoP header is missing', async () => {
    sandbox.org.serviceApp.requireDpop = true;
    const { status, body } = await serviceAppToken(sandbox);
    assert.equal(status, 400);
    assert.deepEqual(body, { error: 'invalid_dpop_proof', error_description: 'The DPoP proof JWT header is missing.' });
  });

  test('the first proof gets use_dpop_nonce and a DPoP-Nonce; the retry with it gets a DPoP token bound to the key', async () => {
    sandbox.org.serviceApp.requireDpop = true;
    const key = await dpopKey();
    const first = await serviceAppToken(sandbox, { key });
    assert.equal(first.status, 400);
    assert.deepEqual(first.body, {
      error: 'use_dpop_nonce',
      error_description: 'Authorization server requires nonce in DPoP proof.',
    });
    const nonce = first.headers.get('dpop-nonce');
    assert.ok(nonce, 'a DPoP-Nonce header');
    const second = await serviceAppToken(sandbox, { key, nonce });
    assert.equal(second.status, 200);
    assert.equal(second.body.token_type, 'DPoP');
    const info = await introspect(sandbox, String(second.body.access_token));
    assert.equal(info.active, true);
    assert.equal(info.token_type, 'DPoP');
    assert.deepEqual(info.cnf, { jkt: key.jkt });
    assert.equal(info.aud, sandbox.issuer);
  });

  test("a proof for another URL is refused with Okta's htu text", async () => {
    sandbox.org.serviceApp.requireDpop = true;
    const key = await dpopKey();
    const { nonce } = await boundServiceAppToken(sandbox, key);
    const proof = await dpopProof(key, { htm: 'POST', htu: `${sandbox.issuer}/oauth2/v1/introspect`, nonce });
    const { status, body } = await postToken(
      sandbox,
      {
        grant_type: 'client_credentials',
        scope: 'okta.logs.read',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: await serviceAppAssertion(sandbox),
      },
      { proof },
    );
    assert.equal(status, 400);
    assert.deepEqual(body, {
      error: 'invalid_dpop_proof',
      error_description: "'htu' claim in the DPoP proof JWT is invalid.",
    });
  });
});

describe('the management API with a DPoP-bound token', () => {
  let key: DpopKey;
  let token: string;
  let nonce: string;
  before(async () => {
    sandbox.org.serviceApp.requireDpop = true;
    key = await dpopKey();
    ({ token, nonce } = await boundServiceAppToken(sandbox, key));
    sandbox.org.serviceApp.requireDpop = false;
  });

  const proofFor = (claims: Partial<Parameters<typeof dpopProof>[1]> = {}) =>
    dpopProof(key, { htm: 'GET', htu: logsUrl(), accessToken: token, nonce, ...claims });

  test('a good call (scheme DPoP, a proof with the nonce from the token endpoint) reads the System Log', async () => {
    sandbox.managementApi.received.clear();
    const answer = await callLogs(token, { proof: await proofFor({ htu: `${logsUrl()}?limit=2#ignored` }) });
    assert.equal(answer.status, 200, answer.text);
    assert.ok(Array.isArray(JSON.parse(answer.text)));
    assert.ok(answer.headers.get('x-rate-limit-remaining'), 'the rate-limit headers as usual');
    const [received] = sandbox.managementApi.received.forPath('/api/v1/logs');
    assert.equal(received?.authScheme, 'DPoP');
    assert.equal(received?.clientId, sandbox.org.serviceApp.clientId);
  });

  test('a proof without a nonce gets 401 use_dpop_nonce with a DPoP-Nonce; the retry with it works', async () => {
    const challenged = await callLogs(token, { proof: await proofFor({ nonce: '' }) });
    assert.equal(challenged.status, 401);
    assert.equal(challenged.scheme, 'DPoP');
    assert.equal(challenged.challenge.error, 'use_dpop_nonce');
    assert.equal(challenged.challenge.error_description, 'Resource server requires nonce in DPoP proof.');
    const fresh = challenged.headers.get('dpop-nonce');
    assert.ok(fresh);
    assert.ok(challenged.headers.get('x-rate-limit-limit'), 'rate-limit headers on refusals too');
    const retried = await callLogs(token, { proof: await proofFor({ nonce: fresh }) });
    assert.equal(retried.status, 200, retried.text);
  });

  test('a replayed proof (same jti) is refused', async () => {
    const proof = await proofFor();
    assert.equal((await callLogs(token, { proof })).status, 200);
    const replayed = await callLogs(token, { proof });
    assert.equal(replayed.status, 400);
    assert.equal(replayed.text, '', 'no body, the reason is in the header');
    assert.equal(replayed.challenge.error, 'invalid_dpop_proof');
    assert.equal(replayed.challenge.error_description, 'The DPoP proof JWT has already been used.');
    assert.equal(replayed.challenge.algs, 'RS256 RS384 RS512 ES256 ES384 ES512');
    assert.equal(replayed.challenge.realm, sandbox.issuer);
    assert.equal(replayed.challenge.scope, 'okta.logs.read');
    assert.equal(replayed.challenge.resource, '/api/v1/logs');
  });

  const refusals: [string, () => Promise<string>, string][] = [
    [
      'a wrong ath',
      () => proofFor({ ath: 'not-the-hash-of-this-token' }),
      "'ath' claim in the DPoP proof does not match the presented access_token.",
    ],
    ['a wrong htm', () => proofFor({ htm: 'POST' }), "'htm' claim in the DPoP proof JWT is invalid."],
    [
      'a wrong htu',
      () => proofFor({ htu: `${sandbox.issuer}/api/v1/users` }),
      "'htu' claim in the DPoP proof JWT is invalid.",
    ],
    [
      'a stale iat',
      () => proofFor({ iat: Math.floor(Date.now() / 1000) - 600 }),
      'The DPoP proof JWT is issued more than five minutes in the past.',
    ],
    [
      'an iat in the future',
      () => proofFor({ iat: Math.floor(Date.now() / 1000) + 600 }),
      'The DPoP proof JWT is issued in the future.',
    ],
    ['a wrong typ', () => proofFor({ typ: 'JWT' }), "'typ' must be 'dpop+jwt' in the DPoP proof JWT."],
    ['a proof that is not a JWT', async () => 'not-a-jwt', 'The DPoP proof JWT cannot be parsed.'],
    [
      'a tampered signature',
      async () => `${(await proofFor()).slice(0, -4)}AAAA`,
      'The DPoP proof JWT signature is invalid.',
    ],
    [
      'a proof signed by another key',
      async () => dpopProof(await dpopKey(), { htm: 'GET', htu: logsUrl(), accessToken: token, nonce }),
      'The access_token is not bound to the provided DPoP proof.',
    ],
  ];
  for (const [what, makeProof, description] of refusals) {
    test(`${what} is refused with 400 invalid_dpop_proof and Okta's text`, async () => {
      const answer = await callLogs(token, { proof: await makeProof() });
      assert.equal(answer.status, 400);
      assert.equal(answer.scheme, 'DPoP');
      assert.equal(answer.challenge.error, 'invalid_dpop_proof');
      assert.equal(answer.challenge.error_description, description);
    });
  }

  test('no proof at all is refused: the resource request requires one', async () => {
    const answer = await callLogs(token);
    assert.equal(answer.status, 400);
    assert.equal(answer.challenge.error, 'invalid_request');
    assert.equal(answer.challenge.error_description, 'The resource request requires a DPoP proof.');
  });

  test('the Bearer scheme with a DPoP-bound token is refused', async () => {
    const answer = await callLogs(token, { scheme: 'Bearer', proof: await proofFor() });
    assert.equal(answer.status, 400);
    assert.equal(answer.challenge.error, 'invalid_request');
    assert.equal(
      answer.challenge.error_description,
      'The resource request must use the DPoP authentication scheme when using a DPoP bound token.',
    );
  });

  test('the DPoP scheme with a Bearer token is refused: the token is not DPoP bound', async () => {
    const bearer = await serviceAppToken(sandbox);
    assert.equal(bearer.body.token_type, 'Bearer');
    const bearerToken = String(bearer.body.access_token);
    const answer = await callLogs(bearerToken, {
      proof: await dpopProof(key, { htm: 'GET', htu: logsUrl(), accessToken: bearerToken, nonce }),
    });
    assert.equal(answer.status, 401);
    assert.equal(answer.challenge.error, 'invalid_token');
    assert.equal(answer.challenge.error_description, 'The presented access_token is not DPoP bound.');
  });

  test("a DPoP token without the endpoint's scope gets the DPoP form of insufficient_scope", async () => {
    sandbox.org.serviceApp.requireDpop = true;
    const logsOnly = await boundServiceAppToken(sandbox, key, 'okta.logs.read');
    const usersUrl = `${sandbox.issuer}/api/v1/users`;
    const answer = await callLogs(logsOnly.token, {
      url: usersUrl,
      proof: await dpopProof(key, { htm: 'GET', htu: usersUrl, accessToken: logsOnly.token, nonce }),
    });
    assert.equal(answer.status, 403);
    assert.equal(answer.scheme, 'DPoP');
    assert.equal(answer.challenge.algs, 'RS256 RS384 RS512 ES256 ES384 ES512');
    assert.equal(answer.challenge.error, 'insufficient_scope');
    assert.equal(answer.challenge.scope, 'okta.users.read');
  });
});

describe("openid-client's DPoP support against the sandbox, unchanged", () => {
  test('client_credentials with a DPoP handle, then /api/v1/logs through fetchProtectedResource', async () => {
    sandbox.org.serviceApp.requireDpop = true;
    const { serviceApp } = sandbox.org;
    const config = await oidc.discovery(
      new URL(sandbox.issuer),
      serviceApp.clientId,
      { token_endpoint_auth_method: 'private_key_jwt' },
      oidc.PrivateKeyJwt(await serviceAppKey(), {
        [oidc.modifyAssertion]: (_header, payload) => {
          payload.aud = `${sandbox.issuer}/oauth2/v1/token`;
        },
      }),
      { execute: [oidc.allowInsecureRequests] },
    );
    const DPoP = oidc.getDPoPHandle(config, await oidc.randomDPoPKeyPair('ES256'));
    const tokens = await oidc.clientCredentialsGrant(config, { scope: 'okta.logs.read' }, { DPoP });
    assert.equal(tokens.token_type, 'dpop');
    const response = await oidc.fetchProtectedResource(
      config,
      tokens.access_token,
      new URL(logsUrl()),
      'GET',
      undefined,
      undefined,
      { DPoP },
    );
    assert.equal(response.status, 200);
  });
});
