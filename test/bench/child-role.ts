/**
 * Benchmarks run their servers (the sandbox org, the app) in child processes of their own, so that no server
 * shares an event loop with the load it is measured under. A child runs the benchmark's own file with a role
 * argument, prints one JSON line when it is ready, and runs until the parent closes its stdin.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** A started child and what it said when it was ready. */
export interface ReadyChild<T> {
  child: ChildProcess;
  ready: T;
}

/**
 * Runs `file` with `args` in a child (through tsx, after `nodeOptions`) and waits, at most `timeoutMs`, for the
 * first line that starts with `{`: the child's ready message.
 */
export async function startChildRole<T>(
  file: string,
  args: readonly string[],
  options: { nodeOptions?: readonly string[]; timeoutMs?: number } = {},
): Promise<ReadyChild<T>> {
  const child = spawn(process.execPath, [...(options.nodeOptions ?? []), '--import', 'tsx', file, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const timer = setTimeout(() => child.kill(), options.timeoutMs ?? 120_000);
  try {
    for await (const line of lines) {
      if (line.startsWith('{')) return { child, ready: JSON.parse(line) as T };
    }
    throw new Error(`child ${args[0] ?? file} exited before it was ready`);
  } finally {
    clearTimeout(timer);
  }
}

/** In a child: tells the parent it is ready, then runs until the parent closes stdin (or exits). */
export async function readyUntilStdinEnds(ready: unknown): Promise<void> {
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  process.stdin.resume();
  await once(process.stdin, 'end');
}

/** In the parent: ends a child (closing its stdin), killing it if it has not exited within 10 s. */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.stdin?.end();
  const kill = setTimeout(() => child.kill(), 10_000);
  await exited;
  clearTimeout(kill);
}
