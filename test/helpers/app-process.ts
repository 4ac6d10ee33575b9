/**
 * The app as `npm start` runs it: `src/server.ts` in a child process of its own, configured by environment
 * variables only. Used by the tests that run several instances against one Redis and one sandbox org.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './app-harness.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const READY = /okta-scoped-viewer is running/;

/** A running app process. */
export interface AppProcess {
  /** Where this instance listens, e.g. http://localhost:41234 (the browser may be told another APP_BASE_URL). */
  readonly url: string;
  readonly port: number;
  /** The process id, e.g. to read its memory from /proc/<pid>/status. */
  readonly pid: number;
  /** Everything it printed on stdout and stderr so far. */
  output(): string;
  /** Whether it has exited (it never should on its own). */
  exited(): boolean;
  /** SIGTERM, then waits for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
}

/**
 * Starts `src/server.ts` with `env` (plus PORT, HOST) and waits until it listens (at most 60 s). `nodeArgs` go to
 * node before the TypeScript loader, e.g. `--inspect=127.0.0.1:9230` or `--max-old-space-size=128`.
 */
export async function startAppProcess(
  env: Record<string, string>,
  port?: number,
  nodeArgs: readonly string[] = [],
): Promise<AppProcess> {
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(chosen),
      HOST: 'localhost',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exitCode: number | null | undefined;
  const exit = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const listening = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start in 60 s:\n${output}`)), 60_000);
    const check = () => {
      if (READY.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${exitCode} before listening:\n${output}`));
    });
  });
  try {
    await listening;
  } catch (error) {
    // A process that never became ready must not outlive the caller that gave up on it.
    if (exitCode === undefined) {
      child.kill('SIGKILL');
      await exit;
    }
    throw error;
  }
  const pid = child.pid;
  if (pid === undefined) throw new Error(`the app process has no pid:\n${output}`);
  return {
    url: `http://localhost:${chosen}`,
    port: chosen,
    pid,
    output: () => output,
    exited: () => exitCode !== undefined,
    async stop() {
      if (exitCode !== undefined) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
    },
  };
}
