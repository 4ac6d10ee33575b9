import { createHash, randomBytes } from 'node:crypto';
import type { RunningSandbox } from '../../src/sandbox/sandbox.ts';
import { Browser } from './browser.ts';

/** A PKCE verifier and its S256 challenge. */
export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export interface AuthorizeParams {
  scope?: string;
  state?: string | null;
  nonce?: string;
  challenge?: string | null;
  redirectUri?: string;
  clientId?: string;
}

export function authorizeUrl(sandbox: RunningSandbox, params: AuthorizeParams = {}): URL {
  const url = new URL('/oauth2/v1/authorize', sandbox.issuer);
  url.searchParams.set('client_id', params.clientId ?? sandbox.org.webApp.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', params.redirectUri ?? sandbox.org.webApp.redirectUris[0] ?? '');
  url.searchParams.set('scope', params.scope ?? 'openid profile email okta.logs.read okta.users.read');
  if (params.state !== null) url.searchParams.set('state', params.state ?? randomBytes(16).toString('base64url'));
  url.searchParams.set('nonce', params.nonce ?? randomBytes(16).toString('base64url'));
  if (params.challenge !== null) {
    url.searchParams.set('code_challenge', params.challenge ?? pkcePair().challenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  return url;
}

/** Walks the browser part of the flow and returns the URL the sandbox redirected to (not fetched). */
export async function authorizeInBrowser(
  url: URL,
  credentials: { username: string; password: string } = {
    username: 'admin@sandbox.example',
    password: 'sandbox-password',
  },
  browser = new Browser(),
): Promise<{ callback?: URL; browser: Browser; lastStatus: number; lastBody: string }> {
  const redirectUri = url.searchParams.get('redirect_uri') ?? '';
  const result = await browser.follow(url.href, {
    credentials,
    stop: (target) => target.href.startsWith(redirectUri) && redirectUri !== '',
  });
  return {
    ...(result.stoppedAt ? { callback: result.stoppedAt } : {}),
    browser,
    lastStatus: result.page.status,
    lastBody: result.page.body,
  };
}

export interface TokenResponse {
  status: number;
  body: Record<string, unknown>;
}

/** POSTs to the sandbox's token endpoint with client_secret_basic (default) or client_secret_post. */
export async function tokenRequest(
  sandbox: RunningSandbox,
  params: Record<string, string>,
  auth: { method?: 'basic' | 'post'; secret?: string } = {},
): Promise<TokenResponse> {
  const { clientId, clientSecret } = sandbox.org.webApp;
  const secret = auth.secret ?? clientSecret;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  };
  const body = new URLSearchParams(params);
  if (auth.method === 'post') {
    body.set('client_id', clientId);
    body.set('client_secret', secret);
  } else {
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`;
  }
  const response = await fetch(new URL('/oauth2/v1/token', sandbox.issuer), { method: 'POST', headers, body });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The whole code flow for the web app; returns the token response and what was sent. */
export async function signIn(
  sandbox: RunningSandbox,
  options: {
    scope?: string;
    username?: string;
    nonce?: string;
    auth?: { method?: 'basic' | 'post'; secret?: string };
  } = {},
): Promise<TokenResponse & { callback: URL; browser: Browser }> {
  const pkce = pkcePair();
  const url = authorizeUrl(sandbox, {
    challenge: pkce.challenge,
    ...(options.scope ? { scope: options.scope } : {}),
    ...(options.nonce ? { nonce: options.nonce } : {}),
  });
  const { callback, browser } = await authorizeInBrowser(url, {
    username: options.username ?? 'admin@sandbox.example',
    password: 'sandbox-password',
  });
  if (!callback) throw new Error('the sandbox did not redirect back to the app');
  const code = callback.searchParams.get('code');
  if (!code) throw new Error(`no code in ${callback.href}`);
  const tokens = await tokenRequest(
    sandbox,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: url.searchParams.get('redirect_uri') ?? '',
      code_verifier: pkce.verifier,
    },
    options.auth,
  );
  return { ...tokens, callback, browser };
}
