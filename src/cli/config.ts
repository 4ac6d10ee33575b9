/**
 * The CLI's configuration: the merged settings checked one by one. Every bad setting becomes one line naming the
 * setting, the source it came from and the fix; the caller prints them all and exits with 2.
 */

import { orgOrigin } from '../okta/index.ts';
import { CLI_DEFAULT_SCOPES } from '../sdk-config/default-scopes.ts';
import { Checker, CliConfigError } from './config-checker.ts';
import type { SettingsLayer } from './config-sources.ts';
import { type ClientKey, loadPrivateKey, PrivateKeyProblem } from './private-key.ts';
import { checkProxy, type ProxySettings } from './proxy-settings.ts';

/** The commands, as typed. */
export type CommandName = 'logs export' | 'logs tail' | 'users list' | 'token';

/** The Okta API scope each command's calls need. */
const COMMAND_SCOPES: Readonly<Record<CommandName, readonly string[]>> = {
  'logs export': ['okta.logs.read'],
  'logs tail': ['okta.logs.read'],
  'users list': ['okta.users.read'],
  token: [],
};

/** The Okta SDKs' default number of retries after a 429. */
export const DEFAULT_MAX_RETRIES = 2;

/** How the CLI authenticates. */
export type CliAuth =
  | {
      mode: 'PrivateKey';
      clientId: string;
      scopes: readonly string[];
      key: ClientKey;
      /** The `kid` sent in the client assertion's header: keyId, else the JWK's own kid. */
      keyId: string | undefined;
      /** Ask for a DPoP-bound token from the start (otherwise only when Okta requires one). */
      dpop: boolean;
    }
  | { mode: 'SSWS'; token: string };

export { CliConfigError, type ConfigProblem, formatProblem } from './config-checker.ts';
export type { ProxySettings } from './proxy-settings.ts';

/** The checked configuration. */
export interface CliConfig {
  orgUrl: string;
  auth: CliAuth;
  /** Waits for a rate-limit reset (or retries after a 5xx) allowed per call. */
  maxRetries: number;
  /** The most one request to Okta may take, in ms; undefined: the client's default. */
  requestTimeoutMs: number | undefined;
  proxy: ProxySettings | undefined;
  /** Lines to print on stderr before running (e.g. the SSWS warning). */
  warnings: string[];
}

/** Splits scopes given with spaces or commas (the SDKs use both). */
export function parseScopes(value: string): string[] {
  return value.split(/[\s,]+/).filter(Boolean);
}

function checkOrgUrl(check: Checker): string | undefined {
  const given = check.get('orgUrl');
  if (!given) return check.missing('orgUrl', 'your org URL (e.g. https://dev-123456.okta.com)');
  try {
    return orgOrigin(given.value.trim().replace(/\/+$/, '') || given.value);
  } catch (error) {
    let origin: string | undefined;
    try {
      origin = new URL(given.value).origin;
    } catch {
      origin = undefined;
    }
    const reason = error instanceof Error ? error.message : String(error);
    const fix =
      origin && origin !== 'null' && origin.startsWith('https://')
        ? `use the org URL ${origin} (the org authorization server mints the okta.* scopes)`
        : 'use your org URL, https://<your org>.okta.com, with no path';
    return check.fail('orgUrl', `is "${given.value}": ${reason}`, fix);
  }
}

function checkMode(check: Checker): 'PrivateKey' | 'SSWS' | undefined {
  const given = check.get('authorizationMode');
  if (!given) {
    // Only an API token configured means SSWS, as the SDKs' default; anything else means the service app.
    const onlyToken = check.get('token') && !check.get('clientId') && !check.get('privateKey');
    return onlyToken ? 'SSWS' : 'PrivateKey';
  }
  const value = given.value.trim();
  if (value.toLowerCase() === 'privatekey') return 'PrivateKey';
  if (value.toUpperCase() === 'SSWS') return 'SSWS';
  return check.fail(
    'authorizationMode',
    `is "${given.value}", which is not an authorization mode`,
    'use PrivateKey (a service app with private_key_jwt; or SSWS with an API token, not recommended)',
  );
}

function checkDpop(check: Checker): boolean {
  const given = check.get('dpop');
  if (!given) return false;
  const value = given.value.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  check.fail('dpop', `is "${given.value}"`, 'use true or false');
  return false;
}

function checkScopes(check: Checker, command: CommandName): readonly string[] | undefined {
  const given = check.get('scopes');
  const scopes = given ? parseScopes(given.value) : [...CLI_DEFAULT_SCOPES];
  const needed = COMMAND_SCOPES[command].filter((scope) => !scopes.includes(scope));
  if (given && needed.length > 0) {
    return check.fail(
      'scopes',
      `is "${given.value}", which lacks ${needed.join(' ')} that \`${command}\` needs`,
      `add ${needed.join(' ')} to scopes (and grant it on the app's Okta API Scopes tab)`,
    );
  }
  return scopes;
}

async function checkKey(check: Checker, cwd: string): Promise<ClientKey | undefined> {
  const given = check.get('privateKey');
  if (!given) return check.missing('privateKey', "the service app's private key (a PEM or JWK file path, or the key)");
  try {
    return await loadPrivateKey(given.value, cwd);
  } catch (error) {
    if (error instanceof PrivateKeyProblem) return check.fail('privateKey', error.problem, error.fix);
    throw error;
  }
}

/** Checks the merged settings for `command`; throws CliConfigError listing every bad setting. */
export async function resolveConfig(settings: SettingsLayer, command: CommandName, cwd: string): Promise<CliConfig> {
  const check = new Checker(settings);
  const warnings: string[] = [];
  const orgUrl = checkOrgUrl(check);
  const mode = checkMode(check);
  const dpop = checkDpop(check);
  const maxRetries = check.whole('maxRetries', DEFAULT_MAX_RETRIES, 0, 100, 'retries');
  const timeoutSeconds = check.whole('requestTimeout', 0, 0, 3600, 'seconds (0: the default)');
  const proxy = checkProxy(check);

  let auth: CliAuth | undefined;
  if (mode === 'SSWS') {
    if (dpop)
      check.fail(
        'dpop',
        'is on, but an SSWS API token cannot be bound to a DPoP key',
        'leave out --dpop, or use PrivateKey mode',
      );
    const token = check.get('token');
    if (!token) check.missing('token', 'an API token for SSWS mode (better: use PrivateKey mode with a service app)');
    else {
      auth = { mode: 'SSWS', token: token.value.trim() };
      warnings.push(
        `Warning: authorizationMode SSWS (${token.source}): an API token carries all of its admin's power and lives until it is revoked or unused for 30 days. A service app with okta.logs.read / okta.users.read and private_key_jwt can read only what it is granted.`,
      );
    }
  } else if (mode === 'PrivateKey') {
    const clientId = check.get('clientId');
    if (!clientId) check.missing('clientId', "the service app's client id");
    const scopes = checkScopes(check, command);
    const key = await checkKey(check, cwd);
    const keyId = check.get('keyId')?.value.trim() || key?.kid;
    if (clientId && scopes && key) {
      auth = { mode: 'PrivateKey', clientId: clientId.value.trim(), scopes, key, keyId, dpop };
    }
  }
  if (check.problems.length > 0 || orgUrl === undefined || auth === undefined) {
    throw new CliConfigError(check.problems);
  }
  if (maxRetries === undefined || timeoutSeconds === undefined) throw new CliConfigError(check.problems);
  return {
    orgUrl,
    auth,
    maxRetries,
    requestTimeoutMs: timeoutSeconds === 0 ? undefined : timeoutSeconds * 1000,
    proxy,
    warnings,
  };
}
