import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { brotliDecompressSync, createGunzip, gunzipSync } from 'node:zlib';
import { request } from 'undici';
import { logsRoutes } from '../../src/routes/logs.ts';
import { type Harness, startHarness } from '../helpers/app-harness.ts';
import { signInToApp } from '../helpers/app-session.ts';
import type { Browser } from '../helpers/browser.ts';
import { appendAdminEvent } from '../helpers/sandbox-events.ts';
import { eventually } from './logs/logs-helpers.ts';

let h: Harness;
let browser: Browser;
const DAY = 86_400_000;

before(async () => {
  h = await startHarness({
    sandbox: { seed: { users: 40, events: 2500 }, rateLimits: { enabled: false, logs: 1_000_000 } },
    routes: (app) => {
      // A JSON response large enough to be compressed (the app's own JSON bodies, errors, are small).
      app.get('/test/json', async () => ({ items: Array.from({ length: 200 }, (_, i) => ({ i, name: `item ${i}` })) }));
      void app.register(logsRoutes, { prefix: '/fast', follow: { minIntervalMs: 200 } });
    },
  });
  browser = await signInToApp(h);
});
after(async () => {
  await h?.close();
});

/** GETs `path` with the session's cookie and `accept-encoding`; the body as received, not decoded. */
async function raw(path: string, acceptEncoding?: string) {
  const url = new URL(path, h.baseUrl);
  const headers: Record<string, string> = { cookie: browser.jar.header(url), accept: 'text/html' };
  if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
  const response = await request(url, { headers });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, headers: response.headers, body };
}

function decoded(encoding: string, body: Buffer): Buffer {
  return encoding === 'br' ? brotliDecompressSync(body) : gunzipSync(body);
}

// The sign-out form's CSRF token is made for each page; everything else of a page served from the cache is equal.
const withoutCsrf = (html: string) => html.replace(/name="_csrf" value="[^"]*"/, 'name="_csrf" value=""');

