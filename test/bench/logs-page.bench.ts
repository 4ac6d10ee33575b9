/**
 * Benchmark of the System Log page: `/logs` rendering 100 events vs a bare Fastify route that fetches the same
 * page from the sandbox and returns Okta's JSON unrendered, in the same run.
 *
 *   npx tsx test/bench/logs-page.bench.ts     # LOGS_BENCH_SECONDS=10 LOGS_BENCH_ROUNDS=2 by default
 *   LOGS_BENCH_PROFILE=<dir>                  # also write a CPU profile of the app process there
 *   LOGS_BENCH_ROUTES=cold                    # only these routes (comma-separated), e.g. to profile one alone
 *   LOGS_BENCH_PARTS=closed                   # only these parts (closed, paced, single; comma-separated)
 *   LOGS_BENCH_CONNECTIONS=5                  # connections of the closed loop and the offered load (default 50)
 *   LOGS_BENCH_APP_NODE_OPTIONS='--trace-gc'  # Node options of the app's process only
 *
 * Three processes, so that neither the sandbox nor the load generator shares an event loop with the app: the
 * sandbox org (rate limits off), the app, and this process generating the load. All routes act for the same
 * signed-in session and send the same request to the sandbox with the session's access token:
 *   - bare:  the floor, Okta's JSON passed through;
 *   - parsed: the same, with the JSON parsed on the way (what any route that reads the events pays);
 *   - logs:  the System Log page as the app serves it, with its page cache off (so every view calls the sandbox)
 *            and its row cache on (rows of events already rendered for the same query are reused);
 *   - cold:  the same with the row cache off too, so every row is rendered on every view, and every view its own
 *            range with its own events (see concrete()), so that nothing is shared with another view.
 * First it checks that every route, and the page compressed with br and with gzip, returns the same 100 events in
 * the same order, and measures the page's weight on the wire (HTML, and with `Accept-Encoding: br, gzip`).
 * Measures: throughput at 50 connections in a closed loop (each connection sends its next request when the last
 * one is answered), alternating the contenders over the rounds, with the app process's CPU time and GC pauses per
 * request (less disturbed than throughput by other load on the machine); latency under a fixed offered load of 50 and 100
 * req/s over up to 50 connections (requests sent on a schedule, open loop, latency from the scheduled time to the
 * last byte), each route once per round in a rotating order, after 1 s idle and 2 s at the rate unmeasured on the
 * same connections, with the app's GC pauses and event-loop delay during the run; one connection at a time.
 * Targets: throughput of /logs >= 0.7 x the bare route and of the cold page >= 0.5 x; at 100 req/s offered, the p99
 * of /logs <= 1.5 x the bare route's (median of the rounds' p99s); 100 events <= 120 KB of HTML, <= 30 KB with
 * `br, gzip`. Load is sent without Accept-Encoding (as autocannon does), so the targets are of the uncompressed
 * page; at 100 req/s a compressed variant (`br, gzip`, as browsers send) is also reported. Never run by the test
 * suites.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type ReadyChild, readyUntilStdinEnds, startChildRole, stopChild } from './child-role.ts';

const HERE = fileURLToPath(import.meta.url);
const SECONDS = Number(process.env.LOGS_BENCH_SECONDS) || 10;
const ROUNDS = Number(process.env.LOGS_BENCH_ROUNDS) || 2;
const PROFILE_DIR = process.env.LOGS_BENCH_PROFILE;
const CONNECTIONS = Number(process.env.LOGS_BENCH_CONNECTIONS) || 50;
/** Node options of the app's process only, e.g. `--trace-gc` or a V8 heap setting to compare. */
const APP_NODE_OPTIONS = (process.env.LOGS_BENCH_APP_NODE_OPTIONS ?? '').split(' ').filter((option) => option !== '');
const PACED_RATES = [50, 100];
const EVENTS = 100;
const DAY = 24 * 3600_000;

// -------------------------------------------------------------------------------------------------------------
// Child roles.

