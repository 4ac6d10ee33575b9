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
