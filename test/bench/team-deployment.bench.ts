/**
 * Benchmark of a team deployment against a free org's System Log budget: one app instance with its state in
 * memory, then two instances sharing one redis-server, under the same load, in the same run.
 *
 *   npx tsx test/bench/team-deployment.bench.ts   # TEAM_BENCH_SECONDS=60 TEAM_BENCH_WARMUP_SECONDS=10 by default
 *   TEAM_BENCH_NEW_SHARE=0.02                     # the share of views that ask a query nobody asked before
 *   TEAM_BENCH_NODE_ARGS='--max-old-space-size=96' # more node flags for the app processes, e.g. to see what the peak RSS is made of
 *
 * Every server is its own process, started as it is deployed: the sandbox org (`npm run sandbox`) with a free
 * org's `/api/v1/logs` bucket (20 a minute, half of it for one app: 10 calls per 60 s window), `src/server.ts`
 * for each app instance (with `--inspect` on loopback, to force a GC and read the live heap), and redis-server for
 * the second scenario. Each scenario starts with a fresh sandbox, so each starts with a full budget. This process
 * signs in once and sends the load with that one session cookie: 50 connections in a closed loop (split 25/25
 * over the two instances), mostly the same few views, plus a share of new searches (`q=<random word>`) that no
 * cache can answer. Okta calls are counted from what the sandbox says it received (`GET /sandbox/requests`),
 * never from inside the app. Targets: Okta calls answered 200 within the budget granted (the per-app limit times
 * the windows the run spans), at most one 429 per window, no answer >= 500, the live heap at the end within 10 %
 * of the one after the warm-up. Never run by the test suites.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { WebSocket } from 'undici';
import { SANDBOX_PASSWORD } from '../../src/sandbox/directory.ts';
import type { ReceivedRequestJson } from '../../src/sandbox/requests-list.ts';
import { freePort } from '../helpers/app-harness.ts';
import { type AppProcess, startAppProcess } from '../helpers/app-process.ts';
import { Browser } from '../helpers/browser.ts';
import { startRedisServer } from '../helpers/redis-server.ts';
import { type SandboxProcess, startSandboxProcess } from '../helpers/sandbox-process.ts';

const SECONDS = positive(process.env.TEAM_BENCH_SECONDS, 60);
const WARMUP_SECONDS = positive(process.env.TEAM_BENCH_WARMUP_SECONDS, 10);
const NEW_SHARE = share(process.env.TEAM_BENCH_NEW_SHARE, 0.02);
const NODE_ARGS = (process.env.TEAM_BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const CONNECTIONS = 50;
const LOGS_LIMIT = 20;
const PER_APP_SHARE = 0.5;
/** What a team asks again and again: the default views and the failures of the day. */
const COMMON_QUERIES = ['range=24h', 'range=7d', 'range=24h&outcome=FAILURE'] as const;
const SESSION_SECRET = randomBytes(32).toString('base64url');
const HEAP_TARGET = 0.1;

function positive(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
}

function share(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && value !== '' && parsed >= 0 && parsed <= 1 ? parsed : fallback;
}

// -------------------------------------------------------------------------------------------------------------
// Cleanup: every process started is stopped, in reverse order, whatever happens.

type Stopper = () => Promise<void>;
const running: Stopper[] = [];