describe('compression by Accept-Encoding', () => {
  test('the System Log page, sent in chunks, decodes to the same page with br and with gzip', async () => {
    const path = '/logs?range=90d&limit=200';
    // The first view fetches; the ones compared come from the page cache, so they are the same page.
    await raw(path);
    const plain = await raw(path);
    assert.equal(plain.status, 200);
    assert.equal(plain.headers['content-encoding'], undefined);
    for (const encoding of ['br', 'gzip']) {
      const packed = await raw(path, encoding === 'br' ? 'gzip, deflate, br' : 'gzip');
      assert.equal(packed.status, 200);
      assert.equal(packed.headers['content-encoding'], encoding);
      assert.match(String(packed.headers.vary), /accept-encoding/i);
      assert.ok(packed.body.length < plain.body.length / 4, `${encoding} makes it much smaller`);
      assert.equal(
        withoutCsrf(decoded(encoding, packed.body).toString('utf8')),
        withoutCsrf(plain.body.toString('utf8')),
      );
    }
    assert.equal(plain.headers['content-length'], String(plain.body.length), 'uncompressed: its length is known');
  });

  test('static CSS and JavaScript, and a JSON response, decode to the same bytes', async () => {
    const files = [
      ['/public/css/logs.css', new URL('../../public/css/logs.css', import.meta.url)],
      ['/public/js/logs-detail.js', new URL('../../public/js/logs-detail.js', import.meta.url)],
    ] as const;
    for (const [path, file] of files) {
      const original = await readFile(file);
      for (const encoding of ['br', 'gzip']) {
        const packed = await raw(path, `${encoding}`);
        assert.equal(packed.status, 200, path);
        assert.equal(packed.headers['content-encoding'], encoding, path);
        assert.deepEqual(decoded(encoding, packed.body), original, `${path} with ${encoding}`);
      }
    }
    const json = await raw('/test/json');
    for (const encoding of ['br', 'gzip']) {
      const packed = await raw('/test/json', `${encoding};q=1, identity;q=0.5`);
      assert.match(String(packed.headers['content-type']), /^application\/json/);
      assert.equal(packed.headers['content-encoding'], encoding);
      assert.deepEqual(decoded(encoding, packed.body), json.body);
    }
  });

  test('the export is compressed as a stream (no length known in advance) and decodes to the same file', async () => {
    const until = Date.now() - 3_600_000;
    const range = new URLSearchParams({
      range: 'custom',
      since: new Date(until - 60 * DAY).toISOString().slice(0, 19),
      until: new Date(until).toISOString().slice(0, 19),
    });
    for (const format of ['ndjson', 'csv']) {
      const path = `/logs/export.${format}?${range}`;
      const plain = await raw(path);
      assert.equal(plain.status, 200);
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.ok(plain.body.length > 100_000, 'a sizeable export');
      for (const encoding of ['br', 'gzip']) {
        const packed = await raw(path, encoding === 'br' ? 'gzip;q=0.8, br;q=0.9' : 'gzip');
        assert.equal(packed.headers['content-encoding'], encoding, `${format} ${encoding}`);
        assert.equal(packed.headers['content-length'], undefined, 'streamed, not gathered first');
        assert.equal(packed.headers['transfer-encoding'], 'chunked');
        assert.match(String(packed.headers['content-disposition']), /^attachment; filename="system-log_/);
        assert.ok(decoded(encoding, packed.body).equals(plain.body), `${format} with ${encoding}`);
      }
    }
  });

  test('a compressed export sends its first page while Okta has not answered the next one', async () => {
    const faults = h.sandbox.managementApi.faults;
    // The newest rule wins: the first page is answered as usual, every later one hangs.
    const hangLater = faults.set({ path: '/api/v1/logs', hang: true });
    const firstAsUsual = faults.set({ path: '/api/v1/logs', latencyMs: 0, times: 1 });
    h.sandbox.managementApi.received.clear();
    const url = new URL('/logs/export.ndjson?range=90d', h.baseUrl);
    const controller = new AbortController();
    try {
      const response = await request(url, {
        headers: { cookie: browser.jar.header(url), 'accept-encoding': 'gzip' },
        signal: controller.signal,
      });
      assert.equal(response.headers['content-encoding'], 'gzip');
      const gunzip = createGunzip();
      let lines = 0;
      gunzip.on('data', (chunk: Buffer) => {
        lines += chunk.toString('utf8').split('\n').length - 1;
      });
      response.body.on('error', () => undefined); // the abort at the end
      response.body.pipe(gunzip).on('error', () => undefined);
      await eventually(() => lines >= 500, `decoded only ${lines} events while the next page hangs`);
      assert.ok(lines >= 500, `decoded ${lines} events of the first page`);
      const open = h.sandbox.managementApi.received.open().filter((entry) => entry.url.startsWith('/api/v1/logs'));
      assert.equal(open.length, 1, 'the next page is still being asked for, unanswered');
      assert.match(open[0]?.url ?? '', /after=/, 'and it is the next page');
    } finally {
      controller.abort();
      firstAsUsual();
      hangLater();
    }
  });

  test('Server-Sent Events are never compressed, and each event arrives as it is written', {
    timeout: 20_000,
  }, async () => {
    const url = new URL('/fast/logs/follow/stream', h.baseUrl);
    const response = await request(url, {
      headers: { cookie: browser.jar.header(url), accept: 'text/event-stream', 'accept-encoding': 'br, gzip' },
    });
    try {
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], 'text/event-stream; charset=utf-8');
      assert.equal(response.headers['content-encoding'], undefined);
      let text = '';
      let wake: () => void = () => undefined;
      response.body.setEncoding('utf8');
      response.body.on('data', (chunk: string) => {
        text += chunk;
        wake();
      });
      const read = async (until: (text: string) => boolean) => {
        while (!until(text)) await new Promise<void>((resolve) => (wake = resolve));
      };
      await read((seen) => seen.includes('event: status'));
      const event = appendAdminEvent(h, 'Compression Probe');
      const started = Date.now();
      await read((seen) => seen.includes(event.uuid));
      // The tail polls every 200 ms on this mount: a compressor holding bytes back would make this wait forever.
      assert.ok(Date.now() - started < 5000, 'the event came through promptly');
    } finally {
      response.body.destroy();
    }
  });
});

describe('page weight', () => {
  test('a System Log page of 100 events is at most 120 KB of HTML, and at most 30 KB with brotli', async () => {
    const path = '/logs?range=90d&limit=100';
    const plain = await raw(path);
    assert.equal((plain.body.toString('utf8').match(/<tbody class="event">/g) ?? []).length, 100);
    assert.ok(plain.body.length <= 120 * 1024, `${plain.body.length} bytes of HTML`);
    const packed = await raw(path, 'br, gzip');
    assert.equal(packed.headers['content-encoding'], 'br');
    assert.ok(packed.body.length <= 30 * 1024, `${packed.body.length} bytes with brotli`);
  });
});
