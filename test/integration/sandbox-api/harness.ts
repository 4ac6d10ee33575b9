import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BearerPrincipal,
  createManagementApi,
  type ManagementApi,
  type ManagementApiOptions,
} from '../../../src/sandbox/management-api/index.ts';
import { createSandboxOrg, type SandboxOrg } from '../../../src/sandbox/org.ts';
import { type SeedOptions, seedOrg } from '../../../src/sandbox/seed/index.ts';

/** A sandbox org with its management API on 127.0.0.1:0; `org.orgUrl` is the server's own origin. */
export interface ApiHarness {
  org: SandboxOrg;
  api: ManagementApi;
  server: Server;
  baseUrl: string;
  /** Test tokens → principals, resolved by the API's `resolveBearerToken`; add to it freely. */
  tokens: Map<string, BearerPrincipal>;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Omit<ManagementApiOptions, 'org' | 'resolveBearerToken'> {
  seed?: SeedOptions | false;
}

/** Starts a seeded sandbox org whose only routes are the management API. */
export async function startApi(options: HarnessOptions = {}): Promise<ApiHarness> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const org = await createSandboxOrg({ orgUrl: baseUrl, appBaseUrl: 'http://127.0.0.1:9/' });
  if (options.seed !== false) seedOrg(org, { users: 60, events: 3000, ...options.seed });
  const tokens = new Map<string, BearerPrincipal>();
  const { seed: _seed, ...apiOptions } = options;
  const api = await createManagementApi({ ...apiOptions, org, resolveBearerToken: async (token) => tokens.get(token) });
  server.on('request', (req, res) => api.handle(req, res));
  return {
    org,
    api,
    server,
    baseUrl,
    tokens,
    get: (path, headers = {}) => fetch(new URL(path, baseUrl), { headers }),
    async close() {
      await api.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
