/**
 * `okta-scoped-viewer logs tail` spawned as a process: an event written into the sandbox's System Log after the
 * tail started is printed as one NDJSON line at the next poll, only events matching --filter are printed, and
 * Ctrl-C ends it with exit code 130.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { buildLogEvent } from '../../../src/sandbox/log-event-factory.ts';
import type { LogEvent } from '../../../src/sandbox/okta-types.ts';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { type CliPlace, cliPlace, serviceAppFlags, spawnCli } from './cli-process.ts';

let sandbox: RunningSandbox;
let place: CliPlace;

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: false });
  place = await cliPlace();
});
after(async () => {
  await sandbox?.close();
  await place?.remove();
});

function appendEvent(eventType: string, displayName: string): LogEvent {
  const event = buildLogEvent({
    eventType,
    displayMessage: 'User login to Okta',
    actor: { id: '00u1', type: 'User', alternateId: 'admin@sandbox.example', displayName, detailEntry: null },
    outcome: { result: 'SUCCESS' },
    request: { ipAddress: '203.0.113.9', userAgent: 'test' },
  });
  sandbox.org.systemLog.append(event);
  return event;
}

test('logs tail prints a new event at its next poll and exits 130 on Ctrl-C', async () => {
  const run = spawnCli(
    ['logs', 'tail', '--filter', 'eventType eq "user.session.start"', ...serviceAppFlags(sandbox)],
    place,
  );
  try {
    // The first poll has been answered once the tail says when the next one is.
    await run.waitFor('stderr', (text) => /next poll at/.test(text));
    const skipped = appendEvent('user.session.end', 'Not Matching');
    const wanted = appendEvent('user.session.start', 'Tail Watcher');
    await run.waitFor('stdout', (text) => text.includes(String(wanted.uuid)));
    const lines = run.stdout().trimEnd().split('\n');
    assert.deepEqual(JSON.parse(lines.at(-1) ?? '{}').uuid, wanted.uuid, 'one whole NDJSON line per event');
    assert.ok(!run.stdout().includes(String(skipped.uuid)), 'the filter applies');
    assert.match(run.stderr(), /calls left until/, 'the budget is reported');
  } finally {
    run.child.kill('SIGINT');
  }
  const result = await run.exited;
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stderr, /Stopped: 1 event printed/);
});

test('a tail that outlives its access token gets a new one and never sends an expired token', async () => {
  const shortLived = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: false, accessTokenTtlSeconds: 2 });
  const grants: string[] = [];
  shortLived.provider.on('client_credentials.saved', (token: { jti: string }) => grants.push(token.jti));
  const run = spawnCli(['logs', 'tail', ...serviceAppFlags(shortLived)], place);
  try {
    await run.waitFor('stderr', (text) => /next poll at/.test(text));
    const firstTokens = grants.length;
    // Past the first token's two seconds before anything new is written.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const event = buildLogEvent({
      eventType: 'user.session.start',
      displayMessage: 'User login to Okta',
      actor: { id: '00u1', type: 'User', alternateId: 'admin@sandbox.example', displayName: 'Late', detailEntry: null },
      outcome: { result: 'SUCCESS' },
      request: { ipAddress: '203.0.113.9', userAgent: 'test' },
    });
    shortLived.org.systemLog.append(event);
    await run.waitFor('stdout', (text) => text.includes(String(event.uuid)));
    assert.ok(grants.length > firstTokens, 'a new token was granted after the first expired');
    const answered = shortLived.managementApi.received.forPath('/api/v1/logs').map((request) => request.status);
    assert.ok(answered.length >= 2);
    assert.ok(
      answered.every((status) => status === 200),
      `every poll was answered 200: ${answered.join(', ')}`,
    );
  } finally {
    run.child.kill('SIGINT');
    await run.exited;
    await shortLived.close();
  }
});
