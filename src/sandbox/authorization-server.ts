import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { Middleware } from 'koa';
import Provider, {
  type ClientMetadata,
  type Configuration,
  type ErrorOut,
  errors,
  type KoaContextWithOIDC,
} from 'oidc-provider';
import { OIDC_SCOPES, OKTA_API_SCOPES } from './apps.ts';
import { AuditTrail } from './audit-events.ts';
import { clientCredentialsRefusals, grantOnlyGrantedScopes } from './client-credentials-policy.ts';
import type { DpopNonces } from './dpop-nonces.ts';
import { html, SafeHtml, sandboxPage } from './html.ts';
import { loginInteraction } from './login-interaction.ts';
import { memoryAdapterFactory } from './memory-adapter.ts';
import type { SandboxOrg } from './org.ts';
import { ORG_ROUTES } from './org-routes.ts';
import { scopePolicy } from './scope-policy.ts';
import {
  DPOP_SIGNING_ALGS,
  dpopFeature,
  followRequireDpop,
  ignoreProofUnlessRequired,
  oktaDpopErrors,
} from './token-endpoint-dpop.ts';

export interface AuthorizationServerOptions {
  org: SandboxOrg;
  /** The org's DPoP nonces, shared with the management API (one origin, one nonce). */
  dpopNonces: DpopNonces;
  /** Authorization code lifetime; Okta's is fixed at 300 s. Tests shorten it to see a code expire. */
  authorizationCodeTtlSeconds?: number;
  /** Access-token lifetime, people's and service apps' alike (default one hour, as Okta's org AS). */
  accessTokenTtlSeconds?: number;
}

/** The org AS's fixed lifetimes (Okta support: "ID Token: 60 minutes. Access Token: 60 minutes. Refresh Token: 90 days."). */
const HOUR = 3600;
const REFRESH_TOKEN_TTL = 90 * 24 * HOUR;

function clients(org: SandboxOrg): ClientMetadata[] {
  const apiScopes = OKTA_API_SCOPES.join(' ');
  return [
    {
      client_id: org.webApp.clientId,
      client_secret: org.webApp.clientSecret,
      client_name: org.webApp.label,
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [...org.webApp.redirectUris],
      post_logout_redirect_uris: [...org.webApp.postLogoutRedirectUris],
      // Every known scope is allowed here; the scope policy applies the app's grants before oidc-provider sees them.
      scope: `openid profile email address phone offline_access groups ${apiScopes}`,
    },
    {
      client_id: org.serviceApp.clientId,
      client_name: org.serviceApp.label,
      token_endpoint_auth_method: 'private_key_jwt',
      token_endpoint_auth_signing_alg: 'RS256',
      jwks: { keys: [org.serviceApp.publicJwk as Required<ClientMetadata>['jwks']['keys'][number]] },
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      // Every known scope: the console grants and revokes at run time; grantOnlyGrantedScopes applies the grants.
      scope: apiScopes,
    },
  ];
}

/** Okta's org discovery document lists only the OIDC scopes and the fields below, whatever oidc-provider adds. */
function oktaShapedDiscovery(issuer: string): Middleware {
  const url = (path: string) => `${issuer}${path}`;
  const authMethods = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
  return async (ctx, next) => {
    await next();
    if (ctx.status !== 200) return;
    if (ctx.path !== '/.well-known/openid-configuration' && ctx.path !== '/.well-known/oauth-authorization-server') {
      return;
    }
    const original = ctx.body as Record<string, unknown>;
    ctx.body = {
      issuer,
      authorization_endpoint: url(ORG_ROUTES.authorization),
      token_endpoint: url(ORG_ROUTES.token),
      userinfo_endpoint: url(ORG_ROUTES.userinfo),
      jwks_uri: url(ORG_ROUTES.jwks),
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'form_post'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: [...OIDC_SCOPES],
      token_endpoint_auth_methods_supported: authMethods,
      claims_supported: original.claims_supported,
      code_challenge_methods_supported: ['S256'],
      introspection_endpoint: url(ORG_ROUTES.introspection),
      introspection_endpoint_auth_methods_supported: authMethods,
      revocation_endpoint: url(ORG_ROUTES.revocation),
      revocation_endpoint_auth_methods_supported: authMethods,
      end_session_endpoint: url(ORG_ROUTES.end_session),
      request_parameter_supported: false,
      // Okta's document does not list this field; the sandbox sends `iss` with every authorization response
      // (RFC 9207), so it says so, which makes openid-client require and check it.
      authorization_response_iss_parameter_supported: true,
    };
  };
}

