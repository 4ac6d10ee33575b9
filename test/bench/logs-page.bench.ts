/**
 * Benchmark of the System Log page: `/logs` rendering 100 events vs a bare Fastify route that fetches the same
 * page from the sandbox and returns Okta's JSON unrendered, in the same run.
 *
 *   npx tsx test/bench/logs-page.bench.ts     # LOGS_BENCH_SECONDS=10 LOGS_BENCH_ROUNDS=2 by default
 *   LOGS_BENCH_PROFILE=<dir>                  # also write a CPU profile of the app process there
 *
 * Three processes, so that neither the sandbox nor the load generator shares an event loop with the app: the
 * sandbox org (rate limits off), the app, and this process generating the load. All routes act for the same
 * signed-in session and send the same request to the sandbox with the session's access token:
 *   - bare:  the floor, Okta's JSON passed through;
 *   - parsed: the same, with the JSON parsed on the way (what any route that reads the events pays);
 *   - logs:  the System Log page as the app serves it, with its page cache off (so every view calls the sandbox)
 *            and its row cache on (rows of events already rendered for the same query are reused);
 *   - cold:  the same with the row cache off too, so every row is rendered on every view.
 * Before each offered-load run the processes idle for 2 s and the route runs 2 s at that rate unmeasured, so that
 * a run does not pay for the garbage of the one before it.
 * Measures: throughput at 50 connections in a closed loop (each connection sends its next request when the last
 * one is answered), alternating the contenders over the rounds; latency at 50 connections under a fixed offered
 * load (requests sent on a schedule, open loop, latency counted from the scheduled time); one connection at a
 * time. Targets: throughput of /logs >= 0.7 x the bare route and of the cold page >= 0.5 x; at 100 req/s offered,
 * the p99 of /logs <= 1.5 x the bare route's; 100 events <= 120 KB of HTML, <= 30 KB with `br, gzip`. Load is sent
 * without Accept-Encoding (as autocannon does), so the figures are of the uncompressed page. Never run by the test
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
const CONNECTIONS = 50;
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
  app.get('/bare/logs', passThrough(false));
  app.get('/parsed/logs', passThrough(true));
  await app.listen({ port, host: 'localhost' });
  await readyUntilStdinEnds({ ready: true });
  await app.close();
}

// -------------------------------------------------------------------------------------------------------------
// Parent: start both, sign in, measure.

async function startChild(args: string[]): Promise<ReadyChild<Record<string, unknown>>> {
  const profile = args[0] === '--app' && PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  return startChildRole(HERE, args, { nodeOptions: profile });
}

interface Figures {
  rps: number;
  p50: number;
  p97_5: number;
  p99: number;
  errors: number;
}

async function load(url: string, cookie: string, seconds = SECONDS, connections = CONNECTIONS): Promise<Figures> {
  const result = await autocannon({ url, headers: { cookie, accept: 'text/html' }, connections, duration: seconds });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p97_5: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
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
const CONTENDERS: readonly Contender[] = ['bare', 'parsed', 'logs', 'cold'];

/**
 * Open-loop load: `rate` requests a second for `seconds`, spread evenly over up to CONNECTIONS keep-alive
 * connections; each latency runs from the request's scheduled time to the last byte of its response, so a
 * request that had to wait for a free connection counts its wait.
 */