async function stopAll(): Promise<void> {
  while (running.length > 0) {
    const stop = running.pop() as Stopper;
    try {
      await stop();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping every process this benchmark started`);
    void stopAll().finally(() => process.exit(130));
  });
}

// -------------------------------------------------------------------------------------------------------------
// The load.

/** A `/logs` path: one of the common views, or now and then a search no one made before. */
function nextPath(): string {
  const common = COMMON_QUERIES[Math.floor(Math.random() * COMMON_QUERIES.length)] as string;
  if (Math.random() >= NEW_SHARE) return `/logs?${common}`;
  return `/logs?${common}&q=${randomBytes(4).toString('hex')}`;
}

/** What the load generator saw, from every response (autocannon's own latency histogram skips non-2xx). */
interface LoadResult {
  seconds: number;
  responses: number;
  latencies: number[];
  /** When answers slower than 5 s arrived: UTC time of day to the second → count. */
  slowAt: Map<string, number>;
  byStatus: Map<number, number>;
  /** Requests with no answer within autocannon's 10 s timeout (the connection is then closed). */
  timeouts: number;
  /** Other requests with no answer (connection errors). */
  errors: number;
}

/** `connections` each against every one of `urls` at the same time, for `seconds`, with the session cookie. */
async function load(urls: readonly string[], cookie: string, connections: number, seconds: number) {
  const result: LoadResult = {
    seconds,
    responses: 0,
    latencies: [],
    slowAt: new Map(),
    byStatus: new Map(),
    timeouts: 0,
    errors: 0,
  };
  await Promise.all(
    urls.map(
      (url) =>
        new Promise<void>((resolve, reject) => {
          const instance = autocannon(
            {
              url: `${url}/logs`,
              connections,
              duration: seconds,
              headers: { cookie, accept: 'text/html' },
              requests: [{ setupRequest: (request) => ({ ...request, path: nextPath() }) }],
            },
            (error, summary) => {
              if (error) return reject(error);
              // autocannon counts a timeout among its errors too.
              result.timeouts += summary.timeouts;
              result.errors += summary.errors - summary.timeouts;
              resolve();
            },
          );
          instance.on('response', (_client, status, _bytes, responseTime) => {
            result.responses += 1;
            result.latencies.push(responseTime);
            if (responseTime > 5000) {
              const second = new Date().toISOString().slice(11, 19);
              result.slowAt.set(second, (result.slowAt.get(second) ?? 0) + 1);
            }
            result.byStatus.set(status, (result.byStatus.get(status) ?? 0) + 1);
          });
        }),
    ),
  );
  return result;
}

// -------------------------------------------------------------------------------------------------------------
// Okta calls, as the sandbox received them.

/**
 * Reads the sandbox's list of received requests twice a second: it keeps only the latest 1000, and an app that
 * ignores the budget can make more than that in a run. A request still pending is read again until it is answered.
 */
class RequestRecorder {
  readonly #seen = new Map<number, ReceivedRequestJson>();
  #since = 0;
  /** Requests that left the sandbox's list before they were read. */
  lost = 0;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> = Promise.resolve();

  constructor(private readonly sandbox: SandboxProcess) {}

  start(): void {
    this.#timer = setInterval(() => {
      this.#polling = this.#polling.then(() => this.poll()).catch((error: unknown) => console.error(error));
    }, 500);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#polling;
    await this.poll();
  }

  async poll(): Promise<void> {
    const { requests, latest } = await this.sandbox.requests(this.#since);
    const first = requests[0];
    if (first !== undefined && first.sequence > this.#since + 1) this.lost += first.sequence - this.#since - 1;
    if (first === undefined && latest > this.#since) this.lost += latest - this.#since;
    for (const entry of requests) this.#seen.set(entry.sequence, entry);
    const pending = requests.find((entry) => entry.outcome === 'pending');
    this.#since = pending === undefined ? latest : pending.sequence - 1;
  }

  /** `/api/v1/logs` calls, oldest first. */
  logCalls(): ReceivedRequestJson[] {
    return [...this.#seen.values()]
      .filter((entry) => entry.path.startsWith('/api/v1/logs'))
      .sort((a, b) => a.sequence - b.sequence);
  }
}

interface CallCounts {
  total: number;
  byStatus: Map<string, number>;
  /** The rate-limit windows the calls fell in (distinct `X-Rate-Limit-Reset` values) and the limit of each. */
  windows: { reset: number; limit: number; ok: number; limited: number }[];
  /** The per-app limit summed over the windows: what Okta let the app spend. */
  budget: number;
  lost: number;
}

function countCalls(calls: readonly ReceivedRequestJson[], lost: number): CallCounts {
  const byStatus = new Map<string, number>();
  const windows = new Map<number, { reset: number; limit: number; ok: number; limited: number }>();
  for (const call of calls) {
    const status = call.status === null ? call.outcome : String(call.status);
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    if (call.rateLimit === null) continue;
    const window = windows.get(call.rateLimit.reset) ?? { reset: call.rateLimit.reset, limit: 0, ok: 0, limited: 0 };
    window.limit = Math.max(window.limit, call.rateLimit.limit);
    if (call.status === 200) window.ok += 1;
    if (call.status === 429) window.limited += 1;
    windows.set(window.reset, window);
  }
  const list = [...windows.values()].sort((a, b) => a.reset - b.reset);
  return {
    total: calls.length,
    byStatus,
    windows: list,
    budget: list.reduce((sum, window) => sum + window.limit, 0),
    lost,
  };
}

// -------------------------------------------------------------------------------------------------------------
// Memory of an app process: the live heap through the inspector, the resident set from /proc.

/** A connection to an app process's inspector (Chrome DevTools Protocol over a WebSocket). */
class Inspector {
  readonly #replies = new Map<number, (message: { result?: unknown; error?: { message: string } }) => void>();
  #next = 1;

  private constructor(private readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      const message = JSON.parse(event.data) as { id?: number; result?: unknown; error?: { message: string } };
      if (message.id !== undefined) this.#replies.get(message.id)?.(message);
    });
  }

  static async connect(port: number): Promise<Inspector> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
      webSocketDebuggerUrl?: string;
    }[];
    const url = targets[0]?.webSocketDebuggerUrl;
    if (url === undefined) throw new Error(`no inspector target on port ${port}`);
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${url}`)), {
        once: true,
      });
    });
    return new Inspector(socket);
  }

  send(method: string, params: Record<string, unknown> = {}): Promise<unknown> {
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${method}: no answer in 30 s`)), 30_000);
      this.#replies.set(id, (message) => {
        clearTimeout(timer);
        this.#replies.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else resolve(message.result);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  /** Forces a full GC and returns the live heap, in bytes. */
  async liveHeap(): Promise<number> {
    await this.send('HeapProfiler.collectGarbage');
    return ((await this.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
  }

  /** `process.memoryUsage()` in the app process. */
  async memoryUsage(): Promise<NodeJS.MemoryUsage> {
    const reply = (await this.send('Runtime.evaluate', {
      expression: 'JSON.stringify(process.memoryUsage())',
      returnByValue: true,
    })) as { result: { value: string } };
    return JSON.parse(reply.result.value) as NodeJS.MemoryUsage;
  }

  close(): void {
    this.socket.close();
  }
}

/** The largest of each `process.memoryUsage()` figure over samples taken every `everyMs` until stopped. */
function sampleMemory(inspector: Inspector, everyMs: number): { stop(): Promise<NodeJS.MemoryUsage> } {
  const max: NodeJS.MemoryUsage = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  let sampling: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    sampling = sampling
      .then(async () => {
        const usage = await inspector.memoryUsage();
        for (const key of Object.keys(max) as (keyof NodeJS.MemoryUsage)[]) max[key] = Math.max(max[key], usage[key]);
      })
      .catch((error: unknown) => console.error(error));
  }, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await sampling;
      return max;
    },
  };
}

interface Rss {
  peak: number;
  current: number;
}

/** VmHWM (peak resident set) and VmRSS of a process, in bytes. */
async function residentSet(pid: number): Promise<Rss> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { peak: kib('VmHWM') * 1024, current: kib('VmRSS') * 1024 };
}

// -------------------------------------------------------------------------------------------------------------
// One scenario.

interface Instance {
  app: AppProcess;
  inspector: Inspector;
}

interface InstanceMemory {
  /** VmRSS once signed in, before any load. */
  rssIdle: number;
  /** VmHWM after the warm-up, and at the end. */
  peakRssAfterWarmup: number;
  peakRss: number;
  rssAtEnd: number;
  heapAfterWarmup: number;
  heapAtEnd: number;
  /** The largest `process.memoryUsage()` figures sampled during the measured run. */
  underLoad: NodeJS.MemoryUsage;
}

interface ScenarioResult {
  name: string;
  load: LoadResult;
  calls: CallCounts;
  memory: InstanceMemory[];
  /** Anything an app process printed at warn level or above, and whether one exited. */
  problems: string[];
}

/** What an app process logged at warn level or above, counted by message and error code, with when. */
function logProblems(app: AppProcess): string[] {
  const seen = new Map<string, { count: number; times: Set<string>; example: string }>();
  for (const line of app.output().split('\n')) {
    let entry: { level?: number; time?: number; msg?: string; errorCode?: string; err?: { cause?: string } };
    try {
      entry = JSON.parse(line) as typeof entry;
    } catch {
      continue;
    }
    if ((entry.level ?? 0) < 40) continue;
    const cause = entry.err?.cause?.split(':')[0];
    const key = [entry.msg, entry.errorCode, cause].filter(Boolean).join(' / ');
    const found = seen.get(key) ?? { count: 0, times: new Set<string>(), example: entry.err?.cause ?? '' };
    found.count += 1;
    if (entry.time !== undefined) found.times.add(new Date(entry.time).toISOString().slice(11, 19));
    seen.set(key, found);
  }
  return [...seen].map(
    ([key, { count, times, example }]) =>
      `${app.url} logged ${count}× ${key} (at ${[...times].slice(0, 5).join(', ')})${example ? `, e.g. ${example.slice(0, 240)}` : ''}`,
  );
}

async function signIn(app: AppProcess): Promise<string> {
  const browser = new Browser();
  const { stoppedAt } = await browser.follow(`${app.url}/login`, {
    credentials: { username: 'admin@sandbox.example', password: SANDBOX_PASSWORD },
    stop: (url) => url.pathname === '/authorization-code/callback',
  });
  if (!stoppedAt) throw new Error('the sandbox did not send the browser back to the app');
  const callback = await browser.request(new URL(stoppedAt.pathname + stoppedAt.search, app.url).href);
  if (callback.status !== 303) throw new Error(`the callback answered ${callback.status}, not 303`);
  return browser.jar.header(new URL(app.url));
}

async function runScenario(name: string, instances: 1 | 2): Promise<ScenarioResult> {
  const started = running.length;
  try {
    const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
    // The instances stand behind one address as behind a load balancer: Okta sends the browser back to the first.
    const appBaseUrl = `http://localhost:${ports[0]}`;
    const sandbox = await startSandboxProcess({ appBaseUrl, logsLimit: LOGS_LIMIT, perAppShare: PER_APP_SHARE });
    running.push(() => sandbox.stop());
    const env: Record<string, string> = {
      OKTA_ORG_URL: sandbox.info.orgUrl,
      OKTA_CLIENT_ID: sandbox.info.webApp.clientId,
      OKTA_CLIENT_SECRET: sandbox.info.webApp.clientSecret,
      SESSION_SECRET,
      APP_BASE_URL: appBaseUrl,
      LOG_LEVEL: 'warn',
    };
    if (instances === 2) {
      const redis = await startRedisServer();
      running.push(() => redis.stop());
      env.REDIS_URL = redis.url;
    }
    const apps: Instance[] = [];
    for (const port of ports) {
      const inspectPort = await freePort();
      const app = await startAppProcess(env, port, [...NODE_ARGS, `--inspect=127.0.0.1:${inspectPort}`]);
      running.push(() => app.stop());
      const inspector = await Inspector.connect(inspectPort);
      running.push(async () => inspector.close());
      apps.push({ app, inspector });
    }
    const first = apps[0] as Instance;
    const cookie = await signIn(first.app);
    for (const { app } of apps) {
      const response = await fetch(`${app.url}/logs?range=24h`, { headers: { cookie }, redirect: 'manual' });
      await response.arrayBuffer();
      if (response.status !== 200) {
        console.warn(`  ${app.url} answered ${response.status} to the signed-in session before the load`);
      }
    }

    const idle = await Promise.all(apps.map(({ app }) => residentSet(app.pid)));
    const recorder = new RequestRecorder(sandbox);
    recorder.start();
    const urls = apps.map(({ app }) => app.url);
    const each = CONNECTIONS / instances;
    console.log(`${name}: warm-up ${WARMUP_SECONDS} s, ${CONNECTIONS} connections, from ${clock()}`);
    await load(urls, cookie, each, WARMUP_SECONDS);
    const warm = await Promise.all(apps.map(({ app }) => residentSet(app.pid)));
    const heapAfterWarmup = await Promise.all(apps.map(({ inspector }) => inspector.liveHeap()));
    console.log(`${name}: ${SECONDS} s, ${CONNECTIONS} connections (${each} on each of ${instances}), from ${clock()}`);
    const samplers = apps.map(({ inspector }) => sampleMemory(inspector, 1000));
    const result = await load(urls, cookie, each, SECONDS);
    const underLoad = await Promise.all(samplers.map((sampler) => sampler.stop()));
    console.log(`${name}: load stopped at ${clock()}`);
    // Requests still in flight when the load stopped finish before the heap is read.
    await sleep(2000);
    const rss = await Promise.all(apps.map(({ app }) => residentSet(app.pid)));
    const heapAtEnd = await Promise.all(apps.map(({ inspector }) => inspector.liveHeap()));
    await recorder.stop();

    const problems: string[] = [];
    for (const { app } of apps) {
      if (app.exited()) problems.push(`${app.url} exited`);
      problems.push(...logProblems(app));
    }
    return {
      name,
      load: result,
      calls: countCalls(recorder.logCalls(), recorder.lost),
      memory: apps.map((_, i) => ({
        rssIdle: (idle[i] as Rss).current,
        peakRssAfterWarmup: (warm[i] as Rss).peak,
        peakRss: (rss[i] as Rss).peak,
        rssAtEnd: (rss[i] as Rss).current,
        heapAfterWarmup: heapAfterWarmup[i] as number,
        heapAtEnd: heapAtEnd[i] as number,
        underLoad: underLoad[i] as NodeJS.MemoryUsage,
      })),
      problems,
    };
  } finally {
    while (running.length > started) {
      const stop = running.pop() as Stopper;
      await stop().catch((error: unknown) => console.error('cleanup failed:', error));
    }
  }
}

