/**
 * `--help` at every level of the CLI, with the exit codes; unknown commands and flags are usage problems (exit 2).
 * Runs the CLI in this process through runCli with its own streams: nothing is configured or started for help.
 */
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, test } from 'node:test';
import { runCli } from '../../../src/cli/run.ts';

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const code = await runCli(argv, {
    env: {},
    cwd: '/nonexistent',
    home: '/nonexistent',
    stdout,
    stderr,
    signal: new AbortController().signal,
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

describe('--help', () => {
  const levels = [
    { argv: [], usage: 'Usage: okta-scoped-viewer <command>' },
    { argv: ['--help'], usage: 'Usage: okta-scoped-viewer <command>' },
    { argv: ['logs', '--help'], usage: 'Usage: okta-scoped-viewer logs <export|tail>' },
    { argv: ['logs', 'export', '--help'], usage: 'Usage: okta-scoped-viewer logs export' },
    { argv: ['logs', 'tail', '-h'], usage: 'Usage: okta-scoped-viewer logs tail' },
    { argv: ['users', '--help'], usage: 'Usage: okta-scoped-viewer users list' },
    { argv: ['users', 'list', '--help'], usage: 'Usage: okta-scoped-viewer users list' },
    { argv: ['token', '--help'], usage: 'Usage: okta-scoped-viewer token' },
  ];
  for (const { argv, usage } of levels) {
    test(`okta-scoped-viewer ${argv.join(' ')}`, async () => {
      const result = await run(argv);
      assert.equal(result.code, 0);
      assert.ok(result.stdout.startsWith(usage), result.stdout);
      assert.match(result.stdout, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 .*\n {2}130 /);
      assert.equal(result.stderr, '');
    });
  }
});

describe('usage problems: exit 2 with one line', () => {
  const cases = [
    { argv: ['export'], message: /^Usage: unknown command "export"/ },
    { argv: ['logs', 'list'], message: /^Usage: unknown command "logs list"; try: logs export, logs tail/ },
    {
      argv: ['logs', 'export', '--bogus'],
      message: /^Usage: Unknown option '--bogus'\. Run okta-scoped-viewer --help\.$/,
    },
    { argv: ['token', 'extra'], message: /^Usage: unexpected argument "extra" for token/ },
    { argv: ['users', 'list', '--format', 'xml'], message: /^Usage: --format is "xml"\. Fix: use ndjson or csv\.$/ },
    {
      argv: ['logs', 'export', '--since', '2026-12-02T00:00:00Z', '--until', '2026-12-01T00:00:00Z'],
      message: /^Usage: --since \(2026-12-02T00:00:00\.000Z\) is not before --until/,
    },
  ];
  for (const { argv, message } of cases) {
    test(argv.join(' '), async () => {
      const result = await run(argv);
      assert.equal(result.code, 2);
      assert.match(result.stderr.trimEnd(), message);
      assert.equal(result.stderr.trimEnd().split('\n').length, 1);
      assert.equal(result.stdout, '');
    });
  }
});
