import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.ts';
import { type AppConfig, loadConfig, resolveAppConfig } from '../../src/config.ts';
import { createConsoleControls } from '../../src/sandbox/console-controls.ts';
import { SANDBOX_PASSWORD } from '../../src/sandbox/directory.ts';
import { type RunningSandbox, type StartSandboxOptions, startSandbox } from '../../src/sandbox/sandbox.ts';
import type { SharedStore } from '../../src/store/store.ts';

/** A free loopback port (released before use; good enough for tests on one machine). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Harness {
  app: FastifyInstance;
  sandbox: RunningSandbox;
  config: AppConfig;
  /** The app's base URL, e.g. http://localhost:41234 */
  baseUrl: string;
  /** Every log line the app wrote, as text (for "never logs a token" checks). */
  logs: string[];
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  sandbox?: Omit<StartSandboxOptions, 'appBaseUrl'>;
  /** Adjusts the resolved config before the app is built (e.g. short session timeouts). */
  adjust?: (config: AppConfig) => AppConfig;
  /** Adds test-only routes before the app starts listening. */
  routes?: (app: FastifyInstance) => void;
  /** Hand the app the sandbox's accounts and console controls, as server.ts does in sandbox mode (default true). */
  sandboxDeps?: boolean;
  /** The app's shared store (as server.ts passes Redis); in memory when absent. The caller closes it. */
  store?: SharedStore;
}

/**
 * The app on localhost and the sandbox org on 127.0.0.1, talking over real HTTP, as `npm start` runs them. The
 * app's port is chosen before the sandbox (which must know the app's URL) starts; when another process takes it in
 * between, everything starts again on another port.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startHarnessOn(await freePort(), options);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 'EADDRINUSE' || attempt >= 3) throw error;
    }
  }
}

async function startHarnessOn(port: number, options: HarnessOptions): Promise<Harness> {
  const baseUrl = `http://localhost:${port}`;
  const sandbox = await startSandbox({ appBaseUrl: baseUrl, seed: { users: 40, events: 400 }, ...options.sandbox });
  const loaded = loadConfig({ APP_BASE_URL: baseUrl, PORT: String(port), LOG_LEVEL: 'info', ...options.env });
  let config = resolveAppConfig(loaded, {
    issuer: sandbox.issuer,
    clientId: sandbox.org.webApp.clientId,
    clientSecret: sandbox.org.webApp.clientSecret,
  });
  if (options.adjust) config = options.adjust(config);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, callback) {
      logs.push(String(chunk));
      callback();
    },
  });
  const sandboxDeps =
    options.sandboxDeps === false
      ? {}
      : {
          sandbox: {
            accounts: sandbox.org.directory.accounts().map(({ login, purpose }) => ({ login, purpose })),
            password: SANDBOX_PASSWORD,
          },
          sandboxControls: createConsoleControls(sandbox),
        };
  const app = await buildApp(config, { logStream, ...sandboxDeps, ...(options.store ? { store: options.store } : {}) });
  options.routes?.(app);
  try {
    await app.listen({ port, host: 'localhost' });
  } catch (error) {
    await app.close();
    await sandbox.close();
    throw error;
  }
  return {
    app,
    sandbox,
    config,
    baseUrl,
    logs,
    async close() {
      await app.close();
      await sandbox.close();
    },
  };
}