// -------------------------------------------------------------------------------------------------------------
// Report.

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function statusClasses(byStatus: ReadonlyMap<number, number>) {
  let ok = 0;
  let limited = 0;
  let client = 0;
  let server = 0;
  let other = 0;
  for (const [status, count] of byStatus) {
    if (status >= 200 && status < 300) ok += count;
    else if (status === 429) limited += count;
    else if (status >= 400 && status < 500) client += count;
    else if (status >= 500) server += count;
    else other += count;
  }
  return { ok, limited, client, server, other };
}

const clock = () => new Date().toISOString().slice(11, 19);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function report(results: readonly ScenarioResult[]): void {
  const rows: string[][] = [];
  const column = (label: string, values: (result: ScenarioResult) => string) => {
    rows.push([label, ...results.map(values)]);
  };
  const rps = (result: ScenarioResult) => result.load.responses / result.load.seconds;
  column('requests/s', (r) => rps(r).toFixed(1));
  column('latency p50 / p99', (r) => {
    const sorted = [...r.load.latencies].sort((a, b) => a - b);
    return `${quantile(sorted, 0.5).toFixed(0)} / ${quantile(sorted, 0.99).toFixed(0)} ms`;
  });
  column('answers slower than 5 s; slowest', (r) => {
    const slow = r.load.latencies.filter((latency) => latency > 5000).length;
    const slowest = r.load.latencies.reduce((max, latency) => Math.max(max, latency), 0);
    return `${slow}; ${(slowest / 1000).toFixed(1)} s`;
  });
  column('answers 2xx / 429 / other 4xx / >=500', (r) => {
    const c = statusClasses(r.load.byStatus);
    return `${c.ok} / ${c.limited} / ${c.client} / ${c.server}`;
  });
  column('answers 1xx/3xx; timeouts (10 s); errors', (r) => {
    return `${statusClasses(r.load.byStatus).other}; ${r.load.timeouts}; ${r.load.errors}`;
  });
  column('Okta /api/v1/logs calls', (r) => {
    const parts = [...r.calls.byStatus].sort().map(([status, count]) => `${count}×${status}`);
    return `${r.calls.total} (${parts.join(', ') || 'none'})${r.calls.lost > 0 ? `, ${r.calls.lost} unread` : ''}`;
  });
  column('budget granted (windows × limit)', (r) => {
    const limits = [...new Set(r.calls.windows.map((w) => w.limit))].join('/');
    return `${r.calls.budget} (${r.calls.windows.length} × ${limits || '–'})`;
  });
  column('Okta 200 ≤ budget', (r) => {
    const ok = r.calls.byStatus.get('200') ?? 0;
    return `${ok} ≤ ${r.calls.budget} ${ok <= r.calls.budget ? '✔' : '✘'}`;
  });
  column('Okta 429s per window (≤ 1)', (r) => {
    const worst = Math.max(0, ...r.calls.windows.map((w) => w.limited));
    return `${r.calls.windows.map((w) => w.limited).join(', ') || '0'} ${worst <= 1 ? '✔' : '✘'}`;
  });
  column('live heap after warm-up → end', (r) =>
    r.memory
      .map((m) => {
        const change = m.heapAtEnd / m.heapAfterWarmup - 1;
        const sign = change >= 0 ? '+' : '';
        const mark = Math.abs(change) <= HEAP_TARGET ? '✔' : '✘';
        return `${mb(m.heapAfterWarmup)} → ${mb(m.heapAtEnd)} (${sign}${(change * 100).toFixed(0)} %) ${mark}`;
      })
      .join('; '),
  );
  column('RSS idle → peak after warm-up → peak (VmHWM)', (r) =>
    r.memory.map((m) => `${mb(m.rssIdle)} → ${mb(m.peakRssAfterWarmup)} → ${mb(m.peakRss)}`).join('; '),
  );
  column('RSS at end', (r) => r.memory.map((m) => mb(m.rssAtEnd)).join('; '));
  column('under load, max heapTotal / heapUsed / external', (r) =>
    r.memory
      .map((m) => `${mb(m.underLoad.heapTotal)} / ${mb(m.underLoad.heapUsed)} / ${mb(m.underLoad.external)}`)
      .join('; '),
  );
  const [memory, redis] = results;
  if (memory && redis) {
    rows.push(['throughput, Redis ÷ in memory', '', (rps(redis) / rps(memory)).toFixed(2)]);
  }
  const header = ['', ...results.map((r) => r.name)];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(`\n${line(header)}`);
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line(row));
  for (const result of results) {
    const windows = result.calls.windows.map(
      (w) => `reset ${new Date(w.reset * 1000).toISOString().slice(11, 19)}: ${w.ok}×200, ${w.limited}×429`,
    );
    console.log(`\n${result.name}: Okta windows: ${windows.join('; ') || 'none'}`);
    const statuses = [...result.load.byStatus].sort(([a], [b]) => a - b).map(([status, count]) => `${count}×${status}`);
    console.log(`${result.name}: answers by status: ${statuses.join(', ')}`);
    if (result.load.slowAt.size > 0) {
      const slow = [...result.load.slowAt].map(([second, count]) => `${count} at ${second}`);
      console.log(`${result.name}: answers slower than 5 s: ${slow.join(', ')}`);
    }
    for (const problem of result.problems) console.log(`${result.name}: ${problem}`);
  }
}

// -------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(
    `Team deployment: /api/v1/logs bucket ${LOGS_LIMIT}/min, per-app share ${PER_APP_SHARE}; ` +
      `${WARMUP_SECONDS} s warm-up + ${SECONDS} s measured; ${(NEW_SHARE * 100).toFixed(1)} % new searches; ` +
      `Node ${process.version}${NODE_ARGS.length > 0 ? ` ${NODE_ARGS.join(' ')}` : ''}`,
  );
  const results: ScenarioResult[] = [];
  try {
    results.push(await runScenario('one instance, in memory', 1));
    results.push(await runScenario('two instances behind Redis', 2));
  } finally {
    await stopAll();
  }
  report(results);
}

await main();