/**
 * Okta's introspection of an org-AS access token names the org as audience and the user by login and id
 * (OAuth spec example `IntrospectionAccessToken`); oidc-provider's opaque tokens carry no audience.
 */
function oktaShapedIntrospection(org: SandboxOrg): Middleware {
  return async (ctx, next) => {
    await next();
    if (ctx.path !== ORG_ROUTES.introspection || ctx.status !== 200) return;
    const body = ctx.body as Record<string, unknown>;
    if (body.active !== true || (body.token_type !== 'Bearer' && body.token_type !== 'DPoP')) return;
    body.aud ??= org.orgUrl;
    const user = typeof body.sub === 'string' ? org.directory.find(body.sub) : undefined;
    if (user) Object.assign(body, { uid: user.id, username: user.profile.login });
  };
}

/** Records successful revocations in the System Log (oidc-provider emits no event for them). */
function revocationAudit(audit: AuditTrail): Middleware<object, KoaContextWithOIDC> {
  return async (ctx, next) => {
    await next();
    if (ctx.path === ORG_ROUTES.revocation && ctx.method === 'POST' && ctx.status === 200 && ctx.oidc?.client) {
      audit.tokenRevoked(ctx.oidc.client.clientId, ctx.req);
    }
  };
}

/**
 * A redirect URI the app is not registered for never leads back to the app (the error cannot be redirected), so the
 * authorization server's own page has to name the setting and the exact value to register.
 */
function redirectUriFix(ctx: KoaContextWithOIDC, out: ErrorOut, org: SandboxOrg): SafeHtml | string {
  const signIn = out.error === 'invalid_redirect_uri';
  const signOut = out.error === 'invalid_request' && /post_logout_redirect_uri/.test(out.error_description ?? '');
  if (!signIn && !signOut) return '';
  const params: Record<string, unknown> = ctx.oidc?.params ?? ctx.query;
  const asked = params[signIn ? 'redirect_uri' : 'post_logout_redirect_uri'];
  const field = signIn ? 'Sign-in redirect URIs' : 'Sign-out redirect URIs';
  const registered = signIn ? org.webApp.redirectUris : org.webApp.postLogoutRedirectUris;
  return html`<h2>How to fix it</h2>
<p>The app asked to be sent back to <code>${typeof asked === 'string' ? asked : '(none)'}</code>, which is not one of the app's <strong>${field}</strong>. The URI must match byte for byte.</p>
<ol>
<li>In the Okta Admin Console: Applications → the app → General → LOGIN → <strong>${field}</strong>: add <code>${typeof asked === 'string' ? asked : ''}</code> exactly, and save.</li>
<li>Or set <code>APP_BASE_URL</code> so that the app uses a URI that is already registered.</li>
</ol>
<p class="muted">Registered for ${org.webApp.label} now: ${registered.map((uri) => html`<code>${uri}</code> `)}</p>`;
}

