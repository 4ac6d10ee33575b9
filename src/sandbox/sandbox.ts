import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type Provider from 'oidc-provider';
import { createAuthorizationServer } from './authorization-server.ts';
import { SANDBOX_PASSWORD } from './directory.ts';
import { DpopNonces } from './dpop-nonces.ts';
import {
  type BearerPrincipal,
  createManagementApi,
  type ManagementApi,
  type ManagementApiOptions,
} from './management-api/index.ts';
import { createSandboxOrg, type SandboxOrg } from './org.ts';
import { REQUESTS_PATH, serveReceivedRequests } from './requests-list.ts';
import { type SeedOptions, seedOrg } from './seed/index.ts';
import { type ServiceAppKeyFiles, writeServiceAppKeyFiles } from './service-app-key-files.ts';

export interface StartSandboxOptions {
  /** Loopback address to bind; the issuer uses it. Default 127.0.0.1. */
  host?: string;
  /** Port to bind; 0 picks a free one. Default 0. */
  port?: number;
  /** The app's base URL: the web app's redirect URIs follow it. */
  appBaseUrl: string;
  clientSecret?: string;
  /** Seed data options, or false for an org with only the sign-in accounts. */
  seed?: SeedOptions | false;
  authorizationCodeTtlSeconds?: number;
  /** Access-token lifetime; Okta's org AS issues one-hour tokens. Tests shorten it to see a refresh. */
  accessTokenTtlSeconds?: number;
  rateLimits?: ManagementApiOptions['rateLimits'];
  faults?: ManagementApiOptions['faults'];
}

export interface RunningSandbox {
  /** The org URL, which is also the issuer (no path), e.g. http://127.0.0.1:3001. */
  readonly issuer: string;
  readonly org: SandboxOrg;
  readonly provider: Provider;
  readonly managementApi: ManagementApi;
  /** The API Services app's private key (PEM, JWK) and an okta.yaml, under the OS temp directory until close(). */
  readonly serviceAppKeyFiles: ServiceAppKeyFiles;
  /** `GET` it from this machine for the management-API requests received, as JSON (`?since=<sequence>` for newer ones). */
  readonly requestsUrl: string;
  /** What a developer needs to use the sandbox org: issuer, client credentials, accounts, API token. */
  describe(): string;
  close(): Promise<void>;
}

/** Looks an access token up in the authorization server's own store, as Okta checks its tokens in-house. */
function bearerResolver(provider: Provider): (token: string) => Promise<BearerPrincipal | undefined> {
  return async (token) => {
    const scopesOf = (scope: unknown) =>
      String(scope ?? '')
        .split(' ')
        .filter(Boolean);
    // A DPoP-bound token carries its key's thumbprint (`cnf.jkt` on introspection).
    const bindingOf = (jkt: unknown) => (typeof jkt === 'string' && jkt ? { jkt } : {});
    const accessToken = await provider.AccessToken.find(token);
    if (accessToken?.clientId && !accessToken.isExpired) {
      return {
        clientId: accessToken.clientId,
        userId: accessToken.accountId,
        scopes: scopesOf(accessToken.scope),
        ...bindingOf(accessToken.jkt),
      };
    }
    const serviceToken = await provider.ClientCredentials.find(token);
    if (serviceToken?.clientId && !serviceToken.isExpired) {
      return { clientId: serviceToken.clientId, scopes: scopesOf(serviceToken.scope), ...bindingOf(serviceToken.jkt) };
    }
    return undefined;
  };
}

/**
 * Starts the sandbox org on one loopback origin: the authorization server at Okta's org paths
 * (/.well-known/*, /oauth2/v1/*, its sign-in page) and the management API at /api/v1/*.
 */
export async function startSandbox(options: StartSandboxOptions): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  let handler = (_req: IncomingMessage, res: ServerResponse) => {
    res.statusCode = 503;
    res.end('The sandbox org is starting.');
  };
  const server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const org = await createSandboxOrg({
    orgUrl: issuer,
    appBaseUrl: options.appBaseUrl,
    ...(options.clientSecret ? { clientSecret: options.clientSecret } : {}),
  });
  if (options.seed !== false) seedOrg(org, options.seed ?? {});
  const dpopNonces = new DpopNonces();
  const provider = await createAuthorizationServer({
    org,
    dpopNonces,
    ...(options.authorizationCodeTtlSeconds
      ? { authorizationCodeTtlSeconds: options.authorizationCodeTtlSeconds }
      : {}),
    ...(options.accessTokenTtlSeconds ? { accessTokenTtlSeconds: options.accessTokenTtlSeconds } : {}),
  });
  const managementApi = await createManagementApi({
    org,
    resolveBearerToken: bearerResolver(provider),
    dpopNonces,
    ...(options.rateLimits !== undefined ? { rateLimits: options.rateLimits } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
  });
  const authorizationServer = provider.callback();
  handler = (req, res) => {
    if (req.url?.startsWith('/api/')) managementApi.handle(req, res);
    else if (req.url?.split('?', 1)[0] === REQUESTS_PATH) serveReceivedRequests(managementApi.received, req, res);
    else authorizationServer(req, res);
  };
  const requestsUrl = `${issuer}${REQUESTS_PATH}`;
  const keyFiles = await writeServiceAppKeyFiles(org);

  return {
    issuer,
    org,
    provider,
    managementApi,
    requestsUrl,
    serviceAppKeyFiles: keyFiles,
    describe: () => describeSandbox(org, requestsUrl, keyFiles),
    async close() {
      await keyFiles.remove();
      await managementApi.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function describeSandbox(org: SandboxOrg, requestsUrl: string, keyFiles: ServiceAppKeyFiles): string {
  const accounts = org.directory
    .accounts()
    .map((account) => `    ${account.login.padEnd(28)} ${account.purpose}`)
    .join('\n');
  return [
    `Sandbox org (local, not a real Okta org): ${org.orgUrl}`,
    `  Issuer (org authorization server): ${org.orgUrl}`,
    `  Web app client id:     ${org.webApp.clientId}`,
    `  Web app client secret: ${org.webApp.clientSecret}`,
    `  Sign-in redirect URI:  ${org.webApp.redirectUris.join(', ')}`,
    `  Granted API scopes:    ${[...org.webApp.grants].join(' ')}`,
    `  Require DPoP:          ${org.webApp.requireDpop ? 'yes (token requests must carry a DPoP proof)' : 'no'}`,
    `  Accounts (password "${SANDBOX_PASSWORD}"):`,
    accounts,
    `  SSWS API token of the super admin (can do everything that admin can): ${org.apiToken.token}`,
    `  Management API requests received (JSON, from this machine only): ${requestsUrl}?since=0`,
    `  API Services app (client_credentials, private_key_jwt): client id ${org.serviceApp.clientId}, key id ${String(org.serviceApp.privateJwk.kid)}`,
    `    Granted API scopes: ${[...org.serviceApp.grants].join(' ')} · admin roles: ${org.serviceApp.adminRoles.join(' ') || 'none'} · Require DPoP: ${org.serviceApp.requireDpop ? 'yes' : 'no'}`,
    `    Private key, PKCS#8 PEM: ${keyFiles.pemPath}`,
    `    Private key, JWK:        ${keyFiles.jwkPath}`,
    `    okta.yaml for Okta's SDKs (PrivateKey mode), also at ${keyFiles.oktaYamlPath}:`,
    keyFiles.oktaYaml
      .trimEnd()
      .split('\n')
      .map((line) => `      ${line}`)
      .join('\n'),
  ].join('\n');
}
