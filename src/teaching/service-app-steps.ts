/**
 * The guide's second path: an API Services app (client_credentials with private_key_jwt) for scripts and the CLI,
 * which acts with the admin roles assigned to the app itself, not a person's. In sandbox mode each step is checked
 * against the sandbox org's service app; against a real org the web app cannot see another app's settings, so each
 * step says how to check it yourself.
 */
import { CLI_DEFAULT_SCOPES } from '../sdk-config/default-scopes.ts';
import type { StepVerdict } from './guide-steps.ts';

/** An admin role as the org describes it: its name and the `okta.*` reads it allows. */
export interface AdminRoleFacts {
  label: string;
  readable: readonly string[];
}

/** What the guide may read of a service app (never its private key). Plain data, read at each page view. */
export interface ServiceAppFacts {
  clientId: string;
  /** The `kid`s of the public keys registered on the app. */
  keyIds: string[];
  /** The Okta API scopes granted on its "Okta API Scopes" tab. */
  grants: string[];
  /** The admin roles assigned to the app. */
  adminRoles: AdminRoleFacts[];
  /** "Require DPoP" (`dpop_bound_access_tokens`); undefined when the org cannot tell. */
  requireDpop?: boolean | undefined;
}

/** The steps of the service-app path, in order. */
export const SERVICE_STEP_IDS = [
  'service-create-app',
  'service-public-key',
  'service-grant-scopes',
  'service-admin-role',
  'service-dpop',
] as const;
/** One step of the service-app path. */
export type ServiceStepId = (typeof SERVICE_STEP_IDS)[number];

const verified = (evidence: string): StepVerdict => ({ status: 'verified', evidence, fix: null });
const failed = (evidence: string, fix: string): StepVerdict => ({ status: 'failed', evidence, fix });
const unchecked = (evidence: string): StepVerdict => ({ status: 'unchecked', evidence, fix: null });

/** Against a real org: what cannot be checked from here, and how to check it with the CLI. */
const ON_A_REAL_ORG: Readonly<Record<ServiceStepId, StepVerdict>> = {
  'service-create-app': unchecked(
    'This app signs in as the web app and cannot see other apps. Check: the CLI\'s "token" command gets a token for the client id.',
  ),
  'service-public-key': unchecked(
    'Check: the "token" command gets a token. A key Okta does not know, or the wrong key id, gets 401 invalid_client.',
  ),
  'service-grant-scopes': unchecked(
    'Check: the "token" command prints the scopes Okta granted; a scope not granted is missing from them.',
  ),
  'service-admin-role': unchecked(
    'Check: "logs export" and "users list" answer 403 E0000006 when the app\'s role does not cover them.',
  ),
  'service-dpop': unchecked(
    'Check the app\'s General tab. With DPoP required, a token request without --dpop gets invalid_dpop_proof "The DPoP proof JWT header is missing."',
  ),
};

/** The verdict for every step of the service-app path: from the sandbox's service app, or how to check it. */
export function serviceAppVerdicts(facts: ServiceAppFacts | undefined): Record<ServiceStepId, StepVerdict> {
  if (!facts) return { ...ON_A_REAL_ORG };
  const missingScopes = CLI_DEFAULT_SCOPES.filter((scope) => !facts.grants.includes(scope));
  const unread = CLI_DEFAULT_SCOPES.filter((scope) => !facts.adminRoles.some((role) => role.readable.includes(scope)));
  const roles = facts.adminRoles.map((role) => role.label).join(', ');
  return {
    'service-create-app': verified(
      `The sandbox org has the API Services app ${facts.clientId} (client_credentials, private_key_jwt).`,
    ),
    'service-public-key':
      facts.keyIds.length > 0
        ? verified(
            `The app has ${facts.keyIds.length === 1 ? 'a public key' : 'public keys'}: key id ${facts.keyIds.join(', ')}.`,
          )
        : failed(
            'The app has no public key, so Okta cannot check its client assertions.',
            'Add a public key (step 2).',
          ),
    'service-grant-scopes':
      missingScopes.length === 0
        ? verified(`Granted: ${CLI_DEFAULT_SCOPES.join(', ')}.`)
        : failed(
            `Not granted: ${missingScopes.join(', ')}. Okta leaves it out of the app's tokens, and calls that need it get 403 insufficient_scope.`,
            `Grant ${missingScopes.join(' and ')} on the service app's Okta API Scopes tab, then get a new token.`,
          ),
    'service-admin-role':
      unread.length === 0
        ? verified(`Assigned: ${roles}, which covers both reads.`)
        : failed(
            facts.adminRoles.length === 0
              ? 'The app has no admin role: every read answers 403 E0000006.'
              : `Assigned: ${roles}, which does not cover ${unread.join(' or ')}: those reads answer 403 E0000006.`,
            "Assign the Read-only Administrator role on the service app's Admin roles tab.",
          ),
    'service-dpop':
      facts.requireDpop === undefined
        ? unchecked('The sandbox does not say whether this app requires DPoP.')
        : facts.requireDpop
          ? verified("Required: the app's tokens are DPoP-bound, so the CLI needs --dpop.")
          : unchecked('Not required (optional): the app gets Bearer tokens.'),
  };
}

/**
 * The service app as the sandbox console shows it (its granted scopes among every known one), its roles looked up
 * in the console's table of roles (a role the table does not know allows nothing).
 */
export function serviceAppFacts(
  app: {
    clientId: string;
    keyId: string;
    scopes: readonly { scope: string; granted: boolean }[];
    adminRoles: readonly string[];
    requireDpop: boolean;
  },
  roles: readonly ({ id: string } & AdminRoleFacts)[],
): ServiceAppFacts {
  return {
    clientId: app.clientId,
    keyIds: app.keyId === '' ? [] : [app.keyId],
    grants: app.scopes.filter((entry) => entry.granted).map((entry) => entry.scope),
    adminRoles: app.adminRoles.map((id) => {
      const known = roles.find((role) => role.id === id);
      return { label: known?.label ?? id, readable: known?.readable ?? [] };
    }),
    requireDpop: app.requireDpop,
  };
}
