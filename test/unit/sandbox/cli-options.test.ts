import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseSandboxCli } from '../../../src/sandbox/cli-options.ts';

describe('npm run sandbox: flags', () => {
  test('defaults: port 3001 on 127.0.0.1, no rate-limit overrides, a human description', () => {
    assert.deepEqual(parseSandboxCli([], {}), {
      ok: true,
      options: {
        port: 3001,
        portSetting: 'SANDBOX_PORT',
        host: '127.0.0.1',
        appBaseUrl: 'http://localhost:3000',
        rateLimits: {},
        accessTokenSeconds: undefined,
        json: false,
      },
    });
  });

  test('every flag given', () => {
    const parsed = parseSandboxCli(
      [
        '--port',
        '0',
        '--app-base-url',
        'http://localhost:4000',
        '--logs-limit',
        '6',
        '--per-app-share',
        '0.25',
        '--rate-window-seconds',
        '5',
        '--access-token-seconds',
        '65',
        '--json',
      ],
      { SANDBOX_PORT: '3999' },
    );
    assert.deepEqual(parsed, {
      ok: true,
      options: {
        port: 0,
        portSetting: '--port',
        host: '127.0.0.1',
        appBaseUrl: 'http://localhost:4000',
        rateLimits: { logs: 6, perAppShare: 0.25, windowMs: 5000 },
        accessTokenSeconds: 65,
        json: true,
      },
    });
  });

  test('SANDBOX_PORT when there is no --port', () => {
    const parsed = parseSandboxCli([], { SANDBOX_PORT: '3999' });
    assert.ok(parsed.ok);
    assert.deepEqual([parsed.options.port, parsed.options.portSetting], [3999, 'SANDBOX_PORT']);
  });

  const refused: { description: string; args: string[]; env?: Record<string, string>; error: RegExp }[] = [
    {
      description: 'an access-token lifetime under 10 s',
      args: ['--access-token-seconds', '5'],
      error: /^--access-token-seconds must be a whole number of seconds/,
    },
    { description: 'a port that is not a number', args: ['--port', 'x'], error: /^--port must be a port number/ },
    { description: 'a port out of range', args: ['--port', '70000'], error: /^--port must be a port number/ },
    {
      description: 'a bad SANDBOX_PORT',
      args: [],
      env: { SANDBOX_PORT: '' },
      error: /^SANDBOX_PORT must be a port number/,
    },
    { description: 'a logs limit of 0', args: ['--logs-limit', '0'], error: /^--logs-limit must be a whole number/ },
    { description: 'a fractional logs limit', args: ['--logs-limit', '2.5'], error: /^--logs-limit must be/ },
    { description: 'a logs limit in words', args: ['--logs-limit', 'ten'], error: /^--logs-limit must be/ },
    { description: 'a share of 0', args: ['--per-app-share', '0'], error: /^--per-app-share must be a fraction/ },
    { description: 'a share above 1', args: ['--per-app-share', '1.01'], error: /^--per-app-share must be/ },
    { description: 'a negative share', args: ['--per-app-share=-0.5'], error: /^--per-app-share must be/ },
    { description: 'a share in words', args: ['--per-app-share', 'half'], error: /^--per-app-share must be/ },
    { description: 'a window of 0 s', args: ['--rate-window-seconds', '0'], error: /^--rate-window-seconds must be/ },
    { description: 'a fractional window', args: ['--rate-window-seconds', '0.5'], error: /^--rate-window-seconds/ },
    { description: 'a flag without its value', args: ['--logs-limit'], error: /--logs-limit/ },
    { description: 'an unknown flag', args: ['--log-limit', '5'], error: /--log-limit/ },
    { description: 'a value for --json', args: ['--json=yes'], error: /--json/ },
  ];
  for (const c of refused) {
    test(`refused: ${c.description}, with one line that names the setting`, () => {
      const parsed = parseSandboxCli(c.args, c.env ?? {});
      assert.equal(parsed.ok, false);
      assert.ok(!parsed.ok);
      assert.match(parsed.error, c.error);
      assert.ok(!parsed.error.includes('\n'), 'one line');
    });
  }

  test('a share of exactly 1 is allowed', () => {
    const parsed = parseSandboxCli(['--per-app-share', '1'], {});
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.options.rateLimits, { perAppShare: 1 });
  });
});
