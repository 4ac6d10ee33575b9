import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { test } from 'node:test';

const ROOT = new URL('../../../', import.meta.url).pathname;

test('npm run sandbox: prints issuer, client, accounts and API token, serves discovery, stops on SIGTERM', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/cli.ts', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no banner within 30 s:\n${output}`)), 30_000);
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('Press Ctrl+C')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited early with ${code}:\n${output}`)));
    });
    await ready;
    const issuer = /Issuer \(org authorization server\): (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
    assert.ok(issuer, output);
    assert.match(output, /Web app client id: +0oa\w{17}/);
    assert.match(output, /Web app client secret: +\S{20,}/);
    assert.match(output, /admin@sandbox\.example/);
    assert.match(output, /SSWS API token of the super admin .*: 00\S+/);
    const discovery = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as { issuer: string };
    assert.equal(discovery.issuer, issuer);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});

test('npm run sandbox -- --json: stdout is one line of JSON, the description goes to stderr', async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/cli.ts', '--port', '0', '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no JSON within 30 s:\n${stderr}`)), 30_000);
      // Ready once the JSON line and the closing words of the description are both out.
      const whenReady = () => {
        if (!stdout.includes('\n') || !stderr.includes('SIGTERM')) return;
        clearTimeout(timer);
        resolve();
      };
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        whenReady();
      });
      child.stderr.on('data', whenReady);
      child.once('exit', (code) => reject(new Error(`exited early with ${code}:\n${stderr}`)));
    });
    const info = JSON.parse(stdout) as Record<string, unknown>;
    assert.deepEqual(Object.keys(info), ['orgUrl', 'issuer', 'webApp', 'apiToken', 'requestsUrl', 'serviceApp']);
    assert.match(stderr, /Web app client id: +0oa\w{17}/);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
    assert.equal(stdout.split('\n').length, 2, `one line and nothing after it:\n${stdout}`);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
});
