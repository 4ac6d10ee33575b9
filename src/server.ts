// Entry point (`npm start`). The only module that reads process.env, listens, and starts the sandbox org.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from './app.ts';
import { runConfigDoctor } from './auth/config-doctor.ts';
import { type AppConfig, ConfigError, type LoadedConfig, loadConfig, resolveAppConfig } from './config.ts';
import { type PortSetting, portProblem } from './port-in-use.ts';
import { SANDBOX_PASSWORD } from './sandbox/directory.ts';
import type { RunningSandbox } from './sandbox/sandbox.ts';
import type { SharedStore } from './store/store.ts';
import { StoreUnavailableError } from './store/store-errors.ts';

const ENV_FILE = fileURLToPath(new URL('../.env', import.meta.url));

async function main(): Promise<void> {
  // Values already in the environment win over .env (Node's loadEnvFile does not overwrite them).
  if (existsSync(ENV_FILE)) process.loadEnvFile(ENV_FILE);
  const loaded = readConfigOrExit();

  let sandbox: RunningSandbox | undefined;
  if (loaded.okta.mode === 'sandbox') {
    const port = loaded.okta.sandboxPort;
    // Loaded only in sandbox mode: an app pointed at a real org never loads the emulator.
    const { startSandbox } = await import('./sandbox/sandbox.ts');
    sandbox = await startSandbox({ host: '127.0.0.1', port, appBaseUrl: loaded.appBaseUrl.origin }).catch(
      (error: unknown) =>
        exitOnListenError(error, {
          name: 'SANDBOX_PORT',
          port,
          host: '127.0.0.1',
          commandWith: (free) => `SANDBOX_PORT=${free} npm start`,
          taken: [loaded.port],
        }),
    );
  }
  const config = resolveAppConfig(
    loaded,
    sandbox && {
      issuer: sandbox.issuer,
      clientId: sandbox.org.webApp.clientId,
      clientSecret: sandbox.org.webApp.clientSecret,
    },
  );
  const deps: AppDeps = sandbox
    ? {
        sandbox: {
          accounts: sandbox.org.directory.accounts().map(({ login, purpose }) => ({ login, purpose })),
          password: SANDBOX_PASSWORD,
        },
        sandboxControls: (await import('./sandbox/console-controls.ts')).createConsoleControls(sandbox),
      }
    : {};

  const store = await sharedStoreFor(config);
  const app = await buildApp(config, { ...deps, ...(store ? { store } : {}) });
  for (const notice of loaded.notices) app.log.warn(notice);
  installShutdown(app, sandbox, store);

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (error) {
    await sandbox?.close();
    await exitOnListenError(error, {
      name: 'PORT',
      port: config.port,
      host: config.host,
      commandWith: (free) => `PORT=${free} npm start`,
      taken: loaded.okta.mode === 'sandbox' ? [loaded.okta.sandboxPort] : [],
      ...(loaded.okta.mode === 'sandbox'
        ? {}
        : {
            note: `Browsers reach the app at APP_BASE_URL (${config.appBaseUrl.origin}): if it names this port, change it too, and register the new sign-in redirect URI (APP_BASE_URL/authorization-code/callback) in your Okta app.`,
          }),
    });
  }

  const lines = [
    '',
    `okta-scoped-viewer is running: open ${config.appBaseUrl.origin}/`,
    config.okta.sandbox
      ? 'Mode: sandbox (no Okta settings found). Set OKTA_ORG_URL, OKTA_CLIENT_ID and OKTA_CLIENT_SECRET to use your org.'
      : `Mode: Okta org ${config.okta.orgUrl.origin}`,
  ];
  if (sandbox) {
    lines.push(
      '',
      sandbox.describe(),
      `  Sandbox console (scopes, roles, faults): ${config.appBaseUrl.origin}/sandbox`,
    );
  }
  console.log(`${lines.join('\n')}\n`);
  await reportSharedStore(config, app.store);
  await reportSetupChecks(config, app);
}

/**
 * With REDIS_URL, a Redis store (loaded only then: `npm start` without it needs nothing but Node). It connects in
 * the background, so a Redis that is down at start delays nothing: pages that need it say so until it answers.
 */
async function sharedStoreFor(config: AppConfig): Promise<SharedStore | undefined> {
  if (!config.redisUrl) return undefined;
  const { createRedisStore } = await import('./store/redis-store.ts');
  return createRedisStore(config.redisUrl.href);
}

/** Whether the shared store answers at start, told like a failed setup check when it does not. */
async function reportSharedStore(config: AppConfig, store: SharedStore): Promise<void> {
  if (!config.redisUrl) {
    console.log(
      'Shared state: in this process (set REDIS_URL to share sessions and the rate budget between instances).',
    );
    return;
  }
  const where = `${config.redisUrl.protocol}//${config.redisUrl.host}`;
  try {
    await store.check();
    console.log(`Shared state: Redis at ${where} answers.`);
  } catch (error) {
    const detail = error instanceof StoreUnavailableError ? (error.details?.Problem ?? error.failure) : 'no answer';
    console.warn(
      [
        `Setup checks: Redis at ${where} (REDIS_URL) does not answer: ${detail}`,
        '    Fix: start Redis or correct the host, port and password in REDIS_URL. The app keeps trying and works as soon as Redis answers; until then pages say so and /healthz answers 503.',
      ].join('\n'),
    );
  }
}

/** The config doctor at start: each failed check with its fix (also on the /setup page). */
async function reportSetupChecks(config: AppConfig, app: FastifyInstance): Promise<void> {
  const checks = await runConfigDoctor(config, app.auth.org);
  const failed = checks.filter((check) => check.status === 'fail');
  if (failed.length === 0) {
    console.log(`Setup checks: all ${checks.filter((check) => check.status === 'pass').length} pass (see /setup).`);
    return;
  }
  const lines = [`Setup checks: ${failed.length} failed (see ${config.appBaseUrl.origin}/setup):`];
  for (const check of failed) lines.push(`  ✗ ${check.label}: ${check.detail}`, `    Fix: ${check.fix ?? ''}`);
  console.warn(lines.join('\n'));
}

function readConfigOrExit(): LoadedConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const count = error.problems.length;
    const lines = [`okta-scoped-viewer cannot start: ${count} configuration problem${count === 1 ? '' : 's'}.`, ''];
    for (const problem of error.problems) {
      lines.push(`  ✗ ${problem.variable}: ${problem.problem}`, `    Fix: ${problem.fix}`, '');
    }
    lines.push('Settings come from the environment or a .env file (see .env.example).');
    console.error(lines.join('\n'));
    process.exit(1);
  }
}

/** A port problem the user can fix is told as such (no stack) and ends the process with 1; anything else is rethrown. */
async function exitOnListenError(error: unknown, setting: PortSetting): Promise<never> {
  const message = await portProblem(error, setting);
  if (message === undefined) throw error;
  console.error(`okta-scoped-viewer cannot start: ${message}`);
  process.exit(1);
}

function installShutdown(app: FastifyInstance, sandbox: RunningSandbox | undefined, store?: SharedStore): void {
  closeWithGrace({ delay: 10_000, logger: app.log }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an unexpected error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    await store?.close();
    await sandbox?.close();
  });
}

await main();