/** Creates the sandbox org's authorization server: oidc-provider configured to behave like Okta's org AS. */
export async function createAuthorizationServer(options: AuthorizationServerOptions): Promise<Provider> {
  const { org } = options;
  const issuer = org.orgUrl;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingJwk = {
    ...(await exportJWK(privateKey)),
    kid: randomBytes(8).toString('hex'),
    alg: 'RS256',
    use: 'sig',
  };
  const offlineRequested = new Set<string>();
  const tokenEndpoint = `${issuer}${ORG_ROUTES.token}`;

  const configuration: Configuration = {
    adapter: memoryAdapterFactory(),
    clients: clients(org),
    jwks: { keys: [signingJwk as Required<Configuration>['jwks']['keys'][number]] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    routes: ORG_ROUTES,
    scopes: [...OIDC_SCOPES, ...OKTA_API_SCOPES],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'given_name', 'family_name', 'locale', 'zoneinfo', 'updated_at'],
      email: ['email', 'email_verified'],
    },
    conformIdTokenClaims: false,
    enabledJWA: { dPoPSigningAlgValues: DPOP_SIGNING_ALGS },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    async issueRefreshToken(_ctx, client, code) {
      // Okta issues a refresh token whenever offline_access was requested and the app allows the grant;
      // oidc-provider would drop offline_access unless prompt=consent, so the scope policy remembered the request.
      if (!client.grantTypeAllowed('refresh_token')) return false;
      const challenge = 'codeChallenge' in code ? code.codeChallenge : undefined;
      return code.scopes.has('offline_access') || (typeof challenge === 'string' && offlineRequested.delete(challenge));
    },
    ttl: {
      AccessToken: options.accessTokenTtlSeconds ?? HOUR,
      ClientCredentials: options.accessTokenTtlSeconds ?? HOUR,
      IdToken: HOUR,
      RefreshToken: REFRESH_TOKEN_TTL,
      AuthorizationCode: options.authorizationCodeTtlSeconds ?? 300,
      Interaction: 600,
      Session: 2 * HOUR,
      Grant: REFRESH_TOKEN_TTL,
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      introspection: { enabled: true, allowedPolicy: async () => true },
      revocation: { enabled: true, allowedPolicy: async () => true },
      resourceIndicators: { enabled: false },
      // Per app and switchable at run time: see token-endpoint-dpop.ts.
      dPoP: dpopFeature(org, options.dpopNonces),
      rpInitiatedLogout: {
        enabled: true,
        // Okta redirects straight to post_logout_redirect_uri; oidc-provider asks for confirmation, so the
        // confirmation form submits itself (with a button for browsers without JavaScript).
        logoutSource: async (ctx, form) => {
          const nonce = randomBytes(16).toString('base64');
          ctx.set(
            'content-security-policy',
            `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'`,
          );
          ctx.type = 'html';
          const confirm = form.replace(
            '</form>',
            '<input type="hidden" name="logout" value="yes"><noscript><button type="submit">Continue signing out</button></noscript></form>',
          );
          const autoSubmit = `<script nonce="${nonce}">document.getElementById('op.logoutForm').submit()</script>`;
          ctx.body = sandboxPage('Signing out', html`<h1>Signing out…</h1>${new SafeHtml(confirm + autoSubmit)}`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.type = 'html';
          ctx.body = sandboxPage('Signed out', html`<h1>You are signed out of the sandbox org</h1>`);
        },
      },
    },
    async assertJwtClientAuthClaimsAndHeader(_ctx, claims) {
      // Okta wants the client assertion's aud to be the token endpoint, not the issuer.
      const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
      if (!audience.includes(tokenEndpoint)) {
        throw new errors.InvalidClientAuth(
          'The audience claim for client_assertion must be the endpoint invoked for the request.',
        );
      }
    },
    async findAccount(_ctx, sub) {
      const user = org.directory.find(sub);
      if (!user || user.id !== sub) return undefined;
      return {
        accountId: user.id,
        claims: async () => ({
          sub: user.id,
          name: [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' '),
          given_name: user.profile.firstName ?? undefined,
          family_name: user.profile.lastName ?? undefined,
          preferred_username: user.profile.login,
          email: user.profile.email,
          email_verified: true,
          locale: 'en_US',
          zoneinfo: 'America/Los_Angeles',
          updated_at: Math.floor(Date.parse(user.lastUpdated) / 1000),
        }),
      };
    },
    interactions: { url: (_ctx, interaction) => `/login/${interaction.uid}` },
    async renderError(ctx, out) {
      ctx.type = 'html';
      ctx.set('cache-control', 'no-store');
      ctx.body = sandboxPage(
        'Error',
        html`<h1>The sandbox org refused this request</h1>
<p class="error" role="alert"><strong>${out.error}</strong>: ${out.error_description ?? ''}</p>
${redirectUriFix(ctx, out, org)}
<p class="muted">This page is shown by the authorization server itself: the request was not sent back to the app.</p>`,
      );
    },
  };

  const provider = new Provider(issuer, configuration);
  provider.proxy = false;
  const audit = new AuditTrail(org);
  audit.listen(provider);
  provider.use(oktaShapedDiscovery(issuer));
  provider.use(oktaShapedIntrospection(org));
  provider.use(revocationAudit(audit));
  provider.use(clientCredentialsRefusals(org));
  provider.use(oktaDpopErrors(provider));
  provider.use(ignoreProofUnlessRequired(org));
  provider.use(
    scopePolicy({
      issuer,
      webApp: org.webApp,
      offlineRequested,
      onDecision: (decision, req) => audit.scopeDecision(decision, req),
    }),
  );
  provider.use(loginInteraction({ provider, org, onLogin: (outcome, req) => audit.login(outcome, req) }));
  grantOnlyGrantedScopes(provider, org);
  await followRequireDpop(provider, org);
  return provider;
}