async function serveSandbox(appBaseUrl: string): Promise<void> {
  const { startSandbox } = await import('../../src/sandbox/sandbox.ts');
  const sandbox = await startSandbox({
    appBaseUrl,
    seed: { users: 300, events: 20_000 },
    // `{ enabled: false }`: startSandbox drops a falsy rateLimits option.
    rateLimits: { enabled: false },
  });
  const ready = {
    issuer: sandbox.issuer,
    clientId: sandbox.org.webApp.clientId,
    clientSecret: sandbox.org.webApp.clientSecret,
  };
  await readyUntilStdinEnds(ready);
  await sandbox.close();
}

async function serveApp(
  port: number,
  sandbox: { issuer: string; clientId: string; clientSecret: string },
): Promise<void> {
  const { Writable } = await import('node:stream');
  const { request } = await import('undici');
  const { buildApp } = await import('../../src/app.ts');
  const { loadConfig, resolveAppConfig } = await import('../../src/config.ts');
  const { logsRoutes } = await import('../../src/routes/logs.ts');
  const baseUrl = `http://localhost:${port}`;
  const config = resolveAppConfig(
    loadConfig({ APP_BASE_URL: baseUrl, PORT: String(port), LOG_LEVEL: 'warn' }),
    sandbox,
  );
  const quiet = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const app = await buildApp(config, { logStream: quiet });
  // The measured routes: the System Log routes with the page cache off (documented options of the plugin), with
  // and without the row cache.
  await app.register(logsRoutes, { prefix: '/bench', pageCache: false });
  await app.register(logsRoutes, { prefix: '/cold', pageCache: false, rowCache: false });
  // The floor: the same Okta request for the same session and token, its JSON returned as is; and the same with
  // the JSON parsed on the way (what any route that reads the events pays, before it does anything with them).
  const passThrough = (parse: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.session.user) return reply.code(401).send();
    const token = await app.auth.accessToken(req);
    const until = new Date();
    const query = new URLSearchParams({
      since: new Date(until.getTime() - 90 * DAY).toISOString(),
      until: until.toISOString(),
      limit: String(EVENTS),
      sortOrder: 'DESCENDING',
    });
    const response = await request(`${sandbox.issuer}/api/v1/logs?${query}`, {
      dispatcher: app.outbound,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    });
    const text = await response.body.text();
    if (parse && !Array.isArray(JSON.parse(text))) return reply.code(502).send();
    return reply.code(response.statusCode).type('application/json').send(text);
  };
  // The published times of the org's events, newest first, each once: the cold route's views end their ranges at
  // them (see concrete()).
  app.get('/bench-published', async (req: FastifyRequest, reply: FastifyReply) => {
    if (!req.session.user) return reply.code(401).send();
    const { findLink } = await import('../../src/okta/link-header.ts');
    const token = await app.auth.accessToken(req);
    const until = new Date();
    const query = new URLSearchParams({
      since: new Date(until.getTime() - 90 * DAY).toISOString(),
      until: until.toISOString(),
      limit: '1000',
      sortOrder: 'DESCENDING',
    });
    const times = new Set<string>();
    let url: string | undefined = `${sandbox.issuer}/api/v1/logs?${query}`;
    while (url !== undefined) {
      const response: Awaited<ReturnType<typeof request>> = await request(url, {
        dispatcher: app.outbound,
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      });
      const events = (await response.body.json()) as { published: string }[];
      for (const event of events) times.add(event.published);
      url = events.length === 0 ? undefined : findLink(response.headers.link, 'next');
    }
    return [...times];
  });
  app.get('/bare/logs', passThrough(false));
  app.get('/parsed/logs', passThrough(true));
  // The app's garbage-collection pauses and event-loop delay since the last reset (explains a latency tail).
  const { PerformanceObserver, monitorEventLoopDelay } = await import('node:perf_hooks');
  const gc = { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMaxMs: 0, majorMs: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.totalMs += entry.duration;
      gc.maxMs = Math.max(gc.maxMs, entry.duration);
      // perf_hooks.constants.NODE_PERFORMANCE_GC_MAJOR
      if ((Reflect.get(entry, 'detail') as { kind?: number } | undefined)?.kind === 4) {
        gc.majorCount++;
        gc.majorMs += entry.duration;
        gc.majorMaxMs = Math.max(gc.majorMaxMs, entry.duration);
      }
    }
  }).observe({ entryTypes: ['gc'] });
  const loopDelay = monitorEventLoopDelay({ resolution: 5 });
  loopDelay.enable();
  // Requests the app sends to the sandbox's /api/v1/logs (identical concurrent reads share one, see
  // src/okta/coalescer.ts), to compare with the views answered.
  let logsCalls = 0;
  const { subscribe } = await import('node:diagnostics_channel');
  subscribe('undici:request:create', (message) => {
    const { path } = (message as { request: { path: string } }).request;
    if (path.startsWith('/api/v1/logs')) logsCalls++;
  });
  app.get('/bench-stats', async (req) => {
    const cpu = process.cpuUsage();
    const stats = {
      ...gc,
      loopDelayP99Ms: loopDelay.percentile(99) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
      // The app process's CPU time since it started (all threads): per request, less disturbed by other load.
      cpuMs: (cpu.user + cpu.system) / 1000,
      logsCalls,
    };
    if ((req.query as Record<string, string>).reset !== undefined) {
      Object.assign(gc, { count: 0, totalMs: 0, maxMs: 0, majorCount: 0, majorMaxMs: 0, majorMs: 0 });
      loopDelay.reset();
    }
    return stats;
  });
  await app.listen({ port, host: 'localhost' });
  await readyUntilStdinEnds({ ready: true });
  await app.close();
}

