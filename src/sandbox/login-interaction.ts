import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { SandboxAccount } from './directory.ts';
import { html, SANDBOX_PAGE_CSP, sandboxPage } from './html.ts';
import type { SandboxOrg } from './org.ts';

export interface LoginOutcome {
  account?: SandboxAccount;
  login: string;
  result: 'SUCCESS' | 'FAILURE';
  reason?: string;
  clientId: string;
}

export interface LoginInteractionOptions {
  provider: Provider;
  org: SandboxOrg;
  onLogin(outcome: LoginOutcome, req: IncomingMessage): void;
}

const MAX_FORM_BYTES = 8 * 1024;

/** Reads a small urlencoded form body; anything larger than a sign-in form is refused. */
async function readForm(req: IncomingMessage): Promise<URLSearchParams | undefined> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) return undefined;
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function signInPage(org: SandboxOrg, uid: string, clientLabel: string, login: string, error?: string): string {
  const accounts = org.directory.accounts();
  return sandboxPage(
    'Sign in',
    html`<h1>Sign in to the sandbox org</h1>
<p class="muted">${clientLabel} asks you to sign in. This is the local sandbox authorization server, playing the part of your Okta org's sign-in page.</p>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<form method="post" action="/login/${uid}">
<label for="username">Username</label>
<input id="username" name="username" autocomplete="username" required value="${login}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<h2>Seeded accounts</h2>
<p class="muted">Every account's password is <code>${accounts[0]?.password ?? ''}</code>. Or sign in with one click:</p>
<table><thead><tr><th>Username</th><th>What it shows</th><th><span class="vh">Sign in</span></th></tr></thead><tbody>
${accounts.map(
  (account) => html`<tr><td><code>${account.login}</code></td><td>${account.purpose}</td><td>
<form method="post" action="/login/${uid}" class="quick"><input type="hidden" name="username" value="${account.login}">
<input type="hidden" name="password" value="${account.password}">
<button type="submit" class="secondary" aria-label="Sign in as this user: ${account.login}">Sign in as this user</button></form></td></tr>`,
)}
</tbody></table>`,
  );
}

/**
 * The sandbox's own sign-in page at /login/:uid (oidc-provider's `interactions.url`): a username and password form
 * for the seeded accounts, then implicit consent for the requested scopes, as Okta's org authorization server
 * gives first-party apps. Users not assigned to the app are refused as Okta refuses them.
 */
export function loginInteraction(options: LoginInteractionOptions): Middleware {
  const { provider, org } = options;
  return async (ctx, next) => {
    const match = /^\/login\/([\w-]+)$/.exec(ctx.path);
    if (!match) return next();
    const uid = match[1] ?? '';
    ctx.set('cache-control', 'no-store');
    ctx.set('content-security-policy', SANDBOX_PAGE_CSP);
    let details: Awaited<ReturnType<Provider['interactionDetails']>>;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch {
      ctx.status = 400;
      ctx.type = 'html';
      ctx.body = sandboxPage(
        'Sign-in expired',
        html`<h1>This sign-in has expired</h1><p>Go back to the app and start signing in again.</p>`,
      );
      return;
    }
    if (details.uid !== uid) return next();
    const clientId = String(details.params.client_id ?? '');
    const clientLabel = clientId === org.webApp.clientId ? org.webApp.label : 'An app';

    if (ctx.method === 'GET') {
      if (details.prompt.name === 'consent' && details.session?.accountId) {
        return finish(details.session.accountId);
      }
      ctx.type = 'html';
      ctx.body = signInPage(org, uid, clientLabel, '');
      return;
    }
    if (ctx.method !== 'POST') {
      ctx.status = 405;
      return;
    }
    const form = await readForm(ctx.req);
    const login = form?.get('username')?.trim() ?? '';
    const account = form ? org.directory.authenticate(login, form.get('password') ?? '') : undefined;
    if (!account) {
      options.onLogin({ login, result: 'FAILURE', reason: 'INVALID_CREDENTIALS', clientId }, ctx.req);
      ctx.status = 401;
      ctx.type = 'html';
      ctx.body = signInPage(org, uid, clientLabel, login, 'Unable to sign in: the username or password is wrong.');
      return;
    }
    options.onLogin({ account, login, result: 'SUCCESS', clientId }, ctx.req);
    org.directory.recordLogin(account.userId, new Date());
    return finish(account.userId);

    async function finish(accountId: string): Promise<void> {
      if (clientId === org.webApp.clientId && !org.webApp.assignedUserIds.has(accountId)) {
        await provider.interactionFinished(
          ctx.req,
          ctx.res,
          { error: 'access_denied', error_description: 'User is not assigned to the client application.' },
          { mergeWithLastSubmission: false },
        );
        ctx.respond = false;
        return;
      }
      const grant = new provider.Grant({ accountId, clientId });
      // The scope was already checked against the app's grants by the scope policy before the interaction began.
      grant.addOIDCScope(String(details.params.scope ?? ''));
      const grantId = await grant.save();
      await provider.interactionFinished(
        ctx.req,
        ctx.res,
        { login: { accountId }, consent: { grantId } },
        { mergeWithLastSubmission: false },
      );
      ctx.respond = false;
    }
  };
}
