import { randomBytes } from 'node:crypto';
import { exportJWK, generateKeyPair } from 'jose';
import type { ServiceApp, WebApp } from './apps.ts';
import { Directory, SANDBOX_PASSWORD, type SandboxAccount } from './directory.ts';
import { oktaId, seededRandom } from './ids.ts';
import { SystemLogStore } from './system-log-store.ts';

export interface SandboxOrgOptions {
  /** The org URL, which is also the issuer: the sandbox origin with no path. */
  orgUrl: string;
  /** The demo web app's base URL; its redirect URIs follow it. */
  appBaseUrl: string;
  /** The web app's client secret; random when not given. */
  clientSecret?: string;
}

/** Everything the sandbox org holds: its users, apps, grants and System Log. Mutable, as an admin would change it. */
export interface SandboxOrg {
  readonly orgUrl: string;
  readonly directory: Directory;
  readonly systemLog: SystemLogStore;
  readonly webApp: WebApp;
  readonly serviceApp: ServiceApp;
  /** An SSWS API token of the super admin: it can do everything that admin can, the contrast to a scoped token. */
  readonly apiToken: { readonly token: string; readonly userId: string };
}

const ACCOUNT_SEED = 20_240_601;

/** The seeded accounts that can sign in: one per kind of admin, so scope ∩ role can be shown. */
export const SEEDED_ACCOUNTS = [
  {
    login: 'admin@sandbox.example',
    firstName: 'Ada',
    lastName: 'Super',
    adminRoles: ['SUPER_ADMIN'],
    purpose: 'Super Administrator: can read the System Log and users',
  },
  {
    login: 'readonly@sandbox.example',
    firstName: 'Rory',
    lastName: 'Readonly',
    adminRoles: ['READ_ONLY_ADMIN'],
    purpose: 'Read-only Administrator: can read the System Log and users',
  },
  {
    login: 'reports@sandbox.example',
    firstName: 'Remy',
    lastName: 'Reports',
    adminRoles: ['REPORT_ADMIN'],
    purpose: 'Report Administrator: can read the System Log, not users',
  },
  {
    login: 'user@sandbox.example',
    firstName: 'Pat',
    lastName: 'Plain',
    adminRoles: [],
    purpose: 'No admin role: a scoped token reads nothing',
  },
] as const satisfies readonly (Omit<SandboxAccount, 'userId' | 'password'> & { firstName: string; lastName: string })[];

export async function createSandboxOrg(options: SandboxOrgOptions): Promise<SandboxOrg> {
  const orgUrl = options.orgUrl;
  const appBaseUrl = options.appBaseUrl.replace(/\/+$/, '');
  const random = seededRandom(ACCOUNT_SEED);
  const directory = new Directory(orgUrl);
  const created = new Date(Date.now() - 400 * 24 * 3600 * 1000);
  for (const seed of SEEDED_ACCOUNTS) {
    const user = directory.addUser({
      id: oktaId('00u', random),
      status: 'ACTIVE',
      created,
      profile: {
        login: seed.login,
        email: seed.login,
        firstName: seed.firstName,
        lastName: seed.lastName,
        displayName: `${seed.firstName} ${seed.lastName}`,
      },
    });
    directory.addAccount({
      userId: user.id,
      login: seed.login,
      password: SANDBOX_PASSWORD,
      adminRoles: [...seed.adminRoles],
      purpose: seed.purpose,
    });
  }

  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = 'sandbox-service-app-key';
  const webApp: WebApp = {
    label: 'okta-scoped-viewer (Web app)',
    clientId: oktaId('0oa', random),
    clientSecret: options.clientSecret ?? randomBytes(30).toString('base64url'),
    redirectUris: [`${appBaseUrl}/authorization-code/callback`],
    postLogoutRedirectUris: [`${appBaseUrl}/`],
    grants: new Set(['okta.logs.read', 'okta.users.read']),
    assignedUserIds: new Set(directory.accounts().map((account) => account.userId)),
    // The API's default (`dpop_bound_access_tokens: false`); the sandbox console ticks it at run time.
    requireDpop: false,
  };
  const serviceApp: ServiceApp = {
    label: 'okta-scoped-viewer (API Services app)',
    clientId: oktaId('0oa', random),
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' },
    grants: new Set(['okta.logs.read', 'okta.users.read']),
    adminRoles: ['READ_ONLY_ADMIN'],
    requireDpop: false,
  };
  const superAdmin = directory.accounts().find((account) => account.adminRoles.includes('SUPER_ADMIN'));
  if (!superAdmin) throw new Error('the seeded accounts must include a super admin');
  const apiToken = { token: `00${randomBytes(30).toString('base64url')}`, userId: superAdmin.userId };
  return { orgUrl, directory, systemLog: new SystemLogStore(), webApp, serviceApp, apiToken };
}
