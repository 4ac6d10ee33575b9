/**
 * Where the CLI's settings come from, as Okta's SDKs read them: command-line flags, the `OKTA_CLIENT_*`
 * environment variables, `./okta.yaml`, then `~/.okta/okta.yaml` (the `okta.client.*` layout). Each value keeps
 * the place it came from, so that a bad one can be named with its source.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { firstLine } from '../text/first-line.ts';

/** The settings the CLI reads. */
export type SettingName =
  | 'orgUrl'
  | 'authorizationMode'
  | 'clientId'
  | 'scopes'
  | 'privateKey'
  | 'keyId'
  | 'token'
  | 'dpop'
  | 'maxRetries'
  | 'requestTimeout'
  | 'proxyHost'
  | 'proxyPort'
  | 'proxyUsername'
  | 'proxyPassword';

/** One setting's value and where it came from, e.g. `env OKTA_CLIENT_PRIVATEKEY`. */
export interface SourcedValue {
  value: string;
  source: string;
}

/** The settings one source gave. */
export type SettingsLayer = Partial<Record<SettingName, SourcedValue>>;

interface SettingSpec {
  /** The flag, for the settings that have one. */
  flag?: string;
  /** The SDKs' environment variable, for the settings that have one. */
  env?: string;
  /** The path under `okta.client` in okta.yaml. */
  yaml: readonly string[];
}

/** Every setting: its flag, its environment variable and its okta.yaml key. */
const SETTINGS: Readonly<Record<SettingName, SettingSpec>> = {
  orgUrl: { flag: 'org-url', env: 'OKTA_CLIENT_ORGURL', yaml: ['orgUrl'] },
  authorizationMode: { env: 'OKTA_CLIENT_AUTHORIZATIONMODE', yaml: ['authorizationMode'] },
  clientId: { flag: 'client-id', env: 'OKTA_CLIENT_CLIENTID', yaml: ['clientId'] },
  scopes: { flag: 'scopes', env: 'OKTA_CLIENT_SCOPES', yaml: ['scopes'] },
  privateKey: { flag: 'private-key', env: 'OKTA_CLIENT_PRIVATEKEY', yaml: ['privateKey'] },
  keyId: { flag: 'key-id', env: 'OKTA_CLIENT_KEYID', yaml: ['keyId'] },
  token: { env: 'OKTA_CLIENT_TOKEN', yaml: ['token'] },
  // Okta's SDKs have no DPoP setting: a flag, or `dpop: true` in okta.yaml, for this CLI only.
  dpop: { flag: 'dpop', yaml: ['dpop'] },
  maxRetries: { env: 'OKTA_CLIENT_RATELIMIT_MAXRETRIES', yaml: ['rateLimit', 'maxRetries'] },
  requestTimeout: { env: 'OKTA_CLIENT_REQUESTTIMEOUT', yaml: ['requestTimeout'] },
  proxyHost: { env: 'OKTA_CLIENT_PROXY_HOST', yaml: ['proxy', 'host'] },
  proxyPort: { env: 'OKTA_CLIENT_PROXY_PORT', yaml: ['proxy', 'port'] },
  proxyUsername: { env: 'OKTA_CLIENT_PROXY_USERNAME', yaml: ['proxy', 'username'] },
  proxyPassword: { env: 'OKTA_CLIENT_PROXY_PASSWORD', yaml: ['proxy', 'password'] },
};

const NAMES = Object.keys(SETTINGS) as SettingName[];

/** The settings that say which org and app to use; without any of them the CLI runs against its own sandbox. */
export const CONNECTION_SETTINGS: readonly SettingName[] = [
  'orgUrl',
  'authorizationMode',
  'clientId',
  'scopes',
  'privateKey',
  'keyId',
  'token',
];

/** How a setting and its source are named in messages: `privateKey (env OKTA_CLIENT_PRIVATEKEY)`. */
export function describeSetting(name: SettingName, value: SourcedValue | undefined): string {
  return value ? `${name} (${value.source})` : name;
}

