import { randomBytes } from 'node:crypto';
import { isIP, isIPv4 } from 'node:net';

/** Pino log levels accepted in `LOG_LEVEL`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** One of {@link LOG_LEVELS}. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Fastify's `trustProxy`: off, on, a hop count, or the proxy addresses/CIDRs to trust. */
export type TrustProxy = boolean | number | string[];

/** The scopes requested when `OKTA_SCOPES` is not set. */
export const DEFAULT_SCOPES = ['openid', 'profile', 'email', 'okta.logs.read', 'okta.users.read'];

/** `OKTA_CALL_TIMEOUT_SECONDS` when unset: well under Okta's own 30 s query timeout, long enough for a slow page. */
export const DEFAULT_OKTA_CALL_TIMEOUT_SECONDS = 20;

/** Path of the sign-in redirect URI, appended to `APP_BASE_URL`. */
export const CALLBACK_PATH = '/authorization-code/callback';

/** Host suffixes of Okta-hosted orgs; anything else needs `OKTA_ALLOW_CUSTOM_DOMAIN=true`. */
export const OKTA_HOST_SUFFIXES = [
  '.okta.com',
  '.oktapreview.com',
  '.okta-emea.com',
  '.okta-gov.com',
  '.okta.mil',
  '.trexcloud.com',
];

/** Okta settings from the environment: a real org, or none at all (then the app starts the sandbox org). */
export type OktaSettings =
  | { mode: 'okta'; orgUrl: URL; clientId: string; clientSecret: string }
  | { mode: 'sandbox'; sandboxPort: number };

interface CommonConfig {
  /** Where browsers reach the app: an origin with no path. */
  appBaseUrl: URL;
  /** `APP_BASE_URL` + `/authorization-code/callback`, byte for byte what is registered in Okta. */
  redirectUri: string;
  /** `APP_BASE_URL` + `/`. */
  postLogoutRedirectUri: string;
  scopes: string[];
  /** At least 32 characters. Signs session cookies and encrypts what the app keeps in Redis. */
  sessionSecret: string;
  /**
   * Earlier session secrets still accepted (`SESSION_SECRET_PREVIOUS`, comma-separated), so that a secret can be
   * rotated without signing everyone out: cookies and stored sessions made with them are still read.
   */
  previousSessionSecrets: string[];
  /**
   * Where several instances share sessions, page tokens, the page cache and Okta's rate budget (`REDIS_URL`);
   * undefined keeps all of it in this process.
   */
  redisUrl: URL | undefined;
  session: { idleTimeoutMinutes: number; absoluteTimeoutHours: number };
  port: number;
  host: string;
  logLevel: LogLevel;
  trustProxy: TrustProxy;
  /**
   * The most one management-API call may take, headers and whole body, retries and waits included
   * (`OKTA_CALL_TIMEOUT_SECONDS`). At the deadline the app closes the connection and shows "Okta is slow to answer".
   */
  oktaCallTimeoutMs: number;
}

/** The validated environment (frozen). The Okta side is not resolved yet: in sandbox mode the sandbox must start first. */
export interface LoadedConfig extends CommonConfig {
  okta: OktaSettings;
  /** Things worth telling the operator at start that are not errors (e.g. a generated session secret). */
  notices: string[];
}

/** The configuration the app runs with: the Okta side resolved to a real org or the running sandbox org. */
export interface AppConfig extends CommonConfig {
  okta: { orgUrl: URL; clientId: string; clientSecret: string; sandbox: boolean };
}

/** One invalid setting: the variable, what is wrong, and how to fix it. */
export interface ConfigProblem {
  variable: string;
  problem: string;
  fix: string;
}

/** The environment holds invalid settings. Carries every problem found, not just the first. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const lines = problems.map((p) => `- ${p.variable}: ${p.problem} Fix: ${p.fix}`);
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = Object.freeze([...problems]);
  }
}

/** `resolveAppConfig` was called in sandbox mode without the running sandbox's settings. A programming error. */
export class SandboxNotStartedError extends Error {
  readonly code = 'CONFIG_SANDBOX_NOT_STARTED';
  constructor() {
    super('sandbox mode: start the sandbox org and pass its issuer and client to resolveAppConfig');
    this.name = 'SandboxNotStartedError';
  }
}