async function paced(url: string, cookie: string, rate: number, seconds: number) {
  const { Pool } = await import('undici');
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: CONNECTIONS });
  const latencies: number[] = [];
  let errors = 0;
  const pending: Promise<void>[] = [];
  const start = performance.now() + 20;
  for (let i = 0; i < rate * seconds; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(
      pool
        .request({ method: 'GET', path: target.pathname + target.search, headers: { cookie, accept: 'text/html' } })
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
  await pool.close();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? Number.NaN, errors };
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
    const routes: Record<Contender, string> = {
      bare: `${baseUrl}/bare/logs`,
      parsed: `${baseUrl}/parsed/logs`,
      logs: `${baseUrl}/bench/logs?range=90d&limit=${EVENTS}`,
      cold: `${baseUrl}/cold/logs?range=90d&limit=${EVENTS}`,
    };

    const page = await browser.request(routes.logs);
    const cold = await browser.request(routes.cold);
    const rows = (html: string) => html.match(/<tbody class="event">/g)?.length ?? 0;
    const bare = JSON.parse((await browser.request(routes.bare)).body) as unknown[];
    const parsed = JSON.parse((await browser.request(routes.parsed)).body) as unknown[];
    const counts = [rows(page.body), rows(cold.body), bare.length, parsed.length];
    if (page.status !== 200 || counts.some((count) => count !== EVENTS)) {
      throw new Error(`expected ${EVENTS} events from every route, got ${counts.join(', ')}`);
    }
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const { request: raw } = await import('undici');
    const encoded: string[] = [];
    for (const encoding of ['br, gzip', 'gzip']) {
      const response = await raw(routes.logs, {
        headers: { cookie, accept: 'text/html', 'accept-encoding': encoding },
      });
      const bytes = (await response.body.arrayBuffer()).byteLength;
      encoded.push(`${kb(bytes)} with ${String(response.headers['content-encoding'])}`);
    }
    const html = Buffer.byteLength(page.body);
    console.log(
      `Node ${process.version}; /logs page ${kb(html)} (target <= 120 KB), ${encoded.join(', ')} (target <= 30 KB); bare JSON ${kb(Buffer.byteLength(JSON.stringify(bare)))}`,
    );

    // Warm-up (JIT, connection pools, the sandbox's per-event JSON cache, the row cache), then alternate.
    for (const name of CONTENDERS) await load(routes[name], cookie, 3);
    const runs: Record<Contender, Figures[]> = { bare: [], parsed: [], logs: [], cold: [] };
    for (let round = 0; round < ROUNDS; round++) {
      const shift = round % CONTENDERS.length;
      const order = [...CONTENDERS.slice(shift), ...CONTENDERS.slice(0, shift)];
      for (const name of round % 2 === 0 ? order : order.reverse()) {
        const figures = await load(routes[name], cookie);
        runs[name].push(figures);
        console.log(
          `  round ${round + 1} ${name.padEnd(4)} ${figures.rps.toFixed(0).padStart(6)} req/s  p50 ${figures.p50} ms  p97.5 ${figures.p97_5} ms  p99 ${figures.p99} ms  errors ${figures.errors}`,
        );
      }
    }
    const summary = (name: Contender) => ({
      rps: median(runs[name].map((run) => run.rps)),
      p50: median(runs[name].map((run) => run.p50)),
      p99: median(runs[name].map((run) => run.p99)),
      errors: runs[name].reduce((sum, run) => sum + run.errors, 0),
    });
    const floor = summary('bare');
    console.log(`\nClosed loop, ${CONNECTIONS} connections, ${SECONDS} s x ${ROUNDS} rounds each (medians):`);
    for (const name of CONTENDERS) {
      const figures = summary(name);
      const ratio = name === 'bare' ? '' : `  ratio to bare ${(figures.rps / floor.rps).toFixed(2)}`;
      console.log(
        `  ${name.padEnd(5)} ${figures.rps.toFixed(0).padStart(5)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, errors ${figures.errors}${ratio}`,
      );
    }
    const ratio = summary('logs').rps / floor.rps;
    console.log(`  throughput /logs / bare = ${ratio.toFixed(2)} (target >= 0.7) ${ratio >= 0.7 ? 'met' : 'NOT met'}`);
    const coldRatio = summary('cold').rps / floor.rps;
    console.log(
      `  throughput cold /logs / bare = ${coldRatio.toFixed(2)} (target >= 0.5) ${coldRatio >= 0.5 ? 'met' : 'NOT met'}`,
    );
    console.log(`  throughput /logs / parsed = ${(summary('logs').rps / summary('parsed').rps).toFixed(2)}`);

    console.log(`\nOffered load, ${CONNECTIONS} connections, ${SECONDS} s per rate (open loop):`);
    for (const rate of PACED_RATES) {
      const p99: Partial<Record<Contender, number>> = {};
      for (const name of CONTENDERS) {
        // Let the collector and the queues of the previous run settle, then run 2 s at this rate unmeasured.
        await sleep(2000);
        await paced(routes[name], cookie, rate, 2);
        const figures = await paced(routes[name], cookie, rate, SECONDS);
        p99[name] = figures.p99;
        console.log(
          `  ${String(rate).padStart(4)} req/s ${name.padEnd(5)} p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, max ${figures.max.toFixed(0)} ms, errors ${figures.errors}`,
        );
      }
      const tail = (p99.logs ?? Number.NaN) / (p99.bare ?? Number.NaN);
      const verdict = rate === 100 ? ` (target <= 1.5) ${tail <= 1.5 ? 'met' : 'NOT met'}` : '';
      console.log(`  ${String(rate).padStart(4)} req/s p99 /logs / bare = ${tail.toFixed(2)}${verdict}`);
    }

    // Latency without queueing: one connection, one request at a time (the time one page view takes).
    console.log(`\n1 connection, ${SECONDS} s each (no queueing):`);
    for (const name of CONTENDERS) {
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
