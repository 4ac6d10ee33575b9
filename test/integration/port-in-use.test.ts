import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type Server } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { freePort } from '../helpers/app-harness.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Another program on a port: listening on every address (IPv4 and IPv6), so any bind of that port fails. */
let squatter: Server;
let taken: number;

before(async () => {
  squatter = createServer();
  squatter.listen(0);
  await once(squatter, 'listening');
  const address = squatter.address();
  assert.ok(address && typeof address === 'object');
  taken = address.port;
});
after(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

/** Runs a start-up script as npm would, in sandbox mode whatever the caller's environment holds. */
async function run(
  script: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(OKTA_|APP_BASE_URL$|PORT$|SANDBOX_PORT$|HOST$)/.test(name)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...clean, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  try {
    const [code] = (await once(child, 'exit')) as [number | null];
    return { code, stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

function assertNoStack(stderr: string): void {
  assert.doesNotMatch(stderr, /^ {4}at /m, `no stack trace:\n${stderr}`);
  assert.doesNotMatch(stderr, /EADDRINUSE|Error:/, `no raw error:\n${stderr}`);
}

describe('a port already in use stops the start with the setting to change, not a stack', () => {
  test('npm start: PORT', async () => {
    const sandboxPort = await freePort();
    const { code, stderr } = await run('src/server.ts', { PORT: String(taken), SANDBOX_PORT: String(sandboxPort) });
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`PORT ${taken} is already in use by another program`));
    const suggested = Number(/set PORT to a free port, e\.g\. PORT=(\d+) npm start/.exec(stderr)?.[1]);
    assert.ok(suggested > taken && suggested !== sandboxPort, `a free port that is not SANDBOX_PORT:\n${stderr}`);
    assertNoStack(stderr);
  });

  test('npm start with an Okta org: PORT, and the redirect URI that has to follow it', async () => {
    const { code, stderr } = await run('src/server.ts', {
      PORT: String(taken),
      // A loopback org that nothing answers: the app starts without reaching Okta (discovery is lazy).
      OKTA_ORG_URL: `http://127.0.0.1:${await freePort()}`,
      OKTA_CLIENT_ID: '0oa-test-client',
      OKTA_CLIENT_SECRET: 'a-client-secret-for-the-test',
      SESSION_SECRET: 'a'.repeat(40),
    });
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`PORT ${taken} is already in use by another program`));
    assert.match(stderr, /APP_BASE_URL \(http:\/\/localhost:\d+\): if it names this port, change it too/);
    assert.match(stderr, /APP_BASE_URL\/authorization-code\/callback\) in your Okta app/);
    assertNoStack(stderr);
  });

  test('npm start: SANDBOX_PORT (the embedded sandbox org)', async () => {
    const { code, stderr } = await run('src/server.ts', {
      PORT: String(await freePort()),
      SANDBOX_PORT: String(taken),
    });
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`SANDBOX_PORT ${taken} is already in use by another program`));
    assert.match(stderr, /set SANDBOX_PORT to a free port, e\.g\. SANDBOX_PORT=\d+ npm start/);
    assertNoStack(stderr);
  });

  test('npm run sandbox: SANDBOX_PORT', async () => {
    const { code, stdout, stderr } = await run('src/sandbox/cli.ts', { SANDBOX_PORT: String(taken) });
    assert.equal(code, 1, stderr);
    assert.match(stderr, new RegExp(`SANDBOX_PORT ${taken} is already in use by another program`));
    assert.match(stderr, /set SANDBOX_PORT to a free port, e\.g\. SANDBOX_PORT=\d+ npm run sandbox/);
    assert.doesNotMatch(stdout, /Press Ctrl\+C/);
    assertNoStack(stderr);
  });
});
