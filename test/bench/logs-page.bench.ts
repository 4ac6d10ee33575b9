/**
 * Benchmark of the System Log page: `/logs` rendering 100 events vs a bare Fastify route that fetches the same
 * page from the sandbox and returns Okta's JSON unrendered, in the same run, under autocannon at 50 connections.
 *
 *   npx tsx test/bench/logs-page.bench.ts            # LOGS_BENCH_SECONDS=10 LOGS_BENCH_ROUNDS=2 by default
 *
 * Three processes, so that neither the sandbox nor the load generator shares an event loop with the app:
 * the sandbox org (rate limits off), the app (with a second mount of the System Log routes whose page cache is
 * off, so every request calls the sandbox and renders), and this process running autocannon. Both routes act
 * for the same signed-in session and send the same request to the sandbox with the session's access token.
 * Targets: throughput of /logs ≥ 0.5 × the bare route, and p99 ≤ 25 ms. A second measure runs one connection at
 * a time, so that the latency of one page view is seen without queueing. Never run by the test suites.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const HERE = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECONDS = Number(process.env.LOGS_BENCH_SECONDS) || 10;
const ROUNDS = Number(process.env.LOGS_BENCH_ROUNDS) || 2;
const CONNECTIONS = 50;
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
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  await untilStdinEnds();
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
  // The measured route: the System Log routes with the page cache off (a documented option of the plugin).
  await app.register(logsRoutes, { prefix: '/bench', pageCache: false });
  // The floor: the same Okta request for the same session and token, its JSON returned as is.
  app.get('/bare/logs', async (req, reply) => {
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
    return reply
      .code(response.statusCode)
      .type('application/json')
      .send(await response.body.text());
  });
  await app.listen({ port, host: 'localhost' });
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await untilStdinEnds();
  await app.close();
}

async function untilStdinEnds(): Promise<void> {
  process.stdin.resume();
  await new Promise((resolve) => process.stdin.once('end', resolve));
}

// -------------------------------------------------------------------------------------------------------------
// Parent: start both, sign in, measure.

async function startChild(args: string[]): Promise<{ child: ChildProcess; ready: Record<string, unknown> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HERE, ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const timer = setTimeout(() => child.kill(), 120_000);
  try {
    for await (const line of lines) {
      if (line.startsWith('{')) return { child, ready: JSON.parse(line) as Record<string, unknown> };
    }
    throw new Error(`child ${args[0]} exited before it was ready`);
  } finally {
    clearTimeout(timer);
  }
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
    const routes = { bare: `${baseUrl}/bare/logs`, logs: `${baseUrl}/bench/logs?range=90d&limit=${EVENTS}` };

    const page = await browser.request(routes.logs);
    const rows = page.body.match(/<tbody class="event">/g)?.length ?? 0;
    const bare = JSON.parse((await browser.request(routes.bare)).body) as unknown[];
    if (page.status !== 200 || rows !== EVENTS || bare.length !== EVENTS) {
      throw new Error(`expected ${EVENTS} events from both routes, got ${rows} rendered and ${bare.length} raw`);
    }
    console.log(
      `Node ${process.version}; /logs page ${(page.body.length / 1024).toFixed(0)} KB, bare JSON ${(JSON.stringify(bare).length / 1024).toFixed(0)} KB`,
    );

    // Warm-up (JIT, connection pools, the sandbox's per-event JSON cache), then alternate the contenders.
    await load(routes.bare, cookie, 3);
    await load(routes.logs, cookie, 3);
    const runs: Record<'bare' | 'logs', Figures[]> = { bare: [], logs: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 === 0 ? (['bare', 'logs'] as const) : (['logs', 'bare'] as const)) {
        const figures = await load(routes[name], cookie);
        runs[name].push(figures);
        console.log(
          `  round ${round + 1} ${name.padEnd(4)} ${figures.rps.toFixed(0).padStart(6)} req/s  p50 ${figures.p50} ms  p97.5 ${figures.p97_5} ms  p99 ${figures.p99} ms  errors ${figures.errors}`,
        );
      }
    }
    const summary = (name: 'bare' | 'logs') => ({
      rps: median(runs[name].map((run) => run.rps)),
      p50: median(runs[name].map((run) => run.p50)),
      p99: median(runs[name].map((run) => run.p99)),
      errors: runs[name].reduce((sum, run) => sum + run.errors, 0),
    });
    const floor = summary('bare');
    const logs = summary('logs');
    const ratio = logs.rps / floor.rps;
    console.log(`\n${CONNECTIONS} connections, ${SECONDS} s × ${ROUNDS} rounds each (medians):`);
    console.log(
      `  bare route   ${floor.rps.toFixed(0)} req/s, p50 ${floor.p50} ms, p99 ${floor.p99} ms, errors ${floor.errors}`,
    );
    console.log(
      `  /logs        ${logs.rps.toFixed(0)} req/s, p50 ${logs.p50} ms, p99 ${logs.p99} ms, errors ${logs.errors}`,
    );
    console.log(
      `  throughput ratio /logs ÷ bare = ${ratio.toFixed(2)} (target ≥ 0.5) ${ratio >= 0.5 ? 'met' : 'NOT met'}`,
    );
    console.log(`  /logs p99 ${logs.p99} ms (target ≤ 25 ms) ${logs.p99 <= 25 ? 'met' : 'NOT met'}`);
    console.log(`  /logs p99 ÷ bare p99 = ${(logs.p99 / floor.p99).toFixed(2)}`);

    // Latency without queueing: one connection, one request at a time (the time one page view takes).
    const single = {
      bare: await load(routes.bare, cookie, SECONDS, 1),
      logs: await load(routes.logs, cookie, SECONDS, 1),
    };
    console.log(`\n1 connection, ${SECONDS} s each (no queueing):`);
    for (const name of ['bare', 'logs'] as const) {
      const figures = single[name];
      console.log(
        `  ${name.padEnd(5)} ${figures.rps.toFixed(0)} req/s, p50 ${figures.p50} ms, p99 ${figures.p99} ms, errors ${figures.errors}`,
      );
    }
  } finally {
    app.child.stdin?.end();
    sandbox.child.stdin?.end();
  }
}

const role = process.argv[2];
if (role === '--sandbox') await serveSandbox(process.argv[3] ?? '');
else if (role === '--app') await serveApp(Number(process.argv[3]), JSON.parse(process.argv[4] ?? '{}'));
else await main();
