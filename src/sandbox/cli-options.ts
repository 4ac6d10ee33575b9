import { parseArgs } from 'node:util';
import { firstLine } from '../text/first-line.ts';
import type { RateLimitSettings } from './management-api/index.ts';

/** What `npm run sandbox -- …` asked for. */
export interface SandboxCliOptions {
  port: number;
  /** `--port` or `SANDBOX_PORT`: the setting to name when the port is taken. */
  portSetting: '--port' | 'SANDBOX_PORT';
  host: string;
  appBaseUrl: string;
  /** Only the rate-limit settings given on the command line; the rest keep their defaults. */
  rateLimits: Partial<RateLimitSettings>;
  /** Access-token lifetime in seconds (`--access-token-seconds`); Okta's org AS: 3600. */
  accessTokenSeconds: number | undefined;
  /** Print one line of JSON (the org's URLs and credentials) on stdout once listening. */
  json: boolean;
}

/** The options, or the one-line error that names the flag at fault. */
export type ParsedSandboxCli = { ok: true; options: SandboxCliOptions } | { ok: false; error: string };

const WHOLE = /^\d+$/;

/** Parses the sandbox CLI's flags; the port falls back to `SANDBOX_PORT`, then 3001. */
export function parseSandboxCli(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedSandboxCli {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(args).values;
  } catch (error) {
    return fail(firstLine(error));
  }
  const fromFlag = values.port !== undefined;
  const portSetting = fromFlag ? '--port' : 'SANDBOX_PORT';
  const rawPort = values.port ?? env.SANDBOX_PORT ?? '3001';
  const port = Number(rawPort);
  if (!WHOLE.test(rawPort.trim()) || port > 65535) {
    return fail(`${portSetting} must be a port number (0-65535), got "${rawPort}"`);
  }

  const rateLimits: Partial<RateLimitSettings> = {};
  const logs = values['logs-limit'];
  if (logs !== undefined) {
    if (!WHOLE.test(logs) || Number(logs) < 1 || Number(logs) > 1_000_000) {
      return fail(`--logs-limit must be a whole number of requests per window (1-1000000), got "${logs}"`);
    }
    rateLimits.logs = Number(logs);
  }
  const share = values['per-app-share'];
  if (share !== undefined) {
    const value = Number(share);
    if (share.trim() === '' || !Number.isFinite(value) || value <= 0 || value > 1) {
      return fail(`--per-app-share must be a fraction above 0 and at most 1 (e.g. 0.5), got "${share}"`);
    }
    rateLimits.perAppShare = value;
  }
  const window = values['rate-window-seconds'];
  if (window !== undefined) {
    if (!WHOLE.test(window) || Number(window) < 1 || Number(window) > 86_400) {
      return fail(`--rate-window-seconds must be a whole number of seconds (1-86400), got "${window}"`);
    }
    rateLimits.windowMs = Number(window) * 1000;
  }

  const lifetime = values['access-token-seconds'];
  if (lifetime !== undefined && (!WHOLE.test(lifetime) || Number(lifetime) < 10 || Number(lifetime) > 86_400)) {
    return fail(`--access-token-seconds must be a whole number of seconds (10-86400), got "${lifetime}"`);
  }

  const options: SandboxCliOptions = {
    accessTokenSeconds: lifetime === undefined ? undefined : Number(lifetime),
    port,
    portSetting,
    host: values.host,
    appBaseUrl: values['app-base-url'],
    rateLimits,
    json: values.json,
  };
  return { ok: true, options };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'app-base-url': { type: 'string', default: 'http://localhost:3000' },
      'logs-limit': { type: 'string' },
      'per-app-share': { type: 'string' },
      'rate-window-seconds': { type: 'string' },
      'access-token-seconds': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
}

function fail(error: string): ParsedSandboxCli {
  return { ok: false, error };
}
