import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './app-harness.ts';

const REDIS_SERVER = '/usr/bin/redis-server';
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/** A real redis-server started by a test, on a free loopback port, with no persistence. */
export interface RunningRedis {
  port: number;
  /** `redis://[:password@]127.0.0.1:port` */
  url: string;
  /** Sends one command over a fresh connection and returns the raw RESP reply (for SAVE, DEBUG SLEEP, FLUSHALL). */
  command(...args: string[]): Promise<string>;
  /** Stops the server (SIGTERM), waits for it to exit and removes its directory; restart() still works after. */
  stop(): Promise<void>;
  /** Stops the server, then starts it again on the same port (its data is gone: no persistence). */
  restart(): Promise<void>;
  /** Runs SAVE and returns the snapshot file's bytes, to look for values stored in clear. */
  dump(): Promise<Buffer>;
}

export interface StartRedisOptions {
  /** Started with `--requirepass`; the URL carries it. */
  password?: string;
}

/** Starts `/usr/bin/redis-server` (Debian package `redis-server`) and waits until it answers PING. */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<RunningRedis> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing: install it with \`apt-get install redis-server\` (.ci/run does).`);
  }
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'osv-redis-'));
  const auth = options.password === undefined ? [] : ['--requirepass', options.password];
  let child: ChildProcess | undefined;

  const command = (...args: string[]) => sendCommand(port, options.password, args);

  async function start(): Promise<void> {
    await mkdir(dir, { recursive: true });
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
      '--enable-debug-command',
      'local',
    ];
    const started = spawn(REDIS_SERVER, [...args, ...auth], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output: string[] = [];
    started.stdout?.on('data', (chunk: Buffer) => output.push(String(chunk)));
    started.stderr?.on('data', (chunk: Buffer) => output.push(String(chunk)));
    child = started;
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (;;) {
      if (started.exitCode !== null) throw new Error(`redis-server exited at start:\n${output.join('')}`);
      try {
        if ((await command('PING')).startsWith('+PONG')) return;
      } catch {
        // Not listening yet.
      }
      if (Date.now() > deadline) {
        started.kill('SIGKILL');
        throw new Error(`redis-server did not answer PING within ${START_TIMEOUT_MS} ms:\n${output.join('')}`);
      }
      await sleep(25);
    }
  }

  async function stop(): Promise<void> {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  await start();
  return {
    port,
    url: `redis://${options.password === undefined ? '' : `:${encodeURIComponent(options.password)}@`}127.0.0.1:${port}`,
    command,
    async stop() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
    async restart() {
      await stop();
      await start();
    },
    async dump() {
      const reply = await command('SAVE');
      if (!reply.startsWith('+OK')) throw new Error(`SAVE failed: ${reply}`);
      return readFile(join(dir, 'dump.rdb'));
    },
  };
}

/** One command over a fresh RESP2 connection; resolves with the raw reply once a full line has arrived. */
function sendCommand(port: number, password: string | undefined, args: string[]): Promise<string> {
  const encode = (parts: string[]) =>
    `*${parts.length}\r\n${parts.map((part) => `$${Buffer.byteLength(part)}\r\n${part}\r\n`).join('')}`;
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const replies: string[] = [];
    let received = '';
    const expected = password === undefined ? 1 : 2;
    socket.setTimeout(START_TIMEOUT_MS, () => socket.destroy(new Error(`no reply to ${args[0]}`)));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received += String(chunk);
      // Replies used here are single lines (+OK, +PONG, -ERR …, :1) or short bulk strings.
      for (let end = received.indexOf('\r\n'); end !== -1; end = received.indexOf('\r\n')) {
        const line = received.slice(0, end);
        if (line.startsWith('$') && Number(line.slice(1)) >= 0) {
          const length = Number(line.slice(1));
          if (received.length < end + 2 + length + 2) break;
          replies.push(received.slice(0, end + 2 + length + 2));
          received = received.slice(end + 2 + length + 2);
        } else {
          replies.push(`${line}\r\n`);
          received = received.slice(end + 2);
        }
      }
      if (replies.length >= expected) {
        socket.end();
        resolve(replies[expected - 1] ?? '');
      }
    });
    socket.write((password === undefined ? '' : encode(['AUTH', password])) + encode(args));
  });
}