// -------------------------------------------------------------------------------------------------------------
// Parent: start both, sign in, measure.

async function startChild(args: string[]): Promise<ReadyChild<Record<string, unknown>>> {
  if (args[0] !== '--app') return startChildRole(HERE, args);
  const profile = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  return startChildRole(HERE, args, { nodeOptions: [...APP_NODE_OPTIONS, ...profile] });
}

interface Figures {
  rps: number;
  p50: number;
  p97_5: number;
  p99: number;
  errors: number;
  /** Requests answered. */
  requests: number;
  /** The app process's CPU time per request answered (ms), when measured. */
  cpuMs?: number;
  /** Requests to the sandbox's /api/v1/logs per request answered, when measured. */
  callsPerView?: number;
}

/**
 * A route's URL may hold `{until}`: each request then gets its own `until`, so that no two views ask Okta the same
 * thing (nothing coalesced, nothing cached: every view a miss), and no two get the same answer either (nothing a
 * view could reuse from another's parse): request k ends its range just after the k-th newest event, so its 100
 * events are those from the k-th on. `publishedTimes` (newest first) is set after the bench signed in, so that the
 * sign-in's own System Log events are inside the first range, which the checks compare with the bare route's.
 */
let untilCounter = 0;
let publishedTimes: readonly string[] = [];
function concrete(url: string): string {
  if (!url.includes('{until}')) return url;
  if (publishedTimes.length <= EVENTS) throw new Error('the published times of the org are not known');
  // Past the oldest ranges that still hold 100 events, it starts over (a full run makes about 12,000 cold views).
  const newest = publishedTimes[untilCounter % (publishedTimes.length - EVENTS)] ?? '';
  untilCounter++;
  return url.replace('{until}', encodeURIComponent(new Date(Date.parse(newest) + 1).toISOString()));
}

