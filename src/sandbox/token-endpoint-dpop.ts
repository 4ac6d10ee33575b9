/**
 * "Require DPoP" at the org authorization server's token endpoint, switchable per app at run time.
 *
 * oidc-provider fixes static clients at start, and binds every token whose request carries a proof. Okta instead
 * looks at the app's `dpop_bound_access_tokens`: an app that requires DPoP must send a proof (with the server's nonce)
 * and gets `token_type: DPoP`; an app that does not require it gets a plain Bearer token even when it sends a proof
 * (Okta's Node SDK always sends one in PrivateKey mode). So the app objects' `requireDpop` flags are read per request:
 * the static client's `dpopBoundAccessTokens` becomes a getter on them, the nonce is demanded only from apps that
 * require DPoP, and the proof is hidden from oidc-provider for apps that do not.
 */
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { requiresDpop } from './apps.ts';
import type { DpopNonces } from './dpop-nonces.ts';
import { DPOP_ALGORITHMS, PROOF_ERRORS, proofFormProblem } from './dpop-proof.ts';
import type { SandboxOrg } from './org.ts';
import { ORG_ROUTES } from './org-routes.ts';

/** oidc-provider's `features.dPoP` for the sandbox org: nonces shared with the management API. */
export function dpopFeature(org: SandboxOrg, nonces: DpopNonces) {
  return {
    enabled: true,
    nonceSecret: nonces.secret,
    // Consulted only when a proof reached oidc-provider, which happens only for apps that require DPoP.
    requireNonce: (ctx: KoaContextWithOIDC) => requiresDpop(org, ctx.oidc?.client?.clientId),
    allowReplay: false,
  };
}

/** The algorithms a proof may use at the token endpoint (`enabledJWA.dPoPSigningAlgValues`). */
export const DPOP_SIGNING_ALGS = [...DPOP_ALGORITHMS];

/** Makes each sandbox client's `dpopBoundAccessTokens` follow its app's `requireDpop`. */
export async function followRequireDpop(provider: Provider, org: SandboxOrg): Promise<void> {
  for (const app of [org.webApp, org.serviceApp]) {
    const client = await provider.Client.find(app.clientId);
    if (!client) throw new Error(`the sandbox client ${app.clientId} is missing from the authorization server`);
    Object.defineProperty(client, 'dpopBoundAccessTokens', { get: () => app.requireDpop, configurable: true });
  }
}

/**
 * Hides the `DPoP` header of a token request from oidc-provider when the authenticated client does not require DPoP,
 * so that it issues a Bearer token as Okta does. The client is known only after client authentication, inside
 * oidc-provider, so the header becomes a getter that asks then.
 */
export function ignoreProofUnlessRequired(org: SandboxOrg): Middleware<object, KoaContextWithOIDC> {
  return async (ctx, next) => {
    const proof = ctx.req.headers.dpop;
    if (ctx.path === ORG_ROUTES.token && ctx.method === 'POST' && proof !== undefined) {
      Object.defineProperty(ctx.req.headers, 'dpop', {
        configurable: true,
        enumerable: true,
        get: () => {
          const client = ctx.oidc?.client;
          return client && !requiresDpop(org, client.clientId) ? undefined : proof;
        },
      });
    }
    await next();
  };
}

/** oidc-provider's descriptions of DPoP refusals at the token endpoint, and Okta's error and text for each. */
const OKTA_TEXTS: Readonly<Record<string, { error: string; description: string }>> = {
  'DPoP proof JWT not provided': { error: 'invalid_dpop_proof', description: PROOF_ERRORS.missing },
  'DPoP proof JWT Replay detected': { error: 'invalid_dpop_proof', description: PROOF_ERRORS.replayed },
  'failed jkt verification': { error: 'invalid_dpop_proof', description: PROOF_ERRORS.refreshBinding },
  'DPoP proof htm mismatch': { error: 'invalid_dpop_proof', description: PROOF_ERRORS.htm },
  'DPoP proof htu mismatch': { error: 'invalid_dpop_proof', description: PROOF_ERRORS.htu },
  'DPoP proof ath mismatch': { error: 'invalid_dpop_proof', description: PROOF_ERRORS.ath },
  'DPoP proof iat is not recent enough': { error: 'invalid_dpop_proof', description: PROOF_ERRORS.tooOld },
  'DPoP proof must have a iat number property': { error: 'invalid_dpop_proof', description: PROOF_ERRORS.iat },
  'DPoP proof must have a jti string property': { error: 'invalid_dpop_proof', description: PROOF_ERRORS.jti },
};

/** Okta's `use_dpop_nonce` text (catalogue `use_dpop_nonce`, and the DPoP guide's example response). */
export const TOKEN_NONCE_DESCRIPTION = 'Authorization server requires nonce in DPoP proof.';

/**
 * Rewrites oidc-provider's DPoP refusals at the token endpoint into Okta's errors and texts (all 400). oidc-provider
 * answers several of them as `invalid_grant` "grant request is invalid" and keeps the reason in the error's detail,
 * which only its `grant.error` event carries.
 */
export function oktaDpopErrors(provider: Provider): Middleware<object, KoaContextWithOIDC> {
  const details = new WeakMap<object, string>();
  provider.on('grant.error', (ctx: KoaContextWithOIDC, error: { error_detail?: unknown }) => {
    if (typeof error.error_detail === 'string') details.set(ctx, error.error_detail);
  });
  return async (ctx, next) => {
    await next();
    if (ctx.path !== ORG_ROUTES.token || ctx.method !== 'POST' || ctx.status !== 400) return;
    const body = ctx.body as { error?: string; error_description?: string } | undefined;
    if (!body?.error) return;
    if (body.error === 'use_dpop_nonce') {
      ctx.body = { error: 'use_dpop_nonce', error_description: TOKEN_NONCE_DESCRIPTION };
      return;
    }
    const known = OKTA_TEXTS[details.get(ctx) ?? body.error_description ?? ''];
    if (known && (body.error === 'invalid_grant' || body.error === 'invalid_dpop_proof')) {
      ctx.body = { error: known.error, error_description: known.description };
      return;
    }
    if (body.error === 'invalid_dpop_proof') {
      // "invalid DPoP key binding" covers every form or signature problem; the proof itself says which one.
      const proof = ctx.get('DPoP');
      const problem = proof ? await proofFormProblem(proof) : PROOF_ERRORS.missing;
      ctx.body = { error: 'invalid_dpop_proof', error_description: problem ?? PROOF_ERRORS.invalid };
    }
  };
}
