/**
 * OKTA_CLIENT_PROXY_*: every request of the spawned CLI, to the token endpoint and to the management API, goes
 * through the configured HTTP proxy (discovery included), with the proxy credentials.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { after, before, test } from 'node:test';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { type CliPlace, cliPlace, runCli, serviceAppFlags } from './cli-process.ts';

let sandbox: RunningSandbox;
let place: CliPlace;
let proxy: Server;
const tunnels: { target: string; authorization: string | undefined }[] = [];
const plainRequests: string[] = [];
/** Request lines seen inside the tunnels (plain HTTP to the loopback org, so the proxy can read them). */
const tunnelled: string[] = [];

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: { users: 5, events: 20 } });
  place = await cliPlace();
  // A minimal proxy: CONNECT tunnels (what undici's ProxyAgent opens), and it remembers each one.
  proxy = createServer((request, response) => {
    plainRequests.push(String(request.url));
    response.statusCode = 502;
    response.end();
  });
  proxy.on('connect', (request, socket, head) => {
    tunnels.push({ target: String(request.url), authorization: request.headers['proxy-authorization'] });
    const [host, port] = String(request.url).split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
      socket.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString('latin1').matchAll(/^(GET|POST) (\S+) HTTP\/1\.1$/gm)) {
          tunnelled.push(`${match[1]} ${match[2]?.split('?')[0]}`);
        }
      });
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
});
after(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => proxy?.close(resolve));
  await sandbox?.close();
  await place?.remove();
});

test('token endpoint and API calls go through the proxy, with its credentials', async () => {
  const { port } = proxy.address() as AddressInfo;
  const result = await runCli(['logs', 'export', ...serviceAppFlags(sandbox)], place, {
    OKTA_CLIENT_PROXY_HOST: '127.0.0.1',
    OKTA_CLIENT_PROXY_PORT: String(port),
    OKTA_CLIENT_PROXY_USERNAME: 'cli',
    OKTA_CLIENT_PROXY_PASSWORD: 's3cret',
  });
  assert.equal(result.code, 0, result.stderr);
  const org = new URL(sandbox.issuer).host;
  assert.ok(tunnels.length > 0, 'the proxy was used');
  assert.ok(tunnels.every((tunnel) => tunnel.target === org));
  assert.ok(
    tunnels.every((tunnel) => tunnel.authorization === `Basic ${Buffer.from('cli:s3cret').toString('base64')}`),
  );
  assert.deepEqual(plainRequests, []);
  assert.deepEqual([...new Set(tunnelled)].sort(), [
    'GET /.well-known/openid-configuration',
    'GET /api/v1/logs',
    'POST /oauth2/v1/token',
  ]);
  const calls = sandbox.managementApi.received
    .all()
    .filter((call) => call.clientId === sandbox.org.serviceApp.clientId);
  assert.ok(calls.length > 0 && calls.every((call) => call.status === 200));
});
