/**
 * A seeded sandbox org whose management API listens on 127.0.0.1:0, for driving the real client over real
 * HTTP. Bearer tokens are test fixtures mapped to principals (user, scopes); the OAuth flow itself is covered
 * by the auth tests and by one test here that signs in for real.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createOktaClient, type OktaClient, type OktaClientOptions } from '../../../src/okta/client.ts';
import {
  type BearerPrincipal,
  createManagementApi,
  type ManagementApi,
  type ManagementApiOptions,
} from '../../../src/sandbox/management-api/index.ts';
import { createSandboxOrg, type SandboxOrg } from '../../../src/sandbox/org.ts';
import { type SeedOptions, seedOrg } from '../../../src/sandbox/seed/index.ts';
import type { FakeClock } from '../../unit/okta/fake-org.ts';

/** Test access tokens, each standing for a user and the scopes its token carries. */
export const TOKENS = {
  /** Super admin, both scopes. */
  superAdmin: 'at-super-admin',
  /** Super admin, but the token only carries okta.users.read. */
  usersScopeOnly: 'at-users-scope-only',
  /** Report admin (reads the System Log, not users), both scopes. */
  reportAdmin: 'at-report-admin',
} as const;

export interface SandboxApi {
  org: SandboxOrg;
  api: ManagementApi;
  url: string;
  /** A client on this org; Bearer `TOKENS.superAdmin` unless the options say otherwise. */
  client(options?: Partial<OktaClientOptions>): OktaClient;
  close(): Promise<void>;
}

export interface SandboxApiOptions extends Omit<ManagementApiOptions, 'org' | 'resolveBearerToken' | 'now'> {
  seed?: SeedOptions;
  /** Shared with the client, so that rate-limit waits advance the org's clock instead of real time. */
  clock?: FakeClock;
}

/** Starts the org and its API; close() ends every client created through it too. */
export async function startSandboxApi(options: SandboxApiOptions = {}): Promise<SandboxApi> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const org = await createSandboxOrg({ orgUrl: url, appBaseUrl: 'http://127.0.0.1:9/' });
  const clock = options.clock;
  seedOrg(org, { users: 120, events: 6000, ...(clock ? { now: new Date(clock.now()) } : {}), ...options.seed });
  const userId = (login: string) => {
    const account = org.directory.accounts().find((candidate) => candidate.login === login);
    if (!account) throw new Error(`no seeded account ${login}`);
    return account.userId;
  };
  const both = ['okta.logs.read', 'okta.users.read'];
  const principals = new Map<string, BearerPrincipal>([
    [TOKENS.superAdmin, { clientId: org.webApp.clientId, userId: userId('admin@sandbox.example'), scopes: both }],
    [
      TOKENS.usersScopeOnly,
      { clientId: org.webApp.clientId, userId: userId('admin@sandbox.example'), scopes: ['okta.users.read'] },
    ],
    [TOKENS.reportAdmin, { clientId: org.webApp.clientId, userId: userId('reports@sandbox.example'), scopes: both }],
  ]);
  const { seed: _seed, clock: _clock, ...apiOptions } = options;
  const api = await createManagementApi({
    ...apiOptions,
    org,
    resolveBearerToken: async (token) => principals.get(token),
    ...(clock ? { now: () => clock.now() } : {}),
  });
  server.on('request', (req, res) => api.handle(req, res));
  const clients: OktaClient[] = [];
  return {
    org,
    api,
    url,
    client(extra = {}) {
      const client = createOktaClient({
        orgUrl: url,
        accessToken: TOKENS.superAdmin,
        ...(clock ? { clock } : {}),
        ...extra,
      } as OktaClientOptions);
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) await client.close();
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
