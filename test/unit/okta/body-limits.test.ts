/**
 * What the client reads of a 200 body: never past `maxResponseBytes`, never more items than `limit`, and never
 * after the call's deadline. The size and item checks use the scripted org (MockAgent); the deadline and the
 * streamed cap need a real socket that trickles or keeps sending, so they use a local node:http server.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { Agent } from 'undici';
import { createOktaClient, type OktaClientOptions } from '../../../src/okta/client.ts';
import { MalformedResponseError, OktaUnavailableError, ResponseTooLargeError } from '../../../src/okta/errors.ts';
import { FakeOrg, logEvents, ORIGIN } from './fake-org.ts';

const LOGS = (path: string) => path.startsWith('/api/v1/logs');
const USERS = (path: string) => path.startsWith('/api/v1/users');

describe('scripted org: size and item caps', () => {
  let org: FakeOrg;
  beforeEach(() => {
    org = new FakeOrg();
  });
  afterEach(async () => {
    await org.close();
  });
  const client = (extra: Partial<OktaClientOptions> = {}) =>
    createOktaClient({ orgUrl: ORIGIN, accessToken: 't', dispatcher: org.agent, ...extra } as OktaClientOptions);

  test('a declared Content-Length over the cap fails with ResponseTooLargeError, with the figures', async () => {
    const body = JSON.stringify(logEvents(50));
    org.on(LOGS, { status: 200, body, headers: { 'content-length': String(Buffer.byteLength(body)) } });
    const error = await client({ maxResponseBytes: 1000 })
      .logs.list({ limit: 50 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ResponseTooLargeError);
    assert.equal(error.code, 'OKTA_RESPONSE_TOO_LARGE');
    assert.equal(error.limitBytes, 1000);
    assert.equal(error.declaredBytes, Buffer.byteLength(body));
    assert.equal(error.receivedBytes, 0);
    assert.equal(error.requestId, 'req-1');
  });

  test('a body within the cap parses as before', async () => {
    org.on(LOGS, { status: 200, body: logEvents(3) });
    const page = await client({ maxResponseBytes: 1000 }).logs.list({ limit: 3 });
    assert.equal(page.items.length, 3);
  });

  test('a single user larger than the cap fails the same way', async () => {
    org.on(USERS, { status: 200, body: { id: '00u1', profile: { bio: 'x'.repeat(5000) } } });
    await assert.rejects(client({ maxResponseBytes: 4096 }).users.get('00u1'), ResponseTooLargeError);
  });

  for (const c of [
    { description: 'more System Log events than limit', path: LOGS, items: logEvents(6), limit: 5, api: 'logs' },
    {
      description: 'more users than limit',
      path: USERS,
      items: Array.from({ length: 3 }, (_, i) => ({ id: `00u${i}` })),
      limit: 2,
      api: 'users',
    },
    {
      description: 'more users than Okta ever returns (200) without a limit',
      path: USERS,
      items: Array.from({ length: 201 }, (_, i) => ({ id: `00u${i}` })),
      limit: undefined,
      api: 'users',
    },
  ] as const) {
    test(`${c.description}: MalformedResponseError`, async () => {
      org.on(c.path, { status: 200, body: c.items });
      const api = client();
      const pending = c.api === 'logs' ? api.logs.list({ limit: c.limit }) : api.users.list({ limit: c.limit });
      const error = await pending.catch((e: unknown) => e);
      assert.ok(error instanceof MalformedResponseError);
      assert.match(error.message, /items for a page of at most/);
    });
  }

  test('exactly limit items is fine', async () => {
    org.on(LOGS, { status: 200, body: logEvents(5) });
    assert.equal((await client().logs.list({ limit: 5 })).items.length, 5);
  });

  test('callTimeoutMs and maxResponseBytes are validated', () => {
    assert.throws(() => client({ callTimeoutMs: 0 }), /callTimeoutMs must be a whole number of at least 1/);
    assert.throws(() => client({ maxResponseBytes: 1.5 }), /maxResponseBytes must be a whole number/);
  });
});

describe('real socket: the deadline covers the whole body, and a streamed body stops at the cap', () => {
  let server: Server;
  let origin: string;
  let agent: Agent;
  /** How the server's last response ended, and how many bytes it wrote. */
  let last: { closedEarly: Promise<boolean>; written: () => number };
  let respond: (res: ServerResponse) => void;

  before(async () => {
    server = createServer((_req, res) => {
      let written = 0;
      const write = res.write.bind(res);
      res.write = ((chunk: Buffer | string, ...rest: never[]) => {
        written += Buffer.byteLength(chunk);
        return write(chunk, ...rest);
      }) as typeof res.write;
      last = {
        closedEarly: new Promise((resolve) => res.once('close', () => resolve(!res.writableFinished))),
        written: () => written,
      };
      respond(res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    agent = new Agent();
  });
  afterEach(async () => {
    await agent.destroy();
  });
  const client = (extra: Partial<OktaClientOptions> = {}) =>
    createOktaClient({ orgUrl: origin, accessToken: 't', dispatcher: agent, ...extra } as OktaClientOptions);

  /** A 200 whose JSON body comes one byte every 20 ms (well inside any per-chunk timeout). */
  function trickle(res: ServerResponse): void {
    const body = Buffer.from(JSON.stringify(logEvents(20)));
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    let at = 0;
    const timer = setInterval(() => {
      if (at >= body.length) {
        clearInterval(timer);
        res.end();
        return;
      }
      res.write(body.subarray(at, at + 1));
      at++;
    }, 20);
    res.once('close', () => clearInterval(timer));
  }

  test('callTimeoutMs cuts off a body that trickles in, and the connection is closed', async () => {
    respond = trickle;
    const started = Date.now();
    const error = await client({ callTimeoutMs: 300 })
      .logs.list({ limit: 20 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OktaUnavailableError, String(error));
    assert.equal(error.reason, 'deadline');
    assert.ok(Date.now() - started < 1300, 'within the deadline plus a second');
    assert.equal(await last.closedEarly, true, 'the server saw the connection closed before it finished');
  });

  test("a caller's deadline shortens callTimeoutMs, and also covers the body", async () => {
    respond = trickle;
    const error = await client({ callTimeoutMs: 60_000 })
      .logs.list({ limit: 20 }, { deadline: Date.now() + 300 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof OktaUnavailableError);
    assert.equal(error.reason, 'deadline');
    assert.equal(await last.closedEarly, true);
  });

  test('a chunked body without Content-Length is abandoned at the cap: the server stops writing', async () => {
    const cap = 64 * 1024;
    const total = 64 * 1024 * 1024;
    respond = (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      let sent = 0;
      const pump = () => {
        while (sent < total && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      pump();
    };
    const error = await client({ maxResponseBytes: cap })
      .logs.list({ limit: 20 })
      .catch((e: unknown) => e);
    assert.ok(error instanceof ResponseTooLargeError, String(error));
    assert.ok(error.receivedBytes > cap && error.receivedBytes <= cap + 64 * 1024, `read ${error.receivedBytes}`);
    assert.equal(await last.closedEarly, true);
    // What the server got out before it saw the close: the cap plus socket buffers, nowhere near the 64 MB body.
    assert.ok(last.written() < 16 * 1024 * 1024, `the server wrote ${last.written()} bytes`);
  });
});
