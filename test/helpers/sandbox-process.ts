import { type ChildProcessByStdio, spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import type { SandboxConnectionInfo } from '../../src/sandbox/connection-info.ts';
import type { ReceivedRequestsJson } from '../../src/sandbox/requests-list.ts';
import { freePort } from './app-harness.ts';

type Child = ChildProcessByStdio<null, Readable, Readable>;

const ROOT = new URL('../../', import.meta.url).pathname;
const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

/** What {@link startSandboxProcess} starts the sandbox org with. */
export interface SandboxProcessOptions {
  /** The app's base URL: the web app's redirect URIs follow it. */
  appBaseUrl: string;
  /** Org-wide `/api/v1/logs` requests per window (`--logs-limit`). */
  logsLimit?: number;
  /** The share of a bucket one app or API token may use, above 0 and at most 1 (`--per-app-share`). */
  perAppShare?: number;
  /** Access-token lifetime (`--access-token-seconds`). */
  accessTokenSeconds?: number;
  /** The rate-limit window (`--rate-window-seconds`). */
  rateWindowSeconds?: number;
}

/** The sandbox org running as its own process (`npm run sandbox -- --json`). */
export interface SandboxProcess {
  /** The line the process printed: org URL, issuer, web app credentials, SSWS token, requests URL. */
  info: SandboxConnectionInfo;
  /** `GET /sandbox/requests[?since=N]` on the org: the management-API requests received after `since`. */
  requests(since?: number): Promise<ReceivedRequestsJson>;
  /** SIGTERM, then waits for the process to exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/** Starts `src/sandbox/cli.ts --json` on a free port and waits (30 s at most) for its connection info. */
export async function startSandboxProcess(options: SandboxProcessOptions): Promise<SandboxProcess> {
  const args = ['--port', String(await freePort()), '--app-base-url', options.appBaseUrl, '--json'];
  if (options.logsLimit !== undefined) args.push('--logs-limit', String(options.logsLimit));
  if (options.perAppShare !== undefined) args.push('--per-app-share', String(options.perAppShare));
  if (options.rateWindowSeconds !== undefined) args.push('--rate-window-seconds', String(options.rateWindowSeconds));
  if (options.accessTokenSeconds !== undefined) args.push('--access-token-seconds', String(options.accessTokenSeconds));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/sandbox/cli.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(String(signal ?? code)));
    child.once('error', (error) => resolve(error.message));
  });

  let info: SandboxConnectionInfo;
  try {
    info = await readInfo(child, exited, () => stderr);
  } catch (error) {
    await stopChild(child, exited);
    throw error;
  }
  return {
    info,
    async requests(since) {
      const url = since === undefined ? info.requestsUrl : `${info.requestsUrl}?since=${since}`;
      const response = await fetch(url);
      if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`);
      return (await response.json()) as ReceivedRequestsJson;
    },
    stop: () => stopChild(child, exited),
  };
}

/** The first line of stdout, parsed; rejects with the process's stderr if it exits or stays silent. */
function readInfo(child: Child, exited: Promise<string>, stderr: () => string): Promise<SandboxConnectionInfo> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`the sandbox process printed no JSON within ${READY_TIMEOUT_MS / 1000} s:\n${stderr()}`)),
      READY_TIMEOUT_MS,
    );
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const end = stdout.indexOf('\n');
      if (end === -1) return;
      clearTimeout(timer);
      try {
        resolve(JSON.parse(stdout.slice(0, end)) as SandboxConnectionInfo);
      } catch {
        reject(new Error(`the sandbox process printed something other than JSON: ${stdout.slice(0, end)}`));
      }
    });
    void exited.then((how) => {
      clearTimeout(timer);
      reject(new Error(`the sandbox process ended (${how}) before it was ready:\n${stderr()}`));
    });
  });
}

async function stopChild(child: Child, exited: Promise<string>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
