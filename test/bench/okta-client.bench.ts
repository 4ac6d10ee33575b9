/**
 * Benchmark of the management-API client (src/okta) against the sandbox org on loopback, rate limits off.
 *
 *   npx tsx test/bench/okta-client.bench.ts
 *
 * 1. Throughput, side by side in one run: read the same OKTA_BENCH_EVENTS (default 100,000) System Log events
 *    at limit=1000 with (a) a bare sequential undici loop, the floor, (b) this client, (c) @okta/okta-sdk-nodejs
 *    with an SSWS token. All three use the same SSWS token so the sandbox does identical work for each. Rounds
 *    (OKTA_BENCH_ROUNDS, default 5) rotate the order; medians are compared.
 *    Targets: client ≤ 1.25 × floor, SDK ≥ 1.5 × client.
 * 2. Memory: a child process on plain node (the client bundled with esbuild, so the TypeScript loader's own
 *    memory is not counted) streams OKTA_BENCH_STREAM_EVENTS (default 1,000,000) events and reports its peak RSS
 *    (process.resourceUsage().maxRSS). Target: < 100 MB. For comparison, the same with the bare undici loop, and
 *    with an undici loop that drops each body unread (the least any undici client can hold).
 *
 * The sandbox runs in its own child process (one core for it, one for the clients on a 2-core machine), seeded
 * anew for each part.
 * Never run by the test suites.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Agent, type Dispatcher, request } from 'undici';
import { readyUntilStdinEnds, startChildRole, stopChild } from './child-role.ts';

const HERE = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DAY = 24 * 3600 * 1000;
const PAGE = 1000;

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

// ---------------------------------------------------------------------------------------------------------------
// Child role: the sandbox org.

async function serve(events: number): Promise<void> {
  const { startSandbox } = await import('../../src/sandbox/sandbox.ts');
  const sandbox = await startSandbox({
    appBaseUrl: 'http://127.0.0.1:9',
    port: 0,
    seed: { users: 300, events },
    // `{ enabled: false }` rather than `false`: startSandbox drops a falsy rateLimits option.
    rateLimits: { enabled: false },
  });
  const ready = { issuer: sandbox.issuer, token: sandbox.org.apiToken.token, stored: sandbox.org.systemLog.size };
  await readyUntilStdinEnds(ready);
  await sandbox.close();
}

interface Sandbox {
  issuer: string;
  token: string;
  stored: number;
}

// ---------------------------------------------------------------------------------------------------------------
// The three contenders. Each reads exactly `target` events of the same bounded query and returns a checksum.

interface Range {
  issuer: string;
  token: string;
  since: string;
  until: string;
}

interface Read {
  count: number;
  first: string;
  last: string;
}

async function floor(range: Range, target: number, agent: Agent): Promise<Read> {
  const query = new URLSearchParams({ since: range.since, until: range.until, limit: String(PAGE) });
  let url: string | undefined = `${range.issuer}/api/v1/logs?${query}`;
  const read: Read = { count: 0, first: '', last: '' };
  while (url !== undefined && read.count < target) {
    const response: Dispatcher.ResponseData = await request(url, {
      dispatcher: agent,
      headers: { authorization: `SSWS ${range.token}`, accept: 'application/json' },
    });
    const items = (await response.body.json()) as { uuid: string }[];
    if (response.statusCode !== 200) throw new Error(`floor: HTTP ${response.statusCode} ${JSON.stringify(items)}`);
    for (const item of items) {
      if (read.count === target) break;
      if (read.count === 0) read.first = item.uuid;
      read.last = item.uuid;
      read.count++;
    }
    const link: string | string[] | undefined = response.headers.link;
    url = /<([^>]+)>;\s*rel="next"/.exec(Array.isArray(link) ? link.join(', ') : (link ?? ''))?.[1];
  }
  return read;
}

type OktaClient = import('../../src/okta/client.ts').OktaClient;

async function viaClient(client: OktaClient, range: Range, target: number): Promise<Read> {
  const read: Read = { count: 0, first: '', last: '' };
  for await (const event of client.logs.events({ since: range.since, until: range.until, limit: PAGE })) {
    if (read.count === 0) read.first = String(event.uuid);
    read.last = String(event.uuid);
    if (++read.count === target) break;
  }
  return read;
}

interface SdkCollection {
  [Symbol.asyncIterator](): AsyncIterator<{ uuid?: string } | null>;
}
interface SdkClient {
  systemLogApi: { listLogEvents(params: Record<string, unknown>): Promise<SdkCollection> };
}

async function viaSdk(sdk: SdkClient, range: Range, target: number): Promise<Read> {
  const read: Read = { count: 0, first: '', last: '' };
  const collection = await sdk.systemLogApi.listLogEvents({ since: range.since, until: range.until, limit: PAGE });
  for await (const event of collection) {
    if (!event) break;
    if (read.count === 0) read.first = String(event.uuid);
    read.last = String(event.uuid);
    if (++read.count === target) break;
  }
  return read;
}

// ---------------------------------------------------------------------------------------------------------------
// Memory child: plain node running the client bundled by esbuild.

const STREAM_ENTRY = `
import { Agent, request } from 'undici';
import { createOktaClient } from ${JSON.stringify(join(ROOT, 'src/okta/index.ts'))};
const [mode, issuer, token, since, until, targetText] = process.argv.slice(2);
const target = Number(targetText);
const baselineMb = process.memoryUsage().rss / 1048576;
const samples = [];
let count = 0;
const started = performance.now();
async function* clientPages() {
  const client = createOktaClient({ orgUrl: issuer, apiToken: token });
  try {
    for await (const page of client.logs.pages({ since, until, limit: ${PAGE} })) yield page.items;
  } finally {
    await client.close();
  }
}
// The bare undici loop: each page's body handed to \`read\`; the floor parses it, the drain drops it unread (the
// least any undici client can do with the bytes).
async function* undiciPages(read) {
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  let url = issuer + '/api/v1/logs?' + new URLSearchParams({ since, until, limit: '${PAGE}' });
  while (url) {
    const response = await request(url, { dispatcher: agent, headers: { authorization: 'SSWS ' + token, accept: 'application/json' } });
    yield await read(response.body);
    const link = response.headers.link;
    url = /<([^>]+)>;\\s*rel="next"/.exec(Array.isArray(link) ? link.join(', ') : (link ?? ''))?.[1];
  }
  await agent.close();
}
const floorPages = () => undiciPages((body) => body.json());
const drainPages = () => undiciPages(async (body) => {
  await body.dump({ limit: Number.MAX_SAFE_INTEGER });
  return { length: ${PAGE} };
});
const sources = { client: clientPages, floor: floorPages, drain: drainPages };
// Live heap after a full GC, once a tenth of the way in and once at the end: equal means nothing accumulates.
const liveHeapMb = () => {
  globalThis.gc();
  return process.memoryUsage().heapUsed / 1048576;
};
let liveHeapAtTenthMb = 0;
for await (const items of sources[mode]()) {
  count = Math.min(target, count + items.length);
  samples.push(process.memoryUsage().rss / 1048576);
  if (samples.length === Math.ceil(target / ${PAGE} / 10)) liveHeapAtTenthMb = liveHeapMb();
  if (count === target) break;
}
const ms = performance.now() - started;
const liveHeapAtEndMb = liveHeapMb();
const tenth = Math.max(1, Math.floor(samples.length / 10));
const peakFirstTenthMb = Math.max(...samples.slice(0, tenth));
const peakLastTenthMb = Math.max(...samples.slice(-tenth));
const peakRssMb = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ count, pages: samples.length, ms, baselineMb, peakFirstTenthMb, peakLastTenthMb, peakRssMb, liveHeapAtTenthMb, liveHeapAtEndMb }) + '\\n');
`;

interface StreamResult {
  count: number;
  pages: number;
  ms: number;
  baselineMb: number;
  /** Largest RSS sampled after a page, over the first and the last tenth of the pages: flat means no growth. */
  peakFirstTenthMb: number;
  peakLastTenthMb: number;
  peakRssMb: number;
  /** heapUsed right after a forced full GC, a tenth of the way in and at the end. */
  liveHeapAtTenthMb: number;
  liveHeapAtEndMb: number;
}

