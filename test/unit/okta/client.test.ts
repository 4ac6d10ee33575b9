import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { createOktaClient, type OktaClientOptions, orgOrigin } from '../../../src/okta/client.ts';
import { OktaConfigError, OktaUnavailableError } from '../../../src/okta/errors.ts';
import { FakeOrg, ORIGIN } from './fake-org.ts';

/** A loopback HTTP server on an ephemeral port; every socket is tracked so the test can close them all. */
async function loopback(handler: (req: IncomingMessage, res: ServerResponse) => void) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer(handler);
  server.on('connection', (socket: Socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  assert.ok(address && typeof address === 'object');
  return {
    server,
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    sockets,
    connections: () => connections,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}

const json = (res: ServerResponse, body: unknown) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

describe('options', () => {
  for (const [description, orgUrl] of [
    ['a custom authorization server path', 'https://dev-1.okta.com/oauth2/default'],
    ['any path', 'https://dev-1.okta.com/api'],
    ['plain http off loopback', 'http://dev-1.okta.com'],
    ['user info', 'https://user:pw@dev-1.okta.com'],
    ['a query', 'https://dev-1.okta.com/?x=1'],
    ['not a URL', 'dev-1.okta.com'],
  ] as const) {
    test(`orgUrl with ${description} is a config error naming orgUrl`, () => {
      assert.throws(
        () => createOktaClient({ orgUrl, accessToken: 't' }),
        (error) => error instanceof OktaConfigError && error.option === 'orgUrl' && error.code === 'OKTA_CONFIG',
      );
    });
  }

  test('an origin with or without a trailing slash is accepted; http only on loopback', () => {
    assert.equal(orgOrigin('https://Dev-1.Okta.com/'), 'https://dev-1.okta.com');
    assert.equal(orgOrigin('http://127.0.0.1:4000'), 'http://127.0.0.1:4000');
    assert.equal(orgOrigin('http://localhost:4000/'), 'http://localhost:4000');
  });

  test('exactly one credential is required', () => {
    const both = { orgUrl: ORIGIN, accessToken: 'a', apiToken: 'b' } as unknown as OktaClientOptions;
    assert.throws(() => createOktaClient(both), OktaConfigError);
    const none = { orgUrl: ORIGIN } as unknown as OktaClientOptions;
    assert.throws(() => createOktaClient(none), OktaConfigError);
  });

  for (const [option, extra] of [
    ['maxRetries', { maxRetries: -1 }],
    ['maxRetries', { maxRetries: 1.5 }],
    ['maxPages', { maxPages: 0 }],
    ['retryBudgetMs', { retryBudgetMs: -5 }],
    ['timeouts.headersMs', { timeouts: { headersMs: 0 } }],
    ['userAgent', { userAgent: 'x\r\nX-Injected: 1' }],
  ] as const) {
    test(`an invalid ${option} is a config error naming it`, () => {
      assert.throws(
        () => createOktaClient({ orgUrl: ORIGIN, accessToken: 't', ...extra }),
        (error) => error instanceof OktaConfigError && error.option === option,
      );
    });
  }
});

describe('own dispatcher: keep-alive, timeouts, close', { timeout: 30_000 }, () => {
  const servers: { close(): Promise<void> }[] = [];
  after(async () => {
    for (const server of servers) await server.close();
  });

  test('sequential requests reuse keep-alive connections; close() closes them', async () => {
    const org = await loopback((_req, res) => json(res, []));
    servers.push(org);
    const client = createOktaClient({ orgUrl: org.url, accessToken: 't' });
    // undici may open a second socket while the first response is being settled; after that the pool is warm.
    await client.logs.list();
    await client.logs.list();
    const warm = org.connections();
    assert.ok(warm <= 2);
    for (let index = 0; index < 6; index++) await client.users.list();
    assert.equal(org.connections(), warm, 'no new connection once the pool is warm');
    const open = [...org.sockets];
    await client.close();
    for (const socket of open) if (!socket.destroyed) await once(socket, 'close');
    assert.equal(org.sockets.size, 0);
  });

  test('a server that never answers hits headersTimeout: OktaUnavailableError(timeout), no retry', async () => {
    let requests = 0;
    const org = await loopback(() => {
      requests++;
    });
    servers.push(org);
    const client = createOktaClient({ orgUrl: org.url, accessToken: 't', timeouts: { headersMs: 100 } });
    const error = await client.logs.list().catch((e: unknown) => e);
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'timeout');
    assert.equal(requests, 1);
    await client.close();
  });

  test('a body that stalls hits bodyTimeout: OktaUnavailableError(timeout)', async () => {
    const org = await loopback((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[{"uuid":');
    });
    servers.push(org);
    const client = createOktaClient({ orgUrl: org.url, accessToken: 't', timeouts: { bodyMs: 100 } });
    const error = await client.logs.list().catch((e: unknown) => e);
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'timeout');
    await client.close();
  });

  test('a passed dispatcher is used and not closed by close()', async () => {
    const fake = new FakeOrg();
    fake.on(() => true, { status: 200, body: [] }, 2);
    const client = createOktaClient({ orgUrl: ORIGIN, accessToken: 't', dispatcher: fake.agent });
    await client.logs.list();
    await client.close();
    await createOktaClient({ orgUrl: ORIGIN, accessToken: 't', dispatcher: fake.agent }).logs.list();
    assert.equal(fake.requests.length, 2);
    await fake.close();
  });
});

describe('proxy from the environment', { timeout: 30_000 }, () => {
  const saved = { HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
  const restore = () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  after(restore);

  /** A CONNECT proxy on loopback that records the targets it tunnelled to. */
  async function tunnelProxy() {
    const targets: string[] = [];
    const proxy = await loopback((_req, res) => {
      res.writeHead(405);
      res.end();
    });
    proxy.server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
      targets.push(req.url ?? '');
      const [host, port] = (req.url ?? '').split(':');
      const upstream = connect(Number(port), host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
      proxy.sockets.add(upstream);
    });
    return { ...proxy, targets };
  }

  test('requests go through the proxy named by the environment', async () => {
    const org = await loopback((_req, res) => json(res, [{ uuid: 'via-proxy' }]));
    const proxy = await tunnelProxy();
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '';
    try {
      const client = createOktaClient({ orgUrl: org.url, accessToken: 't' });
      const page = await client.logs.list();
      assert.equal(page.items[0]?.uuid, 'via-proxy');
      assert.deepEqual(proxy.targets, [`127.0.0.1:${org.port}`]);
      await client.close();
    } finally {
      restore();
      await proxy.close();
      await org.close();
    }
  });

  test('NO_PROXY bypasses the proxy', async () => {
    const org = await loopback((_req, res) => json(res, []));
    const proxy = await tunnelProxy();
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    try {
      const client = createOktaClient({ orgUrl: org.url, accessToken: 't' });
      await client.logs.list();
      assert.deepEqual(proxy.targets, []);
      assert.equal(org.connections(), 1);
      await client.close();
    } finally {
      restore();
      await proxy.close();
      await org.close();
    }
  });
});
