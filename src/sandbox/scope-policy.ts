import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';
import { isOktaApiScope, type WebApp } from './apps.ts';

/** What the policy did with an authorization request, for the System Log. */
export interface ScopeDecision {
  clientId: string;
  requested: string[];
  dropped: string[];
  refused?: { error: string; description: string };
}

export interface ScopePolicyOptions {
  issuer: string;
  webApp: WebApp;
  /** Code challenges of requests that asked for offline_access (see issueRefreshToken in the server config). */
  offlineRequested: Set<string>;
  onDecision(decision: ScopeDecision, req: IncomingMessage): void;
}

/**
 * Okta's org authorization server checks requested `okta.*` scopes against the app's grants at /authorize:
 * ungranted ones are dropped silently, and when none of the requested API scopes is granted the request is
 * refused with `consent_required` (error catalogue `no_org_scopes_granted`). It also requires `state`.
 * oidc-provider knows neither rule, so this runs before it and either rewrites the scope or redirects with the error.
 * Requests for an unknown client or an unregistered redirect URI pass through untouched: oidc-provider shows its
 * error page for those and never redirects.
 */
export function scopePolicy(options: ScopePolicyOptions): Middleware {
  return async (ctx, next) => {
    if (ctx.path !== '/oauth2/v1/authorize' || ctx.method !== 'GET') return next();
    const query = ctx.query;
    const app = options.webApp;
    const redirectUri = typeof query.redirect_uri === 'string' ? query.redirect_uri : '';
    if (query.client_id !== app.clientId || !app.redirectUris.includes(redirectUri)) return next();

    const state = typeof query.state === 'string' ? query.state : '';
    const requested = typeof query.scope === 'string' ? query.scope.split(' ').filter(Boolean) : [];
    const refuse = (error: string, description: string) => {
      const target = new URL(redirectUri);
      target.searchParams.set('error', error);
      target.searchParams.set('error_description', description);
      if (state) target.searchParams.set('state', state);
      target.searchParams.set('iss', options.issuer);
      options.onDecision({ clientId: app.clientId, requested, dropped: [], refused: { error, description } }, ctx.req);
      ctx.status = 302;
      ctx.redirect(target.href);
    };

    if (!state)
      return refuse('invalid_request', "The authorization request is missing the required 'state' parameter.");
    const apiScopes = requested.filter(isOktaApiScope);
    const dropped = apiScopes.filter((scope) => !app.grants.has(scope));
    if (apiScopes.length > 0 && dropped.length === apiScopes.length) {
      return refuse('consent_required', 'You are not allowed any of the requested scopes.');
    }
    if (dropped.length > 0) {
      ctx.query = { ...query, scope: requested.filter((scope) => !dropped.includes(scope)).join(' ') };
    }
    if (requested.includes('offline_access') && typeof query.code_challenge === 'string') {
      options.offlineRequested.add(query.code_challenge);
    }
    options.onDecision({ clientId: app.clientId, requested, dropped }, ctx.req);
    return next();
  };
}