type StreamMode = 'client' | 'floor' | 'drain';
const STREAM_NAMES: Record<StreamMode, string> = {
  client: 'src/okta client',
  floor: 'undici loop (floor)',
  drain: 'undici, bodies dropped',
};

async function streamInChild(mode: StreamMode, range: Range, target: number): Promise<StreamResult> {
  const require = createRequire(import.meta.url);
  const esbuild = (await import('esbuild')) as typeof import('esbuild');
  const undiciUrl = pathToFileURL(require.resolve('undici')).href;
  const dir = mkdtempSync(join(tmpdir(), 'okta-client-bench-'));
  const file = join(dir, 'stream.mjs');
  try {
    const bundle = await esbuild.build({
      stdin: { contents: STREAM_ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'stream-entry.ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'error',
      plugins: [
        {
          name: 'undici-from-the-repo',
          setup(build) {
            build.onResolve({ filter: /^undici$/ }, () => ({ path: undiciUrl, external: true }));
          },
        },
      ],
    });
    writeFileSync(file, bundle.outputFiles[0]?.text ?? '');
    const child = spawn(
      process.execPath,
      ['--expose-gc', file, mode, range.issuer, range.token, range.since, range.until, String(target)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`the streaming child exited with ${code}`);
    return JSON.parse(output.trim()) as StreamResult;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------------------

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

/** Starts a sandbox child seeded for `events` (plus a margin), runs `fn` against it, and stops it. */
async function withSandbox(events: number, fn: (range: Range) => Promise<void>): Promise<void> {
  // A few per cent of the seed falls before the 90-day retention window; seed a margin above what is read.
  const seeded = Math.ceil(events * 1.06);
  const seedStarted = performance.now();
  const { child, ready: sandbox } = await startChildRole<Sandbox>(HERE, ['--serve', String(seeded)], {
    nodeOptions: ['--max-old-space-size=8192'],
    timeoutMs: 300_000,
  });
  console.log(
    `sandbox ${sandbox.issuer} ready with ${sandbox.stored} events in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`,
  );
  try {
    await fn({
      issuer: sandbox.issuer,
      token: sandbox.token,
      since: new Date(Date.now() - 179 * DAY).toISOString(),
      until: new Date(Date.now() + 3600_000).toISOString(),
    });
  } finally {
    await stopChild(child);
  }
}

async function throughput(range: Range, target: number, rounds: number): Promise<void> {
  const { createOktaClient } = await import('../../src/okta/client.ts');
  const okta = (await import('@okta/okta-sdk-nodejs')).default as unknown as {
    Client: new (config: Record<string, unknown>) => SdkClient;
  };
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  const client = createOktaClient({ orgUrl: range.issuer, apiToken: range.token });
  const sdk = new okta.Client({ orgUrl: range.issuer, token: range.token });
  const contenders: [string, (n: number) => Promise<Read>][] = [
    ['undici loop (floor)', (n) => floor(range, n, agent)],
    ['src/okta client', (n) => viaClient(client, range, n)],
    ['@okta/okta-sdk-nodejs', (n) => viaSdk(sdk, range, n)],
  ];
  for (const [, run] of contenders) await run(5 * PAGE);

  const times = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  let reference: Read | undefined;
  for (let round = 0; round < rounds; round++) {
    for (let index = 0; index < contenders.length; index++) {
      const [name, run] = contenders[(index + round) % contenders.length] as [string, (n: number) => Promise<Read>];
      const started = performance.now();
      const read = await run(target);
      const ms = performance.now() - started;
      reference ??= read;
      if (read.count !== target || read.first !== reference.first || read.last !== reference.last) {
        throw new Error(
          `${name} read ${read.count} events ${read.first}…${read.last}, not ${target} ${reference.first}…${reference.last}`,
        );
      }
      times.get(name)?.push(ms);
      console.log(`  round ${round + 1}  ${name.padEnd(24)} ${ms.toFixed(0).padStart(7)} ms`);
    }
  }
  const [floorName, clientName, sdkName] = contenders.map(([name]) => name) as [string, string, string];
  const m = (name: string) => median(times.get(name) ?? []);
  const clientVsFloor = m(clientName) / m(floorName);
  const sdkVsClient = m(sdkName) / m(clientName);
  console.log(`\nmedians for ${target} events at limit=${PAGE}:`);
  for (const [name] of contenders) {
    const ms = m(name);
    console.log(
      `  ${name.padEnd(24)} ${ms.toFixed(0).padStart(7)} ms  ${((target / ms) * 1000).toFixed(0).padStart(7)} events/s`,
    );
  }
  console.log(
    `  client / floor = ${clientVsFloor.toFixed(3)}  (target ≤ 1.25)  ${clientVsFloor <= 1.25 ? 'PASS' : 'FAIL'}`,
  );
  console.log(`  SDK / client   = ${sdkVsClient.toFixed(3)}  (target ≥ 1.5)   ${sdkVsClient >= 1.5 ? 'PASS' : 'FAIL'}`);
  await client.close();
  await agent.close();
}

async function memory(range: Range, streamTarget: number): Promise<void> {
  console.log(`\nstreaming ${streamTarget} events in a child process (plain node; client bundled by esbuild)…`);
  let streamOk = true;
  // ABCCBA order, so that no contender always runs first against the sandbox.
  for (const mode of ['client', 'floor', 'drain', 'drain', 'floor', 'client'] as const) {
    const stream = await streamInChild(mode, range, streamTarget);
    console.log(
      `  ${STREAM_NAMES[mode].padEnd(24)} ${stream.count} events, ${stream.pages} pages, ${(stream.ms / 1000).toFixed(1)} s; RSS start ${stream.baselineMb.toFixed(1)} MB, peak ${stream.peakRssMb.toFixed(1)} MB (sampled: first tenth ${stream.peakFirstTenthMb.toFixed(1)}, last tenth ${stream.peakLastTenthMb.toFixed(1)}); live heap after GC ${stream.liveHeapAtTenthMb.toFixed(1)} → ${stream.liveHeapAtEndMb.toFixed(1)} MB`,
    );
    if (mode === 'client') streamOk &&= stream.count === streamTarget && stream.peakRssMb < 100;
  }
  console.log(`  client peak RSS < 100 MB: ${streamOk ? 'PASS' : 'FAIL'}`);
}

async function main(): Promise<void> {
  const target = envInt('OKTA_BENCH_EVENTS', 100_000);
  const streamTarget = envInt('OKTA_BENCH_STREAM_EVENTS', 1_000_000);
  const rounds = envInt('OKTA_BENCH_ROUNDS', 5);
  console.log(`node ${process.version}, ${rounds} rounds of ${target} events, stream ${streamTarget}`);
  // Two sandboxes, each seeded for its part: the million events the stream needs make the sandbox's heap large
  // enough that its garbage collection adds noise to the throughput rounds.
  await withSandbox(target, (range) => throughput(range, target, rounds));
  await withSandbox(streamTarget, (range) => memory(range, streamTarget));
}

if (process.argv[2] === '--serve') await serve(Number(process.argv[3]));
else await main();
