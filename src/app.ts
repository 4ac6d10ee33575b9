import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { authPlugin } from './auth/plugin.ts';
import type { AppConfig } from './config.ts';
import { type LogStream, loggerOptions } from './logger.ts';
import { compressionPlugin } from './plugins/compression.ts';
import { errorsPlugin } from './plugins/errors.ts';
import { oktaAccessPlugin } from './plugins/okta-access.ts';
import { outboundHttpPlugin } from './plugins/outbound-http.ts';
import { securityHeadersPlugin } from './plugins/security-headers.ts';
import { sharedStorePlugin } from './plugins/shared-store.ts';
import { staticPlugin } from './plugins/static.ts';
import { viewPlugin } from './plugins/view.ts';
import { viewerPlugin } from './plugins/viewer.ts';
import { guideRoutes } from './routes/guide.ts';
import { healthRoutes } from './routes/health.ts';
import { homeRoutes, type SandboxInfo } from './routes/home.ts';
import { logsRoutes } from './routes/logs.ts';
import { sandboxConsoleRoutes } from './routes/sandbox-console.ts';
import { setupRoutes } from './routes/setup.ts';
import { tokenRoutes } from './routes/token.ts';
import { usersRoutes } from './routes/users.ts';
import { usersDetailRoutes } from './routes/users-detail.ts';
import type { SandboxControls } from './sandbox-console/controls.ts';
import type { SharedStore } from './store/store.ts';

export type { SandboxInfo } from './routes/home.ts';

/** Things the app uses that are not configuration: the running sandbox's accounts, a log destination. */
export interface AppDeps {
  /** Set in sandbox mode so the home page can list the accounts to try. */
  sandbox?: SandboxInfo;
  /** Log lines go here instead of stdout (tests capture them). */
  logStream?: LogStream;
  /** Set in sandbox mode: what the sandbox console (/sandbox) changes, and the guide's SSWS token. */
  sandboxControls?: SandboxControls;
  /** Where state shared by instances lives (server.ts: Redis when REDIS_URL is set); in memory when absent. */
  store?: SharedStore;
}

/** Builds the Fastify app: plugins, then routes, explicitly and in order. Does not listen. */
export async function buildApp(config: AppConfig, deps: AppDeps = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(config.logLevel, deps.logStream),
    genReqId: () => randomUUID(),
    trustProxy: trustProxyOption(config.trustProxy),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });

  await app.register(errorsPlugin);
  await app.register(securityHeadersPlugin, { config });
  await app.register(viewerPlugin);
  await app.register(viewPlugin, { config });
  // Before the static files and every route: its hook is added to the routes registered after it.
  await app.register(compressionPlugin);
  await app.register(staticPlugin);

  await app.register(sharedStorePlugin, { store: deps.store });
  await app.register(outboundHttpPlugin);
  await app.register(authPlugin, { config });
  await app.register(oktaAccessPlugin, { config });

  await app.register(healthRoutes);
  await app.register(homeRoutes, { sandbox: deps.sandbox });
  await app.register(setupRoutes, { config });
  await app.register(logsRoutes);
  await app.register(usersRoutes);
  await app.register(usersDetailRoutes);
  await app.register(tokenRoutes, { config });
  await app.register(guideRoutes, { config, controls: deps.sandboxControls });
  await app.register(sandboxConsoleRoutes, { config, controls: deps.sandboxControls });
  return app;
}

// Fastify accepts a hop count at runtime but its types do not; this is the function it would build for one.
function trustProxyOption(
  value: AppConfig['trustProxy'],
): boolean | string[] | ((address: string, hop: number) => boolean) {
  return typeof value === 'number' ? (_address, hop) => hop < value : value;
}
