/**
 * Benchmark of the sandbox org's management API (src/sandbox/management-api), rate limits off.
 *
 *   npx tsx test/bench/sandbox-logs.bench.ts
 *
 * Measures, in one process on loopback:
 *   1. seeding the default org (300 users, 50,000 events);
 *   2. serving one 1000-event page of a filtered System Log query over HTTP (first page, and a page reached
 *      through the `after` cursor), sequentially, with a keep-alive client;
 *   3. the same page under concurrency (autocannon, 4 connections).
 * Prints medians and p95. Never run by the test suites; figures go to test/bench/README.md.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import { Agent, request } from 'undici';
import { createManagementApi } from '../../src/sandbox/management-api/index.ts';
import { createSandboxOrg } from '../../src/sandbox/org.ts';
import { seedOrg } from '../../src/sandbox/seed/index.ts';

const ROUNDS = Number(process.env.SANDBOX_BENCH_ROUNDS) || 40;
const DAY = 24 * 3600 * 1000;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p95: at(0.95), min: sorted[0] as number };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

// 1. Seeding.
const seedTimes: number[] = [];
for (let i = 0; i < 5; i += 1) {
  const org = await createSandboxOrg({ orgUrl: 'http://127.0.0.1:1', appBaseUrl: 'http://127.0.0.1:2' });
  const started = performance.now();
  seedOrg(org);
  seedTimes.push(performance.now() - started);
}

// 2. A server like the sandbox's: node:http whose handler is api.handle.
const server = createServer();
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const org = await createSandboxOrg({ orgUrl: origin, appBaseUrl: 'http://127.0.0.1:2' });
seedOrg(org);
const api = await createManagementApi({ org, rateLimits: false, resolveBearerToken: async () => undefined });
server.on('request', (req, res) => api.handle(req, res));
const headers = { authorization: `SSWS ${org.apiToken.token}` };
const agent = new Agent({ connections: 4 });

const now = Date.now();
const filter = 'eventType eq "user.session.start" or outcome.result eq "FAILURE"';
const firstPath = `/api/v1/logs?${new URLSearchParams({
  since: new Date(now - 89 * DAY).toISOString(),
  until: new Date(now).toISOString(),
  filter,
  limit: '1000',
})}`;

async function timedGet(path: string): Promise<{ ms: number; events: number; bytes: number; next?: string }> {
  const started = performance.now();
  const response = await request(`${origin}${path}`, { headers, dispatcher: agent });
  const body = await response.body.text();
  // Timed up to the last byte received; parsing the JSON is the client's cost, not the sandbox's.
  const ms = performance.now() - started;
  if (response.statusCode !== 200) throw new Error(`${response.statusCode} ${body}`);
  const links = ([] as string[]).concat(response.headers.link ?? []);
  const next = links.map((line) => /^<([^>]+)>; rel="next"$/.exec(line)?.[1]).find(Boolean);
  return {
    ms,
    events: (JSON.parse(body) as unknown[]).length,
    bytes: Buffer.byteLength(body),
    ...(next ? { next: new URL(next).pathname + new URL(next).search } : {}),
  };
}

for (let i = 0; i < 5; i += 1) await timedGet(firstPath); // warm-up
const first: number[] = [];
const cursor: number[] = [];
let pageEvents = 0;
let pageBytes = 0;
for (let i = 0; i < ROUNDS; i += 1) {
  const page = await timedGet(firstPath);
  first.push(page.ms);
  pageEvents = page.events;
  pageBytes = page.bytes;
  if (!page.next) throw new Error('expected a second page');
  cursor.push((await timedGet(page.next)).ms);
}

// 3. Under concurrency.
const loaded = await autocannon({ url: `${origin}${firstPath}`, headers, connections: 4, duration: 5 });

console.log(`Node ${process.version}, ${org.systemLog.size} events, ${org.directory.users().length} users`);
const seed = stats(seedTimes);
console.log(`seed (300 users + 50,000 events): median ${fmt(seed.median)}, min ${fmt(seed.min)} (5 runs)`);
const a = stats(first);
const b = stats(cursor);
console.log(
  `filtered 1000-event page (${pageEvents} events, ${(pageBytes / 1e6).toFixed(2)} MB), ${ROUNDS} sequential requests:`,
);
console.log(`  first page:        median ${fmt(a.median)}, p95 ${fmt(a.p95)}`);
console.log(`  page via after:    median ${fmt(b.median)}, p95 ${fmt(b.p95)}`);
console.log(
  `  autocannon 4 conn: ${loaded.requests.average.toFixed(1)} req/s, latency p50 ${loaded.latency.p50} ms, p97.5 ${loaded.latency.p97_5} ms, errors ${loaded.errors + loaded.non2xx}`,
);

await api.close();
await agent.close();
server.closeAllConnections();
await new Promise<void>((resolve) => server.close(() => resolve()));
