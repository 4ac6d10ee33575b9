import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp } from '../../helpers/app-session.ts';
import { Browser } from '../../helpers/browser.ts';

let h: Harness;

before(async () => {
  h = await startHarness();
});
after(() => h.close());

/** The "What the app asked Okta" section of the console page. */
function section(html: string): string {
  const found = /<section class="panel" aria-labelledby="console-requests">[\s\S]*?<\/section>/.exec(html)?.[0];
  assert.ok(found, 'the console has the section');
  return found;
}

/** The body rows of the section's table, each as its cells' text (tags removed, entities kept). */
function rows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(section(html))?.[1] ?? '';
  return [...body.matchAll(/<tr id="request-\d+">([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) =>
      (cell[1] ?? '').replace(/<[^>]+>/g, '').trim(),
    ),
  );
}

/** GET on the sandbox org with a path sent byte for byte (fetch would percent-encode it). */
function rawSandboxGet(path: string, authorization: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(h.sandbox.issuer);
    const sent = httpRequest(
      { host: url.hostname, port: url.port, path, headers: { authorization }, agent: false },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    sent.on('error', reject);
    sent.end();
  });
}

describe('the sandbox console: what the app asked Okta', () => {
  test('explains the list, links to a refresh and names the JSON list on the org', async () => {
    const page = await new Browser().request(`${h.baseUrl}/sandbox`);
    const text = section(page.body);
    assert.match(text, /<h2 id="console-requests">What the app asked Okta<\/h2>/);
    assert.match(text, /A page view that calls Okta shows one row\./);
    assert.match(text, /A page view served from the app's cache shows none\./);
    assert.match(text, /A page view refused because the budget is spent shows none/);
    assert.match(text, /<a href="\/sandbox#console-requests">Refresh<\/a>/);
    assert.ok(text.includes(`<code>${h.sandbox.requestsUrl}?since=N</code>`), 'the JSON list on the org');
  });

  test('a System Log view the app fetched from Okta appears as one row, newest first, with the budget sent back', async () => {
    const browser = await signInToApp(h);
    const latest = h.sandbox.managementApi.received.latest;
    assert.equal((await browser.request(`${h.baseUrl}/logs`)).status, 200);
    assert.equal((await browser.request(`${h.baseUrl}/users`)).status, 200);
    const calls = h.sandbox.managementApi.received.since(latest);
    assert.deepEqual(
      calls.map((call) => call.url.split('?')[0]),
      ['/api/v1/logs', '/api/v1/users'],
      'one call per page view',
    );
    const [logs, users] = calls;
    assert.ok(logs?.rateLimit && users?.rateLimit);

    const page = await browser.request(`${h.baseUrl}/sandbox`);
    const [first, second] = rows(page.body);
    const clock = (epochSeconds: number) => `${new Date(epochSeconds * 1000).toISOString().slice(11, 19)} UTC`;
    assert.deepEqual(first, [
      String(users.sequence),
      `${new Date(users.receivedAt).toISOString().slice(11, 19)} UTC`,
      'GET',
      users.url.replaceAll('&', '&amp;'),
      'Bearer',
      h.sandbox.org.webApp.clientId,
      '200',
      `${users.rateLimit.remaining} of ${users.rateLimit.limit}`,
      clock(users.rateLimit.reset),
    ]);
    assert.equal(second?.[0], String(logs.sequence));
    assert.equal(second?.[3], logs.url.replaceAll('&', '&amp;'));
    assert.equal(second?.[7], `${logs.rateLimit.remaining} of ${logs.rateLimit.limit}`);
    assert.ok(page.body.includes(`Latest sequence number so far: ${users.sequence}.`));
  });

  test('a call with the SSWS API token shows its scheme and no client id, and never the token', async () => {
    const token = h.sandbox.org.apiToken.token;
    assert.equal(await rawSandboxGet('/api/v1/users?limit=1', `SSWS ${token}`), 200);
    const page = await new Browser().request(`${h.baseUrl}/sandbox`);
    const [first] = rows(page.body);
    assert.deepEqual(first?.slice(3, 7), ['/api/v1/users?limit=1', 'SSWS', 'none (API token)', '200']);
    assert.ok(!page.body.includes(token), 'no SSWS token on the page');
  });

  test('a path sent by anyone is escaped, and a long one cut with the whole of it in a tooltip', async () => {
    const hostile = '/api/v1/logs?q=<script>alert("x")</script>&x=1';
    assert.equal(await rawSandboxGet(hostile, 'Bearer nobody'), 401);
    const long = `/api/v1/users?q=${'a'.repeat(400)}`;
    assert.equal(await rawSandboxGet(long, 'Bearer nobody'), 401);
    const page = await new Browser().request(`${h.baseUrl}/sandbox`);
    assert.ok(!page.body.includes('<script>alert'), 'no markup from the path');
    const [cut, escaped] = rows(page.body);
    assert.match(
      escaped?.[3] ?? '',
      /^\/api\/v1\/logs\?q=&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;&amp;x=1$/,
    );
    assert.deepEqual(escaped?.slice(4, 7), ['Bearer', 'none', '401']);
    assert.equal(Array.from(cut?.[3] ?? '').length, 240, 'cut to 240 characters');
    assert.match(cut?.[3] ?? '', /…$/);
    assert.ok(page.body.includes(`title="${long}"`), 'the whole path in a tooltip');
  });
});