const ORG_URL_EXAMPLE = 'https://dev-123456.okta.com';
const SECRET_COMMAND = `node -e "console.log(require('node:crypto').randomBytes(32).toString('base64url'))"`;
// RFC 6749 §3.3 scope-token characters.
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * Validates the environment. Okta settings absent → sandbox mode. Throws {@link ConfigError} listing every problem.
 * Pure apart from generating a random session secret in sandbox mode when none is set.
 */
export function loadConfig(env: Record<string, string | undefined>): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const notices: string[] = [];
  const read = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value ? value : undefined;
  };
  const add = (variable: string, problem: string, fix: string) => problems.push({ variable, problem, fix });

  const port = readInteger(read, add, 'PORT', 3000, 1, 65_535);
  const allowCustomDomain = readBoolean(read, add, 'OKTA_ALLOW_CUSTOM_DOMAIN', false);

  const orgSources = (['OKTA_ORG_URL', 'OKTA_DOMAIN', 'OKTA_OAUTH2_ISSUER'] as const).flatMap((name) => {
    const raw = read(name);
    return raw === undefined ? [] : [{ name, url: checkOrgUrl(name, raw, allowCustomDomain, add) }];
  });
  const firstOrg = orgSources[0];
  for (const other of orgSources.slice(1)) {
    if (firstOrg?.url && other.url && firstOrg.url.origin !== other.url.origin) {
      add(
        other.name,
        `it says ${other.url.origin} but ${firstOrg.name} says ${firstOrg.url.origin}.`,
        `Remove ${other.name} or make it equal to ${firstOrg.name}.`,
      );
    }
  }
  const clientId = readAlias(read, add, 'OKTA_CLIENT_ID', 'OKTA_OAUTH2_CLIENT_ID');
  const clientSecret = readAlias(read, add, 'OKTA_CLIENT_SECRET', 'OKTA_OAUTH2_CLIENT_SECRET');
  const oktaMode = orgSources.length > 0 || clientId !== undefined || clientSecret !== undefined;

  if (orgSources.length === 0 && oktaMode) {
    const given = clientId ? clientId.name : (clientSecret?.name ?? 'OKTA_CLIENT_ID');
    add(
      'OKTA_ORG_URL',
      `${given} is set but OKTA_ORG_URL is not, so the app does not know which Okta org to use.`,
      `Set OKTA_ORG_URL to your org URL (e.g. ${ORG_URL_EXAMPLE}), or remove ${given} to run against the local sandbox org.`,
    );
  }
  if (orgSources.length > 0 && clientId === undefined) {
    add(
      'OKTA_CLIENT_ID',
      'the Okta org URL is set but the client ID is missing.',
      "Copy the Client ID from your OIDC Web app's General tab in the Okta Admin Console into OKTA_CLIENT_ID.",
    );
  }
  if (orgSources.length > 0 && clientSecret === undefined) {
    add(
      'OKTA_CLIENT_SECRET',
      'the Okta org URL is set but the client secret is missing.',
      "Copy the secret from the Client Secrets section of your OIDC Web app's General tab into OKTA_CLIENT_SECRET.",
    );
  }

  let sandboxPort = 3001;
  if (!oktaMode) {
    sandboxPort = readInteger(read, add, 'SANDBOX_PORT', 3001, 1, 65_535);
    if (sandboxPort === port) {
      add(
        'SANDBOX_PORT',
        `it equals PORT (${port}); the app and the sandbox org need different ports.`,
        'Choose another port.',
      );
    }
  }

  const appBaseUrl = checkAppBaseUrl(read('APP_BASE_URL') ?? `http://localhost:${port}`, add);
  const scopes = readScopes(read('OKTA_SCOPES'), add);
  for (const scope of ['okta.logs.read', 'okta.users.read']) {
    if (scopes && !scopes.includes(scope))
      notices.push(`OKTA_SCOPES does not request ${scope}; pages that need it will say so.`);
  }

  let sessionSecret = read('SESSION_SECRET');
  if (sessionSecret !== undefined && sessionSecret.length < 32) {
    add(
      'SESSION_SECRET',
      `it is ${sessionSecret.length} characters long; at least 32 are required.`,
      `Generate one with: ${SECRET_COMMAND}`,
    );
  } else if (sessionSecret === undefined && oktaMode) {
    add('SESSION_SECRET', 'it is required when an Okta org is configured.', `Generate one with: ${SECRET_COMMAND}`);
  } else if (sessionSecret === undefined) {
    sessionSecret = randomBytes(32).toString('base64url');
    notices.push('SESSION_SECRET is not set: using a random one, so sessions end when the app restarts.');
  }

  const previousSessionSecrets = readPreviousSecrets(read('SESSION_SECRET_PREVIOUS'), add);
  const redisUrl = readRedisUrl(read('REDIS_URL'), (problem, fix) => add('REDIS_URL', `it ${problem}.`, `${fix}.`));
  if (redisUrl && read('SESSION_SECRET') === undefined && !oktaMode) {
    add(
      'SESSION_SECRET',
      'it is required with REDIS_URL: every instance must use the same secret to read the sessions they share.',
      `Generate one with: ${SECRET_COMMAND}, and give it to every instance.`,
    );
  }

  const idleTimeoutMinutes = readInteger(read, add, 'SESSION_IDLE_MINUTES', 30, 1, 1440);
  const absoluteTimeoutHours = readInteger(read, add, 'SESSION_ABSOLUTE_HOURS', 8, 1, 720);
  if (idleTimeoutMinutes > absoluteTimeoutHours * 60) {
    add(
      'SESSION_IDLE_MINUTES',
      `the idle timeout (${idleTimeoutMinutes} min) is longer than the absolute timeout (${absoluteTimeoutHours} h).`,
      'Make SESSION_IDLE_MINUTES at most SESSION_ABSOLUTE_HOURS × 60.',
    );
  }

  const oktaCallTimeoutSeconds = readInteger(
    read,
    add,
    'OKTA_CALL_TIMEOUT_SECONDS',
    DEFAULT_OKTA_CALL_TIMEOUT_SECONDS,
    1,
    120,
  );

  const logLevel = read('LOG_LEVEL')?.toLowerCase() ?? 'info';
  if (!isLogLevel(logLevel))
    add('LOG_LEVEL', `"${logLevel}" is not a log level.`, `Use one of: ${LOG_LEVELS.join(', ')}.`);
  const trustProxy = readTrustProxy(read('TRUST_PROXY'), add);

  const orgUrl = firstOrg?.url;
  const incompleteOkta = oktaMode && (!orgUrl || !clientId || !clientSecret);
  if (problems.length > 0 || incompleteOkta || !appBaseUrl || !scopes || !sessionSecret || !isLogLevel(logLevel)) {
    throw new ConfigError(problems);
  }
  const okta: OktaSettings =
    orgUrl && clientId && clientSecret
      ? { mode: 'okta', orgUrl, clientId: clientId.value, clientSecret: clientSecret.value }
      : { mode: 'sandbox', sandboxPort };
  return deepFreeze({
    okta,
    appBaseUrl,
    redirectUri: `${appBaseUrl.origin}${CALLBACK_PATH}`,
    postLogoutRedirectUri: `${appBaseUrl.origin}/`,
    scopes,
    sessionSecret,
    previousSessionSecrets,
    redisUrl,
    session: { idleTimeoutMinutes, absoluteTimeoutHours },
    port,
    host: read('HOST') ?? 'localhost',
    logLevel,
    trustProxy,
    oktaCallTimeoutMs: oktaCallTimeoutSeconds * 1000,
    notices,
  });
}

