import { type AppConfig, isLoopback } from '../config.ts';
import type { OrgAuthorizationServer } from './org-authorization-server.ts';

export type CheckStatus = 'pass' | 'fail' | 'pending';

/** One finding of the config doctor: what was checked, what it found, and the console setting or variable to fix. */
export interface DoctorCheck {
  id: string;
  label: string;
  status: CheckStatus;
  detail: string;
  fix?: string;
}

/** Checks that need no network: what the configuration itself says. */
function configurationChecks(config: AppConfig): DoctorCheck[] {
  const org = config.okta.orgUrl;
  const redirect = new URL(config.redirectUri);
  const checks: DoctorCheck[] = [
    {
      id: 'org-authorization-server',
      label: 'The issuer is the org authorization server',
      status: org.pathname === '/' ? 'pass' : 'fail',
      detail:
        org.pathname === '/'
          ? `The issuer is ${org.origin}, the org itself: only the org authorization server mints okta.* scopes.`
          : `${org.href} is a custom authorization server; it cannot mint okta.* scopes.`,
      fix: 'Set OKTA_ORG_URL to the org URL alone (https://your-org.okta.com), not /oauth2/default.',
    },
    {
      id: 'redirect-uri-https',
      label: 'The sign-in redirect URI uses https (or loopback)',
      status: redirect.protocol === 'https:' || isLoopback(redirect.hostname) ? 'pass' : 'fail',
      detail: `Sign-in redirect URI: ${config.redirectUri}`,
      fix: 'Serve the app over https and set APP_BASE_URL accordingly; register the same URI in the app\'s "Sign-in redirect URIs".',
    },
    {
      id: 'client-credentials',
      label: 'Client credentials are set',
      status: config.okta.clientId && config.okta.clientSecret ? 'pass' : 'fail',
      detail: config.okta.clientId ? `Client id ${config.okta.clientId}; a client secret is set.` : 'No client id.',
      fix: 'Copy the Client ID and Client secret from Applications → your app → General → Client Credentials into OKTA_CLIENT_ID and OKTA_CLIENT_SECRET.',
    },
    {
      id: 'requested-scopes',
      label: 'The app asks for the Okta API scopes it uses',
      status: ['okta.logs.read', 'okta.users.read'].every((scope) => config.scopes.includes(scope)) ? 'pass' : 'fail',
      detail: `Requested scopes: ${config.scopes.join(' ')}`,
      fix: 'Include okta.logs.read and okta.users.read in OKTA_SCOPES (or leave it unset for the default).',
    },
  ];
  return checks;
}

/** Discovery: reachable, issuer equal to the org URL, PKCE S256 offered. */
async function discoveryChecks(config: AppConfig, org: OrgAuthorizationServer): Promise<DoctorCheck[]> {
  const discoveryUrl = `${config.okta.orgUrl.origin}/.well-known/openid-configuration`;
  try {
    const metadata = (await org.configuration()).serverMetadata();
    const pkce = metadata.code_challenge_methods_supported?.includes('S256') ?? false;
    return [
      {
        id: 'discovery',
        label: 'Discovery answers',
        status: 'pass',
        detail: `${discoveryUrl} answered; issuer ${metadata.issuer}.`,
      },
      {
        id: 'issuer-matches',
        label: 'The issuer equals the org URL',
        status: metadata.issuer === config.okta.orgUrl.origin ? 'pass' : 'fail',
        detail: `Discovery says issuer ${metadata.issuer}; configured org URL ${config.okta.orgUrl.origin}.`,
        fix: 'Set OKTA_ORG_URL to exactly the issuer shown by discovery.',
      },
      {
        id: 'pkce-s256',
        label: 'PKCE S256 is offered',
        status: pkce ? 'pass' : 'fail',
        detail: pkce ? 'code_challenge_methods_supported includes S256.' : 'S256 is not advertised.',
        fix: 'Use an Okta org authorization server; every Okta org supports S256.',
      },
    ];
  } catch (error) {
    return [
      {
        id: 'discovery',
        label: 'Discovery answers',
        status: 'fail',
        detail: `${discoveryUrl} did not answer as an org authorization server (${error instanceof Error ? error.name : 'error'}).`,
        fix: 'Check OKTA_ORG_URL (https://your-org.okta.com, not the -admin URL), the network and any proxy (HTTPS_PROXY).',
      },
    ];
  }
}

/** After sign-in: which requested scopes Okta actually granted. */
export function grantedScopeCheck(config: AppConfig, granted: readonly string[] | undefined): DoctorCheck {
  if (!granted) {
    return {
      id: 'granted-scopes',
      label: 'Okta granted the requested API scopes',
      status: 'pending',
      detail: 'Sign in to see which scopes Okta grants.',
    };
  }
  const missing = config.scopes.filter((scope) => scope.startsWith('okta.') && !granted.includes(scope));
  return {
    id: 'granted-scopes',
    label: 'Okta granted the requested API scopes',
    status: missing.length === 0 ? 'pass' : 'fail',
    detail:
      missing.length === 0
        ? `Granted: ${granted.join(' ')}`
        : `Requested but not granted: ${missing.join(' ')}. Granted: ${granted.join(' ') || '(none)'}`,
    fix: 'A super admin grants the missing scopes on the app\'s "Okta API Scopes" tab (Applications → your app → Okta API Scopes → Grant); then sign out and in again.',
  };
}

/** Everything the doctor can check; `granted` is the signed-in session's granted scopes, if any. */
export async function runConfigDoctor(
  config: AppConfig,
  org: OrgAuthorizationServer,
  granted?: readonly string[],
): Promise<DoctorCheck[]> {
  return [...configurationChecks(config), ...(await discoveryChecks(config, org)), grantedScopeCheck(config, granted)];
}
