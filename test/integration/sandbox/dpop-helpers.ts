/**
 * Test helpers for the sandbox's service app and DPoP: client assertions signed with the service app's key, DPoP
 * proofs built by hand (so that tests can also build bad ones), and token requests over real HTTP.
 */
import { createHash, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.ts';

export interface DpopKey {
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
  /** The RFC 7638 thumbprint a bound token's `cnf.jkt` names. */
  jkt: string;
}

export async function dpopKey(): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  return { privateKey, publicJwk, jkt: await calculateJwkThumbprint(publicJwk) };
}

export interface ProofClaims {
  htm: string;
  htu: string;
  /** The access token the proof is for (sets `ath`). */
  accessToken?: string;
  /** Overrides the `ath` computed from `accessToken`. */
  ath?: string;
  nonce?: string;
  /** Seconds since the epoch; now by default. */
  iat?: number;
  jti?: string;
  typ?: string;
}

/** A DPoP proof JWT signed by `key` with its public key embedded. */
export async function dpopProof(key: DpopKey, claims: ProofClaims): Promise<string> {
  const ath =
    claims.ath ??
    (claims.accessToken ? createHash('sha256').update(claims.accessToken).digest('base64url') : undefined);
  return new SignJWT({
    htm: claims.htm,
    htu: claims.htu,
    ...(ath ? { ath } : {}),
    ...(claims.nonce ? { nonce: claims.nonce } : {}),
  })
    .setProtectedHeader({ alg: 'ES256', typ: claims.typ ?? 'dpop+jwt', jwk: key.publicJwk })
    .setJti(claims.jti ?? randomUUID())
    .setIssuedAt(claims.iat ?? Math.floor(Date.now() / 1000))
    .sign(key.privateKey);
}

/** A client assertion for the sandbox's service app, as Okta wants it (aud = the token endpoint). */
export async function serviceAppAssertion(sandbox: RunningSandbox): Promise<string> {
  const { serviceApp } = sandbox.org;
  const key = await importJWK(serviceApp.privateJwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', kid: String(serviceApp.privateJwk.kid) })
    .setIssuer(serviceApp.clientId)
    .setSubject(serviceApp.clientId)
    .setAudience(`${sandbox.issuer}/oauth2/v1/token`)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 300)
    .sign(key);
}

export interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

/** POSTs a form to the token endpoint, with a DPoP proof header when given. */
export async function postToken(
  sandbox: RunningSandbox,
  form: Record<string, string>,
  options: { proof?: string; authorization?: string } = {},
): Promise<TokenAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (options.proof) headers.dpop = options.proof;
  if (options.authorization) headers.authorization = options.authorization;
  const response = await fetch(`${sandbox.issuer}/oauth2/v1/token`, {
    method: 'POST',
    headers,
    body: new URLSearchParams(form),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** A client_credentials request of the service app, optionally with a DPoP proof made by `key` (and `nonce`). */
export async function serviceAppToken(
  sandbox: RunningSandbox,
  options: { scope?: string; key?: DpopKey; nonce?: string } = {},
): Promise<TokenAnswer> {
  const tokenUrl = `${sandbox.issuer}/oauth2/v1/token`;
  const proof = options.key
    ? await dpopProof(options.key, { htm: 'POST', htu: tokenUrl, ...(options.nonce ? { nonce: options.nonce } : {}) })
    : undefined;
  return postToken(
    sandbox,
    {
      grant_type: 'client_credentials',
      scope: options.scope ?? 'okta.logs.read okta.users.read',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: await serviceAppAssertion(sandbox),
    },
    proof ? { proof } : {},
  );
}

/** The service app's DPoP-bound token, through the nonce round trip; returns the token and the nonce it used. */
export async function boundServiceAppToken(
  sandbox: RunningSandbox,
  key: DpopKey,
  scope?: string,
): Promise<{ token: string; nonce: string; body: Record<string, unknown> }> {
  const first = await serviceAppToken(sandbox, { key, ...(scope ? { scope } : {}) });
  const nonce = first.headers.get('dpop-nonce');
  if (first.status !== 400 || !nonce) throw new Error(`expected a nonce challenge, got ${first.status}`);
  const second = await serviceAppToken(sandbox, { key, nonce, ...(scope ? { scope } : {}) });
  if (second.status !== 200) throw new Error(`expected a token, got ${second.status} ${JSON.stringify(second.body)}`);
  return { token: String(second.body.access_token), nonce, body: second.body };
}

/** Introspects a token as the web app (the sandbox allows any authenticated client to introspect). */
export async function introspect(sandbox: RunningSandbox, token: string): Promise<Record<string, unknown>> {
  const { clientId, clientSecret } = sandbox.org.webApp;
  const response = await fetch(`${sandbox.issuer}/oauth2/v1/introspect`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({ token }),
  });
  return (await response.json()) as Record<string, unknown>;
}

/** The params of a `WWW-Authenticate` challenge, by name (values unquoted). */
export function challengeParams(header: string | null): Record<string, string> {
  const params: Record<string, string> = {};
  for (const match of (header ?? '').matchAll(/(\w+)="([^"]*)"/g)) params[match[1] as string] = match[2] as string;
  return params;
}