/** The org and client of the sandbox org that server.ts started. */
export interface RunningSandboxOrg {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Resolves the Okta side: the configured org, or (sandbox mode) the running sandbox org. */
export function resolveAppConfig(loaded: LoadedConfig, sandboxOrg?: RunningSandboxOrg): AppConfig {
  const { okta, notices: _notices, ...common } = loaded;
  if (okta.mode === 'okta') {
    const { orgUrl, clientId, clientSecret } = okta;
    return deepFreeze({ ...common, okta: { orgUrl, clientId, clientSecret, sandbox: false } });
  }
  if (!sandboxOrg) throw new SandboxNotStartedError();
  const { issuer, clientId, clientSecret } = sandboxOrg;
  return deepFreeze({ ...common, okta: { orgUrl: new URL(issuer), clientId, clientSecret, sandbox: true } });
}

type Add = (variable: string, problem: string, fix: string) => void;
type Read = (name: string) => string | undefined;

function readPreviousSecrets(raw: string | undefined, add: Add): string[] {
  const secrets = (raw ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter(Boolean);
  for (const [index, secret] of secrets.entries()) {
    if (secret.length < 32) {
      add(
        'SESSION_SECRET_PREVIOUS',
        `secret ${index + 1} is ${secret.length} characters long; at least 32 are required.`,
        'List only secrets that were once SESSION_SECRET, comma-separated, or remove the setting.',
      );
    }
  }
  return secrets;
}

const REDIS_URL_EXAMPLE = 'redis://:password@redis.internal:6379/0';

/**
 * `REDIS_URL`: redis:// or rediss:// (TLS), a host, an optional port and database number, nothing else. Each
 * problem goes to `report` as what is wrong with the value, said of it (`is not a URL`), and its fix, neither with
 * a final period: the app makes sentences of them ("it is not a URL."), the CLI its one-line format.
 */
export function readRedisUrl(raw: string | undefined, report: (problem: string, fix: string) => void): URL | undefined {
  if (raw === undefined) return undefined;
  const url = URL.parse(raw);
  const fail = (problem: string, fix: string): undefined => {
    report(problem, fix);
    return undefined;
  };
  // Never echo a password back into a message: describe the URL by its host only.
  if (!url) return fail('is not a URL', `Use e.g. ${REDIS_URL_EXAMPLE}, or remove REDIS_URL to keep state in memory`);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    return fail(`uses ${url.protocol}// but must use redis:// (or rediss:// for TLS)`, `Use e.g. ${REDIS_URL_EXAMPLE}`);
  }
  if (url.hostname === '') return fail('names no host', `Use e.g. ${REDIS_URL_EXAMPLE}`);
  const database = url.pathname.replace(/^\//, '');
  if (database !== '' && !/^\d{1,2}$/.test(database)) {
    return fail(
      `has the path "/${database}", which is not a database number`,
      'End the URL with /0 … /15, or with no path',
    );
  }
  if (url.search || url.hash) return fail('has a query or fragment', `Use e.g. ${REDIS_URL_EXAMPLE}`);
  return url;
}

function checkOrgUrl(name: string, raw: string, allowCustomDomain: boolean, add: Add): URL | undefined {
  // Okta's own samples often set OKTA_DOMAIN to a bare host name.
  const text = name === 'OKTA_DOMAIN' && !raw.includes('://') ? `https://${raw}` : raw;
  const url = URL.parse(text);
  let failed = false;
  const fail = (problem: string, fix: string) => {
    failed = true;
    add(name, problem, fix);
  };
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    fail(`"${raw}" is not a valid https URL.`, `Set it to your Okta org URL, e.g. ${ORG_URL_EXAMPLE}.`);
    return undefined;
  }
  if (url.username || url.password) {
    fail('it contains a user name or password.', `Remove them: ${url.protocol}//${url.host}.`);
  }
  if (/^\/oauth2(\/|$)/i.test(url.pathname)) {
    fail(
      `${url.origin}${url.pathname} is a custom authorization server. Custom authorization servers (such as /oauth2/default) cannot mint Okta API scopes like okta.logs.read: Okta answers invalid_scope "One or more scopes are not configured for the authorization server resource."`,
      `Use the org authorization server: set ${name} to ${url.origin} (no path).`,
    );
  } else if (url.pathname !== '/' || url.search || url.hash) {
    fail(`"${raw}" has a path, query or fragment.`, `Set it to the org URL alone: ${url.origin}.`);
  }
  const loopback = isLoopback(url.hostname);
  if (url.protocol === 'http:' && !loopback) {
    fail('it uses http; Okta orgs are only reachable over https.', `Use https://${url.host}.`);
  }
  const oktaHosted = OKTA_HOST_SUFFIXES.some((suffix) => url.hostname.endsWith(suffix));
  if (oktaHosted && /^[^.]+-admin\./.test(url.hostname)) {
    const orgHost = url.hostname.replace(/^([^.]+)-admin\./, '$1.');
    fail(`${url.hostname} is the Admin Console address, not the org URL.`, `Drop "-admin": https://${orgHost}.`);
  } else if (!oktaHosted && !loopback && !allowCustomDomain) {
    fail(
      `${url.hostname} is not an Okta-hosted domain (${OKTA_HOST_SUFFIXES.map((s) => `*${s}`).join(', ')}).`,
      'Check the URL for typos. If your org uses a custom URL domain, set OKTA_ALLOW_CUSTOM_DOMAIN=true.',
    );
  }
  return failed ? undefined : new URL(url.origin);
}

function checkAppBaseUrl(raw: string, add: Add): URL | undefined {
  const url = URL.parse(raw);
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    add(
      'APP_BASE_URL',
      `"${raw}" is not a valid http(s) URL.`,
      'Set it to where browsers reach this app, e.g. https://viewer.example.com.',
    );
    return undefined;
  }
  let valid = true;
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    add(
      'APP_BASE_URL',
      `"${raw}" has a path, query, fragment or user name; the app must be served at the root of an origin.`,
      `Set it to ${url.protocol}//${url.host}.`,
    );
    valid = false;
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    add(
      'APP_BASE_URL',
      'it uses http on a host other than localhost; session cookies and tokens would travel unencrypted.',
      `Serve the app over https (e.g. behind a TLS proxy, with TRUST_PROXY set) and use https://${url.host}.`,
    );
    valid = false;
  }
  return valid ? new URL(url.origin) : undefined;
}

