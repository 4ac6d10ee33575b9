/**
 * Benchmark of the command-line tool's `logs export` against the sandbox org on loopback, rate limits off.
 *
 *   npx tsx test/bench/cli-export.bench.ts
 *
 * Side by side in one run, the same bounded query (every seeded event: CLI_BENCH_EVENTS, default 100,000) read to
 * its end and written as NDJSON to a file, as the seeded API Services app (client_credentials, private_key_jwt):
 *   1. the CLI as a user runs it: `node bin/okta-scoped-viewer.js logs export … --output FILE`, timed from the
 *      spawn to the process's exit (start-up, token, every page, the file closed);
 *   2. in-process: the same token source and a src/okta client in this process, `client.logs.events(query)`
 *      written line by line to a file, timed from asking for the token to the file closed;
 *   3. and 4. the same two with the service app's "Require DPoP" on (the CLI with `--dpop`): every call then
 *      carries a fresh proof, which the sandbox verifies.
 * Targets: CLI ≤ 1.15 × in-process; DPoP ≤ 1.10 × Bearer (the CLI, and in-process for comparison).
 * Each round runs the four in a rotated order (the sandbox's "Require DPoP" switched between pairs); medians over
 * CLI_BENCH_ROUNDS (default 5) are compared, after one warm-up of each. Every run must write the same number of
 * events and the same first and last event.
 *
 * The sandbox runs in its own child process (one core for it, one for the exporters on a 2-core machine). Never
 * run by the test suites.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Agent } from 'undici';

const HERE = fileURLToPath(import.meta.url);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DAY = 24 * 3600 * 1000;

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

// ---------------------------------------------------------------------------------------------------------------
// Child role: the sandbox org, whose service app's "Require DPoP" the parent switches with a line on stdin.

interface SandboxReady {
  issuer: string;
  clientId: string;
  keyId: string;
  pemPath: string;
  stored: number;
}

async function serve(events: number): Promise<void> {
  const { startSandbox } = await import('../../src/sandbox/sandbox.ts');
  const sandbox = await startSandbox({
    appBaseUrl: 'http://127.0.0.1:9',
    port: 0,
    seed: { users: 300, events },
    rateLimits: { enabled: false },
  });
  const ready: SandboxReady = {
    issuer: sandbox.issuer,
    clientId: sandbox.org.serviceApp.clientId,
    keyId: String(sandbox.org.serviceApp.privateJwk.kid),
    pemPath: sandbox.serviceAppKeyFiles.pemPath,
    stored: sandbox.org.systemLog.size,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    sandbox.org.serviceApp.requireDpop = line.trim() === 'dpop on';
    process.stdout.write(`${JSON.stringify({ requireDpop: sandbox.org.serviceApp.requireDpop })}\n`);
  }
  await sandbox.close();
}

class SandboxChild {
  readonly #lines: AsyncIterator<string>;
  private constructor(
    readonly child: ChildProcessByStdio<Writable, Readable, null>,
    lines: Interface,
  ) {
    this.#lines = lines[Symbol.asyncIterator]();
  }

  static async start(events: number): Promise<{ child: SandboxChild; ready: SandboxReady }> {
    const child = spawn(process.execPath, ['--import', 'tsx', HERE, 'sandbox', String(events)], {
      cwd: ROOT,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const sandbox = new SandboxChild(child, createInterface({ input: child.stdout }));
    return { child: sandbox, ready: (await sandbox.#reply()) as SandboxReady };
  }

  async #reply(): Promise<unknown> {
    for (;;) {
      const next = await this.#lines.next();
      if (next.done) throw new Error('the sandbox child exited');
      if (next.value.startsWith('{')) return JSON.parse(next.value);
    }
  }

  async requireDpop(on: boolean): Promise<void> {
    this.child.stdin.write(`dpop ${on ? 'on' : 'off'}\n`);
    const reply = (await this.#reply()) as { requireDpop: boolean };
    if (reply.requireDpop !== on) throw new Error('the sandbox did not switch Require DPoP');
  }

  async stop(): Promise<void> {
    this.child.stdin.end();
    await once(this.child, 'exit');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The contenders. Each writes the query's events as NDJSON to `file`.

interface Range {
  sandbox: SandboxReady;
  since: string;
  until: string;
}

async function viaCli(range: Range, file: string, dpop: boolean, home: string): Promise<void> {
  const args = [
    join(ROOT, 'bin/okta-scoped-viewer.js'),
    'logs',
    'export',
    '--since',
    range.since,
    '--until',
    range.until,
    '--format',
    'ndjson',
    '--output',
    file,
    '--org-url',
    range.sandbox.issuer,
    '--client-id',
    range.sandbox.clientId,
    '--private-key',
    range.sandbox.pemPath,
    '--key-id',
    range.sandbox.keyId,
    ...(dpop ? ['--dpop'] : []),
  ];
  // No OKTA_CLIENT_* from this shell, no okta.yaml from a home directory: the flags alone configure it.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OKTA_')));
  const child = spawn(process.execPath, args, {
    cwd: home,
    env: { ...env, HOME: home },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the CLI exited with ${code}:\n${stderr}`);
}

async function inProcess(range: Range, file: string, dpop: boolean): Promise<void> {
  const { ServiceToken } = await import('../../src/cli/service-token.ts');
  const { loadPrivateKey } = await import('../../src/cli/private-key.ts');
  const { createOktaClient } = await import('../../src/okta/index.ts');
  const dispatcher = new Agent({ keepAliveTimeout: 10_000 });
  const token = new ServiceToken({
    orgUrl: range.sandbox.issuer,
    clientId: range.sandbox.clientId,
    scopes: ['okta.logs.read'],
    key: await loadPrivateKey(range.sandbox.pemPath, ROOT),
    keyId: range.sandbox.keyId,
    dpop,
    dispatcher,
    timeoutSeconds: 30,
  });
  const facts = await token.facts();
  if ((facts.tokenType === 'DPoP') !== dpop) throw new Error(`expected a ${dpop ? 'DPoP' : 'Bearer'} token`);
  const client = createOktaClient({
    orgUrl: range.sandbox.issuer,
    dispatcher,
    getAccessToken: (signal) => token.accessToken(signal),
    dpop: token.dpopSigner,
  });
  const out = createWriteStream(file);
  for await (const event of client.logs.events({ since: range.since, until: range.until, limit: 1000 })) {
    if (!out.write(`${JSON.stringify(event)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  await client.close();
  await dispatcher.close();
}

interface Written {
  count: number;
  first: string;
  last: string;
}

function written(file: string): Written {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const uuid = (line: string | undefined) => (line ? String((JSON.parse(line) as { uuid?: unknown }).uuid) : '');
  return { count: lines.length, first: uuid(lines[0]), last: uuid(lines.at(-1)) };
}

// ---------------------------------------------------------------------------------------------------------------
// The run.

type Name = 'CLI, Bearer' | 'in-process, Bearer' | 'CLI, DPoP' | 'in-process, DPoP';

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

async function main(): Promise<void> {
  const events = envInt('CLI_BENCH_EVENTS', 100_000);
  const rounds = envInt('CLI_BENCH_ROUNDS', 5);
  const work = mkdtempSync(join(tmpdir(), 'cli-export-bench-'));
  // The seed puts about 3 % of its events beyond the System Log's 90 days, out of every query's reach.
  const { child: sandbox, ready } = await SandboxChild.start(Math.ceil(events / 0.97));
  const now = Date.now();
  const range: Range = {
    sandbox: ready,
    since: new Date(now - 179 * DAY).toISOString(),
    // Ends now: the token grants of the runs write System Log events of their own, after it.
    until: new Date(now).toISOString(),
  };
  console.log(`sandbox: ${ready.stored} events stored; node ${process.version}; ${rounds} rounds`);
  const contenders: Record<Name, { dpop: boolean; run: (file: string) => Promise<void> }> = {
    'CLI, Bearer': { dpop: false, run: (file) => viaCli(range, file, false, work) },
    'in-process, Bearer': { dpop: false, run: (file) => inProcess(range, file, false) },
    'CLI, DPoP': { dpop: true, run: (file) => viaCli(range, file, true, work) },
    'in-process, DPoP': { dpop: true, run: (file) => inProcess(range, file, true) },
  };
  const names = Object.keys(contenders) as Name[];
  const times: Record<Name, number[]> = {
    'CLI, Bearer': [],
    'in-process, Bearer': [],
    'CLI, DPoP': [],
    'in-process, DPoP': [],
  };
  let expected: Written | undefined;
  try {
    for (let round = 0; round <= rounds; round++) {
      const warmUp = round === 0;
      // Rotate the pairs and the order inside each pair, so neither side always runs first or second.
      const bearerFirst = round % 2 === 0;
      const flip = Math.floor(round / 2) % 2 === 1;
      const pair = (a: Name, b: Name): Name[] => (flip ? [b, a] : [a, b]);
      const bearer = pair('CLI, Bearer', 'in-process, Bearer');
      const dpop = pair('CLI, DPoP', 'in-process, DPoP');
      const order = bearerFirst ? [...bearer, ...dpop] : [...dpop, ...bearer];
      for (const name of order) {
        const contender = contenders[name];
        await sandbox.requireDpop(contender.dpop);
        const file = join(work, 'export.ndjson');
        rmSync(file, { force: true });
        const started = performance.now();
        await contender.run(file);
        const ms = performance.now() - started;
        const result = written(file);
        expected ??= result;
        if (result.count !== expected.count || result.first !== expected.first || result.last !== expected.last) {
          throw new Error(`${name} wrote ${JSON.stringify(result)}, not ${JSON.stringify(expected)}`);
        }
        if (!warmUp) times[name].push(ms);
        console.log(`${warmUp ? 'warm-up' : `round ${round}`}: ${name.padEnd(18)} ${ms.toFixed(0).padStart(6)} ms`);
      }
    }
  } finally {
    await sandbox.stop();
    rmSync(work, { recursive: true, force: true });
  }
  const med = Object.fromEntries(names.map((name) => [name, median(times[name])])) as Record<Name, number>;
  const count = expected?.count ?? 0;
  console.log(`\n${count} events, NDJSON to a file; medians of ${rounds} rounds:`);
  for (const name of names) {
    console.log(
      `  ${name.padEnd(18)} ${med[name].toFixed(0).padStart(6)} ms  ${Math.round(count / (med[name] / 1000))} events/s`,
    );
  }
  const verdict = (ratio: number, target: number) =>
    `${ratio.toFixed(3)} (target ≤ ${target}) ${ratio <= target ? '✔' : '✘'}`;
  console.log(`  CLI ÷ in-process, Bearer:   ${verdict(med['CLI, Bearer'] / med['in-process, Bearer'], 1.15)}`);
  console.log(`  CLI ÷ in-process, DPoP:     ${verdict(med['CLI, DPoP'] / med['in-process, DPoP'], 1.15)}`);
  console.log(`  DPoP ÷ Bearer, CLI:         ${verdict(med['CLI, DPoP'] / med['CLI, Bearer'], 1.1)}`);
  console.log(`  DPoP ÷ Bearer, in-process:  ${verdict(med['in-process, DPoP'] / med['in-process, Bearer'], 1.1)}`);
}

if (process.argv[2] === 'sandbox') {
  await serve(Number(process.argv[3]));
} else {
  await main();
}