async function load(url: string, cookie: string, seconds = SECONDS, connections = CONNECTIONS): Promise<Figures> {
  const distinct = url.includes('{until}');
  const first = new URL(concrete(url));
  const result = await autocannon({
    url: first.href,
    headers: { cookie, accept: 'text/html' },
    connections,
    duration: seconds,
    ...(distinct
      ? {
          requests: [
            {
              setupRequest: (request) => {
                const next = new URL(concrete(url));
                return { ...request, path: next.pathname + next.search };
              },
            },
          ],
        }
      : {}),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    requests: result.requests.total,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

type Contender = 'bare' | 'parsed' | 'logs' | 'cold';
const ALL_CONTENDERS: readonly Contender[] = ['bare', 'parsed', 'logs', 'cold'];
// LOGS_BENCH_ROUTES=cold (a comma-separated list): measure only these, e.g. to profile one route on its own.
const CONTENDERS: readonly Contender[] = process.env.LOGS_BENCH_ROUTES
  ? ALL_CONTENDERS.filter((name) => process.env.LOGS_BENCH_ROUTES?.split(',').includes(name))
  : ALL_CONTENDERS;
// LOGS_BENCH_PARTS=closed (a comma-separated list of closed, paced, single): run only these parts of the measurement.
const PARTS = new Set((process.env.LOGS_BENCH_PARTS ?? 'closed,paced,single').split(','));

/** The value at quantile `q` of sorted values (nearest rank). */
function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

/**
 * Open-loop load: `rate` requests a second for `seconds`, spread evenly over up to CONNECTIONS keep-alive
 * connections of `pool`; each latency runs from the request's scheduled time to the last byte of its response, so
 * a request that had to wait (for a free connection, for a late load generator) counts its wait.
 */
async function paced(
  pool: import('undici').Pool,
  url: string,
  headers: Record<string, string>,
  rate: number,
  seconds: number,
) {
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now() + 20;
  for (let i = 0; i < rate * seconds; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const target = new URL(concrete(url));
    pending.push(
      pool
        .request({ method: 'GET', path: target.pathname + target.search, headers })
        .then(async (response) => {
          await response.body.arrayBuffer();
          if (response.statusCode !== 200) errors++;
          latencies.push(performance.now() - due);
        })
        .catch(() => {
          errors++;
        }),
    );
  }
  await Promise.all(pending);
  return { latencies, errors };
}

async function main(): Promise<void> {
  const { freePort } = await import('../helpers/app-harness.ts');
  const { Browser } = await import('../helpers/browser.ts');
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const sandbox = await startChild(['--sandbox', baseUrl]);
  const app = await startChild(['--app', String(port), JSON.stringify(sandbox.ready)]);
  try {
    const browser = new Browser();
    const { stoppedAt } = await browser.follow(`${baseUrl}/login`, {
      credentials: { username: 'admin@sandbox.example', password: 'sandbox-password' },
      stop: (url) => url.pathname === '/authorization-code/callback',
    });
    if (!stoppedAt) throw new Error('sign-in did not reach the callback');
    await browser.request(stoppedAt.href);
    const cookie = browser.jar.header(new URL(baseUrl));
    const { request: get } = await import('undici');
    publishedTimes = (await (await get(`${baseUrl}/bench-published`, { headers: { cookie } })).body.json()) as string[];
    const appCounters = async () =>
      (await (await (await import('undici')).request(`${baseUrl}/bench-stats`)).body.json()) as {
        cpuMs: number;
        logsCalls: number;
        count: number;
        totalMs: number;
        majorCount: number;
        majorMs: number;
      };
    const routes: Record<Contender, string> = {
      bare: `${baseUrl}/bare/logs`,
      parsed: `${baseUrl}/parsed/logs`,
      logs: `${baseUrl}/bench/logs?range=90d&limit=${EVENTS}`,
      // Every cold view its own query (see concrete()): row cache off, page cache off, and nothing shared with a
      // concurrent view, so each one calls Okta and renders every row.
      cold: `${baseUrl}/cold/logs?since=${encodeURIComponent(new Date(Date.now() - 90 * DAY).toISOString())}&until={until}&limit=${EVENTS}`,
    };

    // Every route must return the same 100 events, in the same order: the pages' detail links name each event's
    // uuid, the JSON routes carry them. The page weight is measured on the wire (undici decodes nothing), and each
    // compressed page must decode to the same events.
    const { request: raw } = await import('undici');
    const { brotliDecompressSync, gunzipSync } = await import('node:zlib');
    const fetchBody = async (template: string, acceptEncoding?: string) => {
      const url = concrete(template);
      const headers: Record<string, string> = { cookie, accept: 'text/html' };
      if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
      const response = await raw(url, { headers });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      if (response.statusCode !== 200) throw new Error(`${url}: status ${response.statusCode}`);
      const encoding = response.headers['content-encoding'];
      const decoded = encoding === 'br' ? brotliDecompressSync(bytes) : encoding === 'gzip' ? gunzipSync(bytes) : bytes;
      return { bytes: bytes.length, encoding: String(encoding ?? 'none'), text: decoded.toString('utf8') };
    };
    const pageEvents = (html: string) => {
      const links = [...html.matchAll(/\/logs\/events\/([0-9a-f-]{36})\?/g)].map((match) => match[1]);
      const rowCount = html.match(/<tbody class="event">/g)?.length ?? 0;
      return rowCount === links.length ? links : [`${rowCount} rows but ${links.length} detail links`];
    };
    const jsonEvents = (text: string) => (JSON.parse(text) as { uuid?: unknown }[]).map((event) => String(event.uuid));
    const page = await fetchBody(routes.logs);
    const bareJson = await fetchBody(routes.bare);
    const expected = jsonEvents(bareJson.text);
    const seen: Record<string, (string | undefined)[]> = {
      bare: expected,
      parsed: jsonEvents((await fetchBody(routes.parsed)).text),
      logs: pageEvents(page.text),
      cold: pageEvents((await fetchBody(routes.cold)).text),
    };
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const encoded: string[] = [];
    for (const encoding of ['br, gzip', 'gzip']) {
      const packed = await fetchBody(routes.logs, encoding);
      seen[`logs (${encoding})`] = pageEvents(packed.text);
      encoded.push(`${kb(packed.bytes)} with Accept-Encoding: ${encoding} (${packed.encoding})`);
    }
    if (expected.length !== EVENTS || new Set(expected).size !== EVENTS) {
      throw new Error(`expected ${EVENTS} distinct events from the bare route, got ${expected.length}`);
    }
    for (const [name, uuids] of Object.entries(seen)) {
      if (uuids.join() !== expected.join())
        throw new Error(`${name} does not return the bare route's ${EVENTS} events`);
    }
    console.log(
      `Node ${process.version}; every route returns the same ${EVENTS} events. /logs page ${kb(page.bytes)} of HTML (target <= 120 KB), ${encoded.join(', ')} (target <= 30 KB); bare JSON ${kb(bareJson.bytes)}`,
    );

    // Warm-up (JIT, connection pools, the sandbox's per-event JSON cache, the row cache), then alternate.
    for (const name of CONTENDERS) await load(routes[name], cookie, 3);
    const runs: Record<Contender, Figures[]> = { bare: [], parsed: [], logs: [], cold: [] };
    for (let round = 0; round < (PARTS.has('closed') ? ROUNDS : 0); round++) {
      const shift = round % CONTENDERS.length;
      const order = [...CONTENDERS.slice(shift), ...CONTENDERS.slice(0, shift)];
      for (const name of round % 2 === 0 ? order : order.reverse()) {
        const before = await appCounters();
        const figures = await load(routes[name], cookie);
        const after = await appCounters();
        figures.cpuMs = (after.cpuMs - before.cpuMs) / Math.max(1, figures.requests);
        figures.callsPerView = (after.logsCalls - before.logsCalls) / Math.max(1, figures.requests);
        runs[name].push(figures);
        const gcMs = (after.totalMs - before.totalMs) / Math.max(1, figures.requests);
        console.log(
          `  round ${round + 1} ${name.padEnd(4)} ${figures.rps.toFixed(0).padStart(6)} req/s  p50 ${figures.p50} ms  p97.5 ${figures.p97_5} ms  p99 ${figures.p99} ms  errors ${figures.errors}  app CPU ${figures.cpuMs.toFixed(2)} ms/request, GC pauses ${gcMs.toFixed(2)} ms/request (${after.count - before.count}, of them ${after.majorCount - before.majorCount} major taking ${(after.majorMs - before.majorMs).toFixed(0)} ms), ${figures.callsPerView.toFixed(2)} Okta calls/request`,
        );
      }
    }
    const summary = (name: Contender) => ({
      rps: median(runs[name].map((run) => run.rps)),
      p50: median(runs[name].map((run) => run.p50)),
      p99: median(runs[name].map((run) => run.p99)),
      errors: runs[name].reduce((sum, run) => sum + run.errors, 0),
      cpuMs: median(runs[name].map((run) => run.cpuMs ?? Number.NaN)),
      callsPerView: median(runs[name].map((run) => run.callsPerView ?? Number.NaN)),
    });
    const floor = summary('bare');
    console.log(`\nClosed loop, ${CONNECTIONS} connections, ${SECONDS} s x ${ROUNDS} rounds each (medians):`);
    for (const name of CONTENDERS) {
      const figures = summary(name);
      const ratio =
        name === 'bare'
          ? ''
          : `  ratio to bare ${(figures.rps / floor.rps).toFixed(2)} (app CPU per request: bare's ÷ this ${(floor.cpuMs / figures.cpuMs).toFixed(2)})`;
      console.log(
        `  ${name.padEnd(5)} ${figures.rps.toFixed(0).padStart(5)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, errors ${figures.errors}, app CPU ${figures.cpuMs.toFixed(2)} ms/request, ${figures.callsPerView.toFixed(2)} Okta calls/request${ratio}`,
      );
    }
    const ratio = summary('logs').rps / floor.rps;
    console.log(`  throughput /logs / bare = ${ratio.toFixed(2)} (target >= 0.7) ${ratio >= 0.7 ? 'met' : 'NOT met'}`);
    const coldRatio = summary('cold').rps / floor.rps;
    console.log(
      `  throughput cold /logs / bare = ${coldRatio.toFixed(2)} (target >= 0.5) ${coldRatio >= 0.5 ? 'met' : 'NOT met'}`,
    );
    console.log(`  throughput /logs / parsed = ${(summary('logs').rps / summary('parsed').rps).toFixed(2)}`);

    // Offered load. Each route in turn (rotated over ROUNDS rounds, like the closed loop): idle 1 s so that the
    // previous run's garbage and queues settle, 2 s at the rate unmeasured on the same connections, then SECONDS
    // measured. Uncompressed (no Accept-Encoding, as autocannon sends) for the targets; at 100 req/s also with
    // `Accept-Encoding: br, gzip`, as browsers send, for /logs and the bare route (whose JSON is then compressed too).
    const { Pool } = await import('undici');
    const plain = { cookie, accept: 'text/html' };
    const compressed = { ...plain, 'accept-encoding': 'br, gzip' };
    const variants = !PARTS.has('paced')
      ? []
      : [
          ...PACED_RATES.map((rate) => ({ rate, label: '', headers: plain, names: CONTENDERS })),
          {
            rate: 100,
            label: ' br',
            headers: compressed,
            names: CONTENDERS.filter((name) => name === 'bare' || name === 'logs'),
          },
        ];
    console.log(
      `\nOffered load, up to ${CONNECTIONS} connections, ${SECONDS} s per route x ${ROUNDS} rounds (open loop):`,
    );
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    for (const { rate, label, headers, names } of variants) {
      const rounds: Partial<
        Record<Contender, { p99: number[]; all: number[]; errors: number; cpuMs: number[]; calls: number[] }>
      > = {};
      for (let round = 0; round < ROUNDS; round++) {
        const shift = round % names.length;
        const order = [...names.slice(shift), ...names.slice(0, shift)];
        for (const name of order) {
          const pool = new Pool(new URL(routes[name]).origin, { connections: CONNECTIONS });
          await sleep(1000);
          await paced(pool, routes[name], headers, rate, 2);
          const before = (await (await raw(`${baseUrl}/bench-stats?reset`)).body.json()) as Record<string, number>;
          const { latencies, errors } = await paced(pool, routes[name], headers, rate, SECONDS);
          const stats = (await (await raw(`${baseUrl}/bench-stats`)).body.json()) as Record<string, number>;
          await pool.close();
          const sorted = latencies.sort((a, b) => a - b);
          const entry = rounds[name] ?? { p99: [], all: [], errors: 0, cpuMs: [], calls: [] };
          // Requests a fixed time apart seldom share an Okta call: the app's CPU per view without coalescing.
          const cpuMs = ((stats.cpuMs ?? 0) - (before.cpuMs ?? 0)) / Math.max(1, latencies.length);
          const calls = ((stats.logsCalls ?? 0) - (before.logsCalls ?? 0)) / Math.max(1, latencies.length);
          entry.cpuMs.push(cpuMs);
          entry.calls.push(calls);
          entry.p99.push(quantile(sorted, 0.99));
          entry.all.push(...sorted);
          entry.errors += errors;
          rounds[name] = entry;
          const gcText = `app CPU ${cpuMs.toFixed(2)} ms/request, ${calls.toFixed(2)} Okta calls/request; app GC ${stats.count} pauses, ${ms(stats.totalMs ?? 0)} in all, longest ${ms(stats.maxMs ?? 0)}; event loop delay p99 ${ms(stats.loopDelayP99Ms ?? 0)}, max ${ms(stats.loopDelayMaxMs ?? 0)}`;
          console.log(
            `  ${String(rate).padStart(4)} req/s${label.padEnd(3)} round ${round + 1} ${name.padEnd(6)} p50 ${ms(quantile(sorted, 0.5))}, p99 ${ms(quantile(sorted, 0.99))}, max ${ms(sorted.at(-1) ?? Number.NaN)}, errors ${errors}; ${gcText}`,
          );
        }
      }
      const p99: Partial<Record<Contender, number>> = {};
      for (const name of names) {
        const entry = rounds[name];
        if (!entry) continue;
        const all = entry.all.sort((a, b) => a - b);
        p99[name] = median(entry.p99);
        console.log(
          `  ${String(rate).padStart(4)} req/s${label.padEnd(3)} ${name.padEnd(6)} p99 median of rounds ${ms(median(entry.p99))} (${entry.p99.map((v) => v.toFixed(1)).join(' / ')}); all ${all.length} requests: p50 ${ms(quantile(all, 0.5))}, p99 ${ms(quantile(all, 0.99))}, max ${ms(all.at(-1) ?? Number.NaN)}, errors ${entry.errors}; app CPU ${median(entry.cpuMs).toFixed(2)} ms/request, ${median(entry.calls).toFixed(2)} Okta calls/request`,
        );
      }
      const tail = (p99.logs ?? Number.NaN) / (p99.bare ?? Number.NaN);
      const verdict = rate === 100 && label === '' ? ` (target <= 1.5) ${tail <= 1.5 ? 'met' : 'NOT met'}` : '';
      console.log(
        `  ${String(rate).padStart(4)} req/s${label.padEnd(3)} p99 /logs / bare = ${tail.toFixed(2)}${verdict}`,
      );
    }

    // Latency without queueing: one connection, one request at a time (the time one page view takes).
    console.log(`\n1 connection, ${SECONDS} s each (no queueing):`);
    for (const name of PARTS.has('single') ? CONTENDERS : []) {
      const figures = await load(routes[name], cookie, SECONDS, 1);
      console.log(
        `  ${name.padEnd(5)} ${figures.rps.toFixed(0)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, errors ${figures.errors}`,
      );
    }
  } finally {
    await Promise.all([stopChild(app.child), stopChild(sandbox.child)]);
  }
}

const role = process.argv[2];
if (role === '--sandbox') await serveSandbox(process.argv[3] ?? '');
else if (role === '--app') await serveApp(Number(process.argv[3]), JSON.parse(process.argv[4] ?? '{}'));
else await main();
