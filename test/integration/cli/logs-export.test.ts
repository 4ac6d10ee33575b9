/**
 * `okta-scoped-viewer logs export` spawned as a process against a sandbox org: the file holds exactly the bounded
 * query's events (read again here with src/okta), as NDJSON or as the app's CSV; Ctrl-C leaves whole rows and
 * exit code 130; with no configuration at all the CLI runs its own sandbox.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { csvHeader, csvRows } from '../../../src/logs/csv.ts';
import type { LogEvent } from '../../../src/okta/index.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { type CliPlace, cliPlace, eventsBetween, runCli, serviceAppFlags, spawnCli } from './cli-process.ts';

let sandbox: RunningSandbox;
let place: CliPlace;
// A fixed range in the past: the CLI's own token requests add events, but after it.
const until = new Date(Date.now() - 60_000);
const since = new Date(until.getTime() - 3 * 24 * 3600_000);
let expected: LogEvent[];

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000' });
  place = await cliPlace();
  // The same bounded query, read here with src/okta as the super admin (SSWS): what the export must hold.
  expected = await eventsBetween(sandbox, since, until);
  assert.ok(expected.length > 1000, 'the range spans more than one page');
});
after(async () => {
  await sandbox?.close();
  await place?.remove();
});

const range = () => ['--since', since.toISOString(), '--until', until.toISOString()];

describe('logs export', () => {
  test('NDJSON on stdout is the whole bounded query, event for event', async () => {
    const result = await runCli(['logs', 'export', ...range(), ...serviceAppFlags(sandbox)], place);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines.pop(), '', 'the last line ends with a newline');
    assert.deepEqual(
      lines.map((line) => JSON.parse(line) as LogEvent),
      expected,
    );
    assert.match(result.stderr, new RegExp(`Exported ${expected.length} events in 2 pages to stdout`));
    assert.match(result.stderr, /calls left until/, 'the budget is reported');
  });

  test('CSV to --output is the app’s formula-safe CSV of the same events', async () => {
    const file = join(place.cwd, 'events.csv');
    const result = await runCli(
      ['logs', 'export', ...range(), '--format', 'csv', '--output', 'events.csv', ...serviceAppFlags(sandbox)],
      place,
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, '', 'data goes to the file only');
    assert.equal(await readFile(file, 'utf8'), csvHeader() + csvRows(expected));
  });

  test('Ctrl-C stops the calls, ends the file with whole rows, says how far it got, exit 130', async () => {
    // Every page takes 4 s, so the second one is still on its way when the first has been written.
    const removeLatency = sandbox.managementApi.faults.set({ path: '/api/v1/logs*', latencyMs: 4000 });
    try {
      const run = spawnCli(
        ['logs', 'export', ...range(), '--format', 'csv', '--output', 'partial.csv', ...serviceAppFlags(sandbox)],
        place,
      );
      await run.waitFor('stderr', (text) => /1000 events in 1 page;/.test(text));
      run.child.kill('SIGINT');
      const result = await run.exited;
      assert.equal(result.code, 130, result.stderr);
      const published = expected[999]?.published ?? '';
      assert.match(result.stderr, new RegExp(`Interrupted: 1000 events written .*last event published ${published}`));
      assert.equal(
        await readFile(join(place.cwd, 'partial.csv'), 'utf8'),
        csvHeader() + csvRows(expected.slice(0, 1000)),
      );
    } finally {
      removeLatency();
    }
  });
});

describe('with no configuration at all', () => {
  test('the CLI starts its own sandbox org, says so, and exports the last day', async () => {
    const empty = await cliPlace();
    try {
      const oneDayAgo = new Date(Date.now() - 24 * 3600_000).toISOString();
      const result = await runCli(['logs', 'export', '--since', oneDayAgo], empty);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stderr, /No Okta settings found .* local sandbox org .*not a real Okta org/);
      const events = result.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as LogEvent);
      assert.ok(events.length > 100, `a day of seeded events, got ${events.length}`);
      assert.ok(events.every((event) => String(event.published) >= oneDayAgo));
    } finally {
      await empty.remove();
    }
  });
});
