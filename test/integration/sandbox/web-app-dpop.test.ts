/**
 * The web app with "Require DPoP": its authorization_code and refresh_token requests need a proof with the server's
 * nonce and get DPoP-bound tokens; without the setting a proof changes nothing.
 */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, test } from 'node:test';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { authorizeInBrowser, authorizeUrl, pkcePair } from '../../helpers/oauth.ts';
import { type DpopKey, dpopKey, dpopProof, introspect, postToken, type TokenAnswer } from './dpop-helpers.ts';

let sandbox: RunningSandbox;
before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: { users: 3, events: 3 } });
});
after(() => sandbox.close());
afterEach(() => {
  sandbox.org.webApp.requireDpop = false;
});

function basicAuth(): string {
  const { clientId, clientSecret } = sandbox.org.webApp;
  return `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret)}`).toString('base64')}`;
}

/** Signs in as the super admin in the sandbox's login page; returns the code's form for the token request. */
async function codeGrantForm(): Promise<Record<string, string>> {
  const pkce = pkcePair();
  const url = authorizeUrl(sandbox, { challenge: pkce.challenge, scope: 'openid offline_access okta.logs.read' });
  const { callback } = await authorizeInBrowser(url);
  const code = callback?.searchParams.get('code');
  assert.ok(code, 'the sandbox redirected back with a code');
  return {
    grant_type: 'authorization_code',
    code,
    redirect_uri: url.searchParams.get('redirect_uri') ?? '',
    code_verifier: pkce.verifier,
  };
}

/** A token request of the web app with a proof by `key`, answering the nonce challenge once as a client would. */
async function withNonceRetry(form: Record<string, string>, key: DpopKey, nonce?: string): Promise<TokenAnswer> {
  const htu = `${sandbox.issuer}/oauth2/v1/token`;
  const send = async (useNonce?: string) =>
    postToken(sandbox, form, {
      authorization: basicAuth(),
      proof: await dpopProof(key, { htm: 'POST', htu, ...(useNonce ? { nonce: useNonce } : {}) }),
    });
  const first = await send(nonce);
  const fresh = first.headers.get('dpop-nonce');
  if (first.status === 400 && first.body.error === 'use_dpop_nonce' && fresh) return send(fresh);
  return first;
}

describe('the web app with "Require DPoP"', () => {
  test('authorization_code: the nonce round trip, then DPoP-bound tokens; refresh_token: bound again', async () => {
    sandbox.org.webApp.requireDpop = true;
    const key = await dpopKey();
    const form = await codeGrantForm();
    const htu = `${sandbox.issuer}/oauth2/v1/token`;

    const challenged = await postToken(sandbox, form, {
      authorization: basicAuth(),
      proof: await dpopProof(key, { htm: 'POST', htu }),
    });
    assert.equal(challenged.status, 400);
    assert.equal(challenged.body.error, 'use_dpop_nonce');
    const nonce = challenged.headers.get('dpop-nonce');
    assert.ok(nonce);

    const tokens = await postToken(sandbox, form, {
      authorization: basicAuth(),
      proof: await dpopProof(key, { htm: 'POST', htu, nonce }),
    });
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.equal(tokens.body.token_type, 'DPoP');
    assert.ok(tokens.body.refresh_token, 'offline_access gives a refresh token');
    const info = await introspect(sandbox, String(tokens.body.access_token));
    assert.deepEqual(info.cnf, { jkt: key.jkt });

    const refreshForm = { grant_type: 'refresh_token', refresh_token: String(tokens.body.refresh_token) };
    const refused = await postToken(sandbox, refreshForm, { authorization: basicAuth() });
    assert.equal(refused.status, 400, 'a refresh without a proof is refused');
    assert.deepEqual(refused.body, {
      error: 'invalid_dpop_proof',
      error_description: 'The DPoP proof JWT header is missing.',
    });

    const userinfoUrl = `${sandbox.issuer}/oauth2/v1/userinfo`;
    const accessToken = String(tokens.body.access_token);
    const userinfo = await fetch(userinfoUrl, {
      headers: {
        authorization: `DPoP ${accessToken}`,
        dpop: await dpopProof(key, { htm: 'GET', htu: userinfoUrl, accessToken, nonce }),
      },
    });
    assert.equal(userinfo.status, 200, 'userinfo takes the bound token with a proof');
    const bearerUse = await fetch(userinfoUrl, { headers: { authorization: `Bearer ${accessToken}` } });
    assert.equal(bearerUse.status, 401, 'and refuses it as a Bearer token');

    const refreshed = await withNonceRetry(refreshForm, key, nonce);
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    assert.equal(refreshed.body.token_type, 'DPoP');
    assert.deepEqual((await introspect(sandbox, String(refreshed.body.access_token))).cnf, { jkt: key.jkt });
  });

  test('a code exchange without a proof is refused; the same code then works with a proof', async () => {
    sandbox.org.webApp.requireDpop = true;
    const form = await codeGrantForm();
    const refused = await postToken(sandbox, form, { authorization: basicAuth() });
    assert.equal(refused.status, 400);
    assert.deepEqual(refused.body, {
      error: 'invalid_dpop_proof',
      error_description: 'The DPoP proof JWT header is missing.',
    });
    const tokens = await withNonceRetry(form, await dpopKey());
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.equal(tokens.body.token_type, 'DPoP');
  });
});

describe('the web app without "Require DPoP"', () => {
  test('a code exchange with a proof gets a plain Bearer token', async () => {
    const key = await dpopKey();
    const tokens = await withNonceRetry(await codeGrantForm(), key);
    assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
    assert.equal(tokens.body.token_type, 'Bearer');
    assert.equal((await introspect(sandbox, String(tokens.body.access_token))).cnf, undefined);
  });
});
