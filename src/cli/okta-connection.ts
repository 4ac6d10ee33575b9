/**
 * Everything a command talks to Okta with: one dispatcher (the configured proxy, or HTTPS_PROXY / NO_PROXY), the
 * service app's token, and one src/okta client spending from the same rate brake as the app (in this process, or
 * the team's Redis with REDIS_URL).
 */
import { type Dispatcher, EnvHttpProxyAgent, ProxyAgent } from 'undici';
import { readRedisUrl } from '../config.ts';
import { type CallPriority, createOktaClient, type OktaClient } from '../okta/index.ts';
import { MemoryStore } from '../store/memory-store.ts';
import type { SharedStore } from '../store/store.ts';
import { StoreRateGate } from '../store/store-rate-gate.ts';
import { type CliConfig, CliConfigError, type ConfigProblem } from './config.ts';
import { ServiceToken } from './service-token.ts';

/** The product token the CLI puts before the client's own User-Agent. */
const CLI_USER_AGENT = 'okta-scoped-viewer-cli';

/** An open connection; `close()` releases the sockets and the store. */
export interface OktaConnection {
  client: OktaClient;
  /** The service app's token source (undefined in SSWS mode). */
  token: ServiceToken | undefined;
  close(): Promise<void>;
}

/** The dispatcher every request to Okta goes through (token endpoint and management API alike). */
export function dispatcherFor(config: CliConfig): Dispatcher {
  const timeouts = { connectTimeout: 10_000, keepAliveTimeout: 10_000 };
  if (!config.proxy) return new EnvHttpProxyAgent(timeouts);
  return new ProxyAgent({
    ...timeouts,
    uri: config.proxy.uri,
    ...(config.proxy.token ? { token: config.proxy.token } : {}),
  });
}

/** The store of the rate budget: Redis at `REDIS_URL`, checked as the app checks it (a bad URL is a CliConfigError). */
async function storeFor(env: Readonly<Record<string, string | undefined>>): Promise<SharedStore> {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return new MemoryStore();
  const problems: ConfigProblem[] = [];
  const url = readRedisUrl(raw, (problem, fix) => problems.push({ setting: 'REDIS_URL (env)', problem, fix }));
  if (url === undefined) throw new CliConfigError(problems);
  // Loaded only with REDIS_URL, as in the app.
  const { createRedisStore } = await import('../store/redis-store.ts');
  return createRedisStore(raw);
}

/** A token source for the configuration (none in SSWS mode). */
export function serviceTokenFor(
  config: CliConfig,
  dispatcher: Dispatcher,
  notice?: (line: string) => void,
): ServiceToken | undefined {
  const { auth } = config;
  if (auth.mode !== 'PrivateKey') return undefined;
  return new ServiceToken({
    orgUrl: config.orgUrl,
    clientId: auth.clientId,
    scopes: auth.scopes,
    key: auth.key,
    keyId: auth.keyId,
    dpop: auth.dpop,
    dispatcher,
    timeoutSeconds: Math.ceil((config.requestTimeoutMs ?? 30_000) / 1000),
    onDpopRequired: (said) =>
      notice?.(
        `The app requires DPoP (Okta said: ${said}): using a DPoP-bound token. Pass --dpop to ask for one at once.`,
      ),
  });
}

/**
 * Gets the first token (so its type, Bearer or DPoP, is known) and opens the client. Rate-limit waits are the
 * caller's (see rate-waits.ts): the client's own retries are off.
 */
export async function connectToOkta(
  config: CliConfig,
  priority: CallPriority,
  env: Readonly<Record<string, string | undefined>>,
  notice?: (line: string) => void,
): Promise<OktaConnection> {
  const dispatcher = dispatcherFor(config);
  const token = serviceTokenFor(config, dispatcher, notice);
  let store: SharedStore | undefined;
  try {
    // The shared budget first: a Redis that does not answer stops the command before Okta is asked for anything.
    store = await storeFor(env);
    await store.check();
    const facts = await token?.facts();
    const common = {
      orgUrl: config.orgUrl,
      dispatcher,
      userAgent: CLI_USER_AGENT,
      maxRetries: 0,
      rateGate: new StoreRateGate(store),
      priority,
      ...(config.requestTimeoutMs ? { callTimeoutMs: config.requestTimeoutMs } : {}),
    };
    const { auth } = config;
    const client =
      auth.mode === 'SSWS' || token === undefined
        ? createOktaClient({ ...common, apiToken: auth.mode === 'SSWS' ? auth.token : '' })
        : createOktaClient({
            ...common,
            getAccessToken: (signal) => token.accessToken(signal),
            // A token Okta issued as Bearer (the app does not require DPoP) is sent as Bearer.
            dpop: facts?.tokenType === 'DPoP' ? token.dpopSigner : undefined,
          });
    const opened = store;
    return {
      client,
      token,
      async close() {
        await client.close();
        await opened.close();
        await dispatcher.close();
      },
    };
  } catch (error) {
    await store?.close();
    await dispatcher.close();
    throw error;
  }
}