function readScopes(raw: string | undefined, add: Add): string[] | undefined {
  if (raw === undefined) return [...DEFAULT_SCOPES];
  const scopes = [...new Set(raw.split(/[\s,]+/).filter(Boolean))];
  const bad = scopes.filter((s) => !SCOPE_TOKEN.test(s));
  if (bad.length > 0) {
    add(
      'OKTA_SCOPES',
      `invalid scope name(s): ${bad.join(' ')}.`,
      'Separate scopes with spaces; use names like okta.logs.read.',
    );
    return undefined;
  }
  if (!scopes.includes('openid')) {
    add(
      'OKTA_SCOPES',
      'it does not include openid, which sign-in needs.',
      `Add openid, e.g. OKTA_SCOPES="${DEFAULT_SCOPES.join(' ')}".`,
    );
    return undefined;
  }
  return scopes;
}

function readInteger(read: Read, add: Add, name: string, fallback: number, min: number, max: number): number {
  const raw = read(name);
  if (raw === undefined) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    add(
      name,
      `"${raw}" is not a whole number from ${min} to ${max}.`,
      `Set ${name} to a number such as ${fallback}, or remove it.`,
    );
    return fallback;
  }
  return value;
}

function readBoolean(read: Read, add: Add, name: string, fallback: boolean): boolean {
  const raw = read(name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (raw === 'true' || raw === '1' || raw === 'yes') return true;
  if (raw === 'false' || raw === '0' || raw === 'no') return false;
  add(name, `"${raw}" is not true or false.`, `Set ${name}=true or ${name}=false.`);
  return fallback;
}

function readAlias(read: Read, add: Add, name: string, alias: string): { name: string; value: string } | undefined {
  const primary = read(name);
  const secondary = read(alias);
  if (primary !== undefined && secondary !== undefined && primary !== secondary) {
    add(alias, `it differs from ${name}.`, `Set only ${name}, or give both the same value.`);
  }
  if (primary !== undefined) return { name, value: primary };
  return secondary === undefined ? undefined : { name: alias, value: secondary };
}

function readTrustProxy(raw: string | undefined, add: Add): TrustProxy {
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((s) => s.trim());
  // Fastify (proxy-addr) accepts IPs, CIDRs and the names loopback, linklocal, uniquelocal.
  const valid = (entry: string) => {
    const [address = '', prefix, ...rest] = entry.split('/');
    if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
    return isIP(address) !== 0 && rest.length === 0 && (prefix === undefined || /^\d{1,3}$/.test(prefix));
  };
  if (entries.every((e) => e !== '' && valid(e))) return entries;
  add(
    'TRUST_PROXY',
    `"${raw}" is not true, false, a hop count or a list of proxy addresses.`,
    'Use e.g. TRUST_PROXY=1 (one proxy in front), TRUST_PROXY=10.0.0.0/8, or remove it when nothing proxies the app.',
  );
  return false;
}

/** localhost, [::1] or any 127.x.x.x address: the only hosts where plain http is allowed. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || (isIPv4(hostname) && hostname.startsWith('127.'));
}

function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof URL) && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
