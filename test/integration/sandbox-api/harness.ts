import { createServer, get as httpGet, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type BearerPrincipal,
  createManagementApi,
  type ManagementApi,
  type ManagementApiOptions,
} from '../../../src/sandbox/management-api/index.ts';
import { createSandboxOrg, type SandboxOrg } from '../../../src/sandbox/org.ts';
import { type SeedOptions, seedOrg } from '../../../src/sandbox/seed/index.ts';
import { assertOktaContract } from './okta-contract.ts';

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
  /** Configure the org URL with a trailing slash, as a user might. */
  orgUrlWithSlash?: boolean;
}

/** Starts a seeded sandbox org whose only routes are the management API. */
export async function startApi(options: HarnessOptions = {}): Promise<ApiHarness> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const org = await createSandboxOrg({
    orgUrl: options.orgUrlWithSlash ? `${baseUrl}/` : baseUrl,
    appBaseUrl: 'http://127.0.0.1:9/',
  });
  if (options.seed !== false) seedOrg(org, { users: 60, events: 3000, ...options.seed });
  const tokens = new Map<string, BearerPrincipal>();
  const { seed: _seed, orgUrlWithSlash: _slash, ...apiOptions } = options;
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

/** A response read with node:http, so repeated header lines stay separate (fetch joins them with ", "). */
export interface RawResponse {
  status: number;
  /** Header lines in order, names lower-cased. */
  lines: [string, string][];
  body: string;
  header(name: string): string[];
}

/** GET through node:http, keeping every header line as sent. */
export function rawGet(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpGet(new URL(path, baseUrl), { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        try {
          // Every body any test receives is checked against Okta's OpenAPI schemas.
          assertOktaContract(path, res.statusCode ?? 0, body);
        } catch (error) {
          reject(error);
          return;
        }
        const lines: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          lines.push([(res.rawHeaders[i] as string).toLowerCase(), res.rawHeaders[i + 1] as string]);
        }
        resolve({
          status: res.statusCode ?? 0,
          lines,
          body,
          header: (name) => lines.filter(([key]) => key === name.toLowerCase()).map(([, value]) => value),
        });
      });
    });
    request.on('error', reject);
  });
}

/** The URL of a `link` header line with the given rel, or undefined. */
export function linkUrl(response: RawResponse, rel: 'self' | 'next'): string | undefined {
  for (const line of response.header('link')) {
    const match = /^<([^>]*)>; rel="([^"]+)"$/.exec(line);
    if (match?.[2] === rel) return match[1];
  }
  return undefined;
}
