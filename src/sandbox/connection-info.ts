import type { RunningSandbox } from './sandbox.ts';

/** What a program that started the sandbox org needs to use it: the line `npm run sandbox -- --json` prints. */
export interface SandboxConnectionInfo {
  /** The org URL, e.g. http://127.0.0.1:3001. */
  orgUrl: string;
  /** The org authorization server's issuer: the org URL itself. */
  issuer: string;
  /** The OIDC web app the viewer signs in with. */
  webApp: { clientId: string; clientSecret: string; redirectUris: string[]; requireDpop: boolean };
  /** The super admin's SSWS API token. */
  apiToken: string;
  /** `GET` it from the same machine for the management-API requests received (`?since=<sequence>`). */
  requestsUrl: string;
  /**
   * The API Services app (client_credentials, private_key_jwt) and where its private key was written. `requireDpop`
   * (both apps) is "Require DPoP" when the line was printed: token requests must then carry a DPoP proof.
   */
  serviceApp: {
    clientId: string;
    keyId: string;
    privateKeyPath: string;
    jwkPath: string;
    oktaYamlPath: string;
    requireDpop: boolean;
  };
}

/** The connection info of a running sandbox org. */
export function connectionInfo(running: RunningSandbox): SandboxConnectionInfo {
  const { org } = running;
  return {
    orgUrl: org.orgUrl,
    issuer: running.issuer,
    webApp: {
      clientId: org.webApp.clientId,
      clientSecret: org.webApp.clientSecret,
      redirectUris: [...org.webApp.redirectUris],
      requireDpop: org.webApp.requireDpop,
    },
    apiToken: org.apiToken.token,
    requestsUrl: running.requestsUrl,
    serviceApp: {
      clientId: org.serviceApp.clientId,
      keyId: String(org.serviceApp.privateJwk.kid),
      privateKeyPath: running.serviceAppKeyFiles.pemPath,
      jwkPath: running.serviceAppKeyFiles.jwkPath,
      oktaYamlPath: running.serviceAppKeyFiles.oktaYamlPath,
      requireDpop: org.serviceApp.requireDpop,
    },
  };
}
