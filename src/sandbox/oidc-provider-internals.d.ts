/**
 * The one oidc-provider internal the sandbox reaches into (client-credentials-policy.ts): the per-provider store that
 * holds the grant-type handlers. The package has no `exports` map, so the module path is importable; its shape is
 * checked at start, and the integration tests fail if a new oidc-provider version changes it.
 */
declare module 'oidc-provider/lib/helpers/weak_cache.js' {
  /** oidc-provider's private state of `provider`. */
  export default function internals(provider: object): { grantTypeHandlers?: unknown } | undefined;
}
