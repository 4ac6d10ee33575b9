/**
 * What Okta's org authorization server does with `grant_type=client_credentials`, which oidc-provider knows nothing
 * of: only service apps may use it, only with private_key_jwt, and the token carries only the scopes granted to the app.
 */
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';
import internals from 'oidc-provider/lib/helpers/weak_cache.js';
import { isOktaApiScope } from './apps.ts';
import type { SandboxOrg } from './org.ts';
import { ORG_ROUTES } from './org-routes.ts';

/** Okta's refusals (error catalogue, `oauth2-error-codes.json`); both are 401 `invalid_client`. */
export const CLIENT_CREDENTIALS_REFUSALS = {
  /** `invalid_application_type_client_credentials` */
  notAService:
    "Only clients with 'application_type' of 'service' may use the client_credentials 'grant_type' with the Org Authorization Server.",
  /** `unsupported_auth_method_client_creds` */
  notPrivateKeyJwt:
    'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
} as const;

/**
 * When none of the requested scopes is granted. Okta documents no answer for client_credentials; the catalogue's
 * `no_org_scopes_granted` (400 `consent_required`, "You are not allowed any of the requested scopes.") is the org
 * authorization server's own "nothing you asked for is granted", and the sandbox gives the same answer at /authorize.
 */
export const NO_SCOPE_GRANTED = {
  error: 'consent_required',
  error_description: 'You are not allowed any of the requested scopes.',
} as const;

function presentedSecret(ctx: KoaContextWithOIDC): boolean {
  const body = (ctx.oidc?.body ?? {}) as Record<string, unknown>;
  return /^\s*basic\s/i.test(ctx.get('authorization')) || typeof body.client_secret === 'string';
}

/**
 * The client_credentials refusals, in the order Okta most plausibly checks them. The application type comes first: the
 * private_key_jwt rule is a rule for service apps (a service app may hold a client secret, for custom authorization
 * servers), while a Web app may not use the grant at the org authorization server however it authenticates. So:
 * - the Web app (which authenticates with its secret) asking for client_credentials gets the application-type text;
 * - the service app presenting a client secret (Basic header or `client_secret`) gets the private_key_jwt text.
 * oidc-provider refuses both, with its own words ("requested grant type is not allowed for this client",
 * "the provided authentication mechanism does not match…"); this rewrites them afterwards.
 */
export function clientCredentialsRefusals(org: SandboxOrg): Middleware<object, KoaContextWithOIDC> {
  return async (ctx, next) => {
    await next();
    if (ctx.path !== ORG_ROUTES.token || ctx.method !== 'POST') return;
    if (ctx.oidc?.params?.grant_type !== 'client_credentials') return;
    const clientId = ctx.oidc.client?.clientId;
    if (clientId === org.webApp.clientId && ctx.status === 400) {
      ctx.status = 401;
      ctx.body = { error: 'invalid_client', error_description: CLIENT_CREDENTIALS_REFUSALS.notAService };
    } else if (clientId === org.serviceApp.clientId && ctx.status === 401 && presentedSecret(ctx)) {
      ctx.body = { error: 'invalid_client', error_description: CLIENT_CREDENTIALS_REFUSALS.notPrivateKeyJwt };
    }
  };
}

type GrantHandler = (ctx: KoaContextWithOIDC) => Promise<void>;

function grantHandlers(provider: Provider): Map<string, GrantHandler> {
  const handlers = internals(provider)?.grantTypeHandlers;
  if (!(handlers instanceof Map) || typeof handlers.get('client_credentials') !== 'function') {
    throw new Error('oidc-provider no longer keeps its grant handlers where the sandbox expects them');
  }
  return handlers as Map<string, GrantHandler>;
}

/**
 * Keeps only the granted `okta.*` scopes in a service-app token (okta-facts: ungranted scopes are silently dropped
 * when some granted scope remains, terraform-provider-okta#2375), and refuses the request when none is granted. The
 * static client allows every known scope, so that the console can grant and revoke at run time; the grants are applied
 * to the request's `scope` just before oidc-provider's own client_credentials handler runs, so the token, the
 * response's `scope` and the System Log all say what was really granted. oidc-provider has no public hook between
 * client authentication and the grant handler, hence the wrapped handler.
 */
export function grantOnlyGrantedScopes(provider: Provider, org: SandboxOrg): void {
  const handlers = grantHandlers(provider);
  const issue = handlers.get('client_credentials') as GrantHandler;
  handlers.set('client_credentials', async (ctx) => {
    if (ctx.oidc.client?.clientId === org.serviceApp.clientId) {
      const requested = String(ctx.oidc.params?.scope ?? '')
        .split(' ')
        .filter(Boolean);
      const kept = requested.filter((scope) => !isOktaApiScope(scope) || org.serviceApp.grants.has(scope));
      if (requested.some(isOktaApiScope) && !kept.some(isOktaApiScope)) {
        throw new errors.CustomOIDCProviderError(NO_SCOPE_GRANTED.error, NO_SCOPE_GRANTED.error_description);
      }
      if (ctx.oidc.params) ctx.oidc.params.scope = kept.join(' ') || undefined;
    }
    await issue(ctx);
  });
}