/** Every place a setting can be given, for a message about a missing one. */
export function whereToSet(name: SettingName): string {
  const spec = SETTINGS[name];
  const places = [
    spec.flag ? `--${spec.flag}` : undefined,
    spec.env,
    `okta.client.${spec.yaml.join('.')} in okta.yaml`,
  ];
  return places.filter(Boolean).join(', ');
}

/** The values given as flags (booleans as `true`). */
export function layerFromFlags(flags: Readonly<Record<string, string | boolean | undefined>>): SettingsLayer {
  const layer: SettingsLayer = {};
  for (const name of NAMES) {
    const flag = SETTINGS[name].flag;
    const value = flag === undefined ? undefined : flags[flag];
    if (value === undefined || value === false) continue;
    layer[name] = { value: String(value), source: `flag --${flag}` };
  }
  return layer;
}

/** The `OKTA_CLIENT_*` values of `env` (empty ones count as unset, as in the SDKs' shells). */
export function layerFromEnv(env: Readonly<Record<string, string | undefined>>): SettingsLayer {
  const layer: SettingsLayer = {};
  for (const name of NAMES) {
    const variable = SETTINGS[name].env;
    if (variable === undefined) continue;
    const value = env[variable];
    if (value === undefined || value === '') continue;
    layer[name] = { value, source: `env ${variable}` };
  }
  return layer;
}

/** An okta.yaml that could not be used: the file and why. */
export class YamlFileProblem extends Error {
  constructor(
    readonly label: string,
    readonly problem: string,
  ) {
    super(`${label}: ${problem}`);
  }
}

function yamlScalar(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  // The SDKs join a list of scopes with spaces and turn an object (an inline JWK) into JSON.
  if (Array.isArray(value)) return value.map(String).join(' ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The settings of one okta.yaml text; `label` names it in messages (`./okta.yaml`). */
export function layerFromYaml(text: string, label: string): SettingsLayer {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const message = firstLine(error);
    throw new YamlFileProblem(label, `is not valid YAML (${message}); fix it or remove it`);
  }
  if (document === null || document === undefined) return {};
  const client = (document as { okta?: { client?: unknown } }).okta?.client;
  if (client === undefined || client === null) return {};
  if (typeof client !== 'object' || Array.isArray(client)) {
    throw new YamlFileProblem(label, 'okta.client must be a mapping (okta: client: orgUrl: …)');
  }
  const layer: SettingsLayer = {};
  for (const name of NAMES) {
    const path = SETTINGS[name].yaml;
    let node: unknown = client;
    for (const key of path)
      node = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[key] : undefined;
    const value = yamlScalar(node);
    if (value === undefined || value === '') continue;
    layer[name] = { value, source: `${label} okta.client.${path.join('.')}` };
  }
  return layer;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** The two okta.yaml files, highest first: `./okta.yaml`, then `~/.okta/okta.yaml`. Absent files give empty layers. */
export async function yamlLayers(cwd: string, home: string = homedir()): Promise<SettingsLayer[]> {
  const files = [
    { path: join(cwd, 'okta.yaml'), label: './okta.yaml' },
    { path: join(home, '.okta', 'okta.yaml'), label: '~/.okta/okta.yaml' },
  ];
  const layers: SettingsLayer[] = [];
  for (const file of files) {
    let text: string | undefined;
    try {
      text = await readOptional(file.path);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      throw new YamlFileProblem(file.label, `cannot be read (${String(code)}); check its permissions`);
    }
    layers.push(text === undefined ? {} : layerFromYaml(text, file.label));
  }
  return layers;
}

/** Merges layers per setting: the first layer that gives a setting wins (pass them highest first). */
export function mergeLayers(layers: readonly SettingsLayer[]): SettingsLayer {
  const merged: SettingsLayer = {};
  for (const layer of layers) {
    for (const name of NAMES) {
      const value = layer[name];
      if (value !== undefined && merged[name] === undefined) merged[name] = value;
    }
  }
  return merged;
}
