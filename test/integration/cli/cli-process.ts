/**
 * The CLI as a user runs it: `bin/okta-scoped-viewer.js` spawned as its own process, in a temporary working
 * directory with a temporary HOME (so no real ~/.okta/okta.yaml or OKTA_CLIENT_* variable leaks in).
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { createOktaClient, type LogEvent } from '../../../src/okta/index.ts';
import type { RunningSandbox } from '../../../src/sandbox/sandbox.ts';

const BIN = new URL('../../../bin/okta-scoped-viewer.js', import.meta.url).pathname;

/** A temporary working directory and HOME for one CLI run. */
export interface CliPlace {
  cwd: string;
  home: string;
  /** Writes `./okta.yaml` (in cwd) or `~/.okta/okta.yaml` (in home). */
  writeYaml(where: 'cwd' | 'home', text: string): Promise<void>;
  remove(): Promise<void>;
}

/** Creates a fresh place. */
export async function cliPlace(): Promise<CliPlace> {
  const root = await mkdtemp(join(tmpdir(), 'osv-cli-test-'));
  const cwd = join(root, 'work');
  const home = join(root, 'home');
  await mkdir(cwd);
  await mkdir(join(home, '.okta'), { recursive: true });
  return {
    cwd,
    home,
    async writeYaml(where, text) {
      await writeFile(where === 'cwd' ? join(cwd, 'okta.yaml') : join(home, '.okta', 'okta.yaml'), text);
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}

/** A running CLI process with what it printed so far. */
export interface CliProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  stdout(): string;
  stderr(): string;
  /** Resolves once `test(output)` holds for stdout or stderr (rejects when the process ends first). */
  waitFor(stream: 'stdout' | 'stderr', test: (text: string) => boolean, timeoutMs?: number): Promise<void>;
  /** The exit code (or signal name) and everything printed. */
  exited: Promise<CliResult>;
}

/** How a CLI run ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI with `args` in `place`; `env` is all of its environment besides PATH and HOME. */
export function spawnCli(args: readonly string[], place: CliPlace, env: Record<string, string> = {}): CliProcess {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: place.cwd,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: place.home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  const listeners = new Set<() => void>();
  for (const name of ['stdout', 'stderr'] as const) {
    child[name].setEncoding('utf8');
    child[name].on('data', (chunk: string) => {
      output[name] += chunk;
      for (const listener of listeners) listener();
    });
  }
  const exited = new Promise<CliResult>((resolve) => {
    child.once('close', (code, signal) => {
      resolve({ code, signal, ...output });
      for (const listener of listeners) listener();
    });
  });
  let ended = false;
  void exited.then(() => {
    ended = true;
  });
  return {
    child,
    stdout: () => output.stdout,
    stderr: () => output.stderr,
    exited,
    waitFor(stream, test, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`no matching ${stream} within ${timeoutMs} ms:\n${output[stream]}\n${output.stderr}`));
        }, timeoutMs);
        const check = () => {
          if (test(output[stream])) {
            clearTimeout(timer);
            listeners.delete(check);
            resolve();
          } else if (ended) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`the CLI ended before the expected ${stream}:\n${output.stdout}\n${output.stderr}`));
          }
        };
        listeners.add(check);
        check();
      });
    },
  };
}

/** Runs the CLI to its end. */
export function runCli(args: readonly string[], place: CliPlace, env: Record<string, string> = {}): Promise<CliResult> {
  return spawnCli(args, place, env).exited;
}

/** The flags that make the CLI the sandbox's API Services app (key as the JWK file the sandbox wrote). */
export function serviceAppFlags(sandbox: RunningSandbox): string[] {
  const { serviceApp } = sandbox.org;
  return [
    '--org-url',
    sandbox.issuer,
    '--client-id',
    serviceApp.clientId,
    '--private-key',
    sandbox.serviceAppKeyFiles.jwkPath,
    '--key-id',
    String(serviceApp.privateJwk.kid),
  ];
}

/** The bounded query's events read with src/okta as the super admin (SSWS): what an export of it must hold. */
export async function eventsBetween(sandbox: RunningSandbox, since: Date, until: Date): Promise<LogEvent[]> {
  const client = createOktaClient({ orgUrl: sandbox.issuer, apiToken: sandbox.org.apiToken.token });
  const events: LogEvent[] = [];
  for await (const event of client.logs.events({ since, until, sortOrder: 'ASCENDING', limit: 1000 })) {
    events.push(event);
  }
  await client.close();
  return events;
}
