import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  ConfigError,
  DEFAULT_SCOPES,
  type LoadedConfig,
  loadConfig,
  OKTA_HOST_SUFFIXES,
  resolveAppConfig,
  SandboxNotStartedError,
} from '../../src/config.ts';

const SECRET = 'a-session-secret-that-is-long-enough-0123';
/** A complete, valid Okta-mode environment; cases below change one thing. */
const OKTA_ENV = {
  OKTA_ORG_URL: 'https://dev-123456.okta.com',
  OKTA_CLIENT_ID: '0oa1client',
  OKTA_CLIENT_SECRET: 'client-secret-value',
  SESSION_SECRET: SECRET,
};

function problemsOf(env: Record<string, string | undefined>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected ConfigError, got ${String(error)}`);
    return error;
  }
  assert.fail('loadConfig accepted an invalid environment');
}

interface InvalidCase {
  description: string;
  env: Record<string, string>;
  variable: string;
  /** Must appear in the problem text. */
  problem: RegExp;
  /** Must appear in the fix. */
  fix: RegExp;
}

const invalidCases: InvalidCase[] = [
  {
    description: 'org URL that is not a URL',
    env: { ...OKTA_ENV, OKTA_ORG_URL: 'not a url' },
    variable: 'OKTA_ORG_URL',
    problem: /"not a url" is not a valid https URL/,
    fix: /https:\/\/dev-123456\.okta\.com/,
  },
  {
    description: 'org URL with a non-http scheme',
    env: { ...OKTA_ENV, OKTA_ORG_URL: 'ftp://dev-1.okta.com' },
    variable: 'OKTA_ORG_URL',
    problem: /not a valid https URL/,
    fix: /org URL/,
  },
  {
    description: 'issuer of the default custom authorization server',
    env: { ...OKTA_ENV, OKTA_ORG_URL: '', OKTA_OAUTH2_ISSUER: 'https://dev-1.okta.com/oauth2/default' },
    variable: 'OKTA_OAUTH2_ISSUER',
    problem: /custom authorization server.*cannot mint Okta API scopes/,
    fix: /org authorization server: set OKTA_OAUTH2_ISSUER to https:\/\/dev-1\.okta\.com \(no path\)/,
  },
  {
    description: 'org URL pointing at a named custom authorization server',
    env: { ...OKTA_ENV, OKTA_ORG_URL: 'https://dev-1.okta.com/oauth2/aus1abcd/' },
    variable: 'OKTA_ORG_URL',
    problem: /custom authorization server/,
    fix: /https:\/\/dev-1\.okta\.com/,
  },
  {
    description: 'org URL with some other path',
    env: { ...OKTA_ENV, OKTA_ORG_URL: 'https://dev-1.okta.com/app/UserHome' },
    variable: 'OKTA_ORG_URL',
    problem: /has a path/,
    fix: /org URL alone: https:\/\/dev-1\.okta\.com/,
  },
  {
    description: 'org URL with a query',
    env: { ...OKTA_ENV, OKTA_ORG_URL: 'https://dev-1.okta.com/?x=1' },
    variable: 'OKTA_ORG_URL',
    problem: /query/,
    fix: /https:\/\/dev-1\.okta\.com/,
  },
  {
    description: 'http org URL on a non-loopback host',
    env: { ...OKTA_ENV, OKTA_ORG_URL: 'http://dev-1.okta.com' },
    variable: 'OKTA_ORG_URL',
    problem: /uses http/,
    fix: /https:\/\/dev-1\.okta\.com/,
  },
  {
    description: 'org URL with a user name and password',
    env: { ...OKTA_ENV, OKTA_ORG_URL: 'https://admin:pw@dev-1.okta.com' },
    variable: 'OKTA_ORG_URL',
    problem: /user name or password/,
    fix: /Remove them: https:\/\/dev-1\.okta\.com/,
  },
  {
    description: 'org URL on a host that is not Okta, without the opt-in',
    env: { ...OKTA_ENV, OKTA_ORG_URL: 'https://login.example.com' },
    variable: 'OKTA_ORG_URL',
    problem: /login\.example\.com is not an Okta-hosted domain/,
    fix: /OKTA_ALLOW_CUSTOM_DOMAIN=true/,
  },
  {
    description: 'org URL that looks like Okta but is a look-alike suffix',
    env: { ...OKTA_ENV, OKTA_ORG_URL: 'https://dev-1.okta.com.evil.example' },
    variable: 'OKTA_ORG_URL',
    problem: /not an Okta-hosted domain/,
    fix: /typos/,
  },
  {
    description: 'the Admin Console address instead of the org URL',
    env: { ...OKTA_ENV, OKTA_ORG_URL: 'https://dev-1-admin.okta.com' },
    variable: 'OKTA_ORG_URL',
    problem: /Admin Console/,
    fix: /https:\/\/dev-1\.okta\.com/,
  },
  {
    description: 'OKTA_DOMAIN that is not a host name',
    env: { ...OKTA_ENV, OKTA_ORG_URL: '', OKTA_DOMAIN: 'dev 1.okta.com' },
    variable: 'OKTA_DOMAIN',
    problem: /not a valid https URL/,
    fix: /org URL/,
  },
  {
    description: 'two org URL variables that disagree',
    env: { ...OKTA_ENV, OKTA_OAUTH2_ISSUER: 'https://dev-2.okta.com' },
    variable: 'OKTA_OAUTH2_ISSUER',
    problem: /https:\/\/dev-2\.okta\.com but OKTA_ORG_URL says https:\/\/dev-123456\.okta\.com/,
    fix: /Remove OKTA_OAUTH2_ISSUER or make it equal to OKTA_ORG_URL/,
  },
  {
    description: 'org URL without a client ID',
    env: { ...OKTA_ENV, OKTA_CLIENT_ID: '' },
    variable: 'OKTA_CLIENT_ID',
    problem: /client ID is missing/,
    fix: /General tab/,
  },
  {
    description: 'org URL without a client secret',
    env: { ...OKTA_ENV, OKTA_CLIENT_SECRET: '' },
    variable: 'OKTA_CLIENT_SECRET',
    problem: /client secret is missing/,
    fix: /Client Secrets/,
  },
  {
    description: 'client ID without an org URL',
    env: { OKTA_CLIENT_ID: '0oa1client', SESSION_SECRET: SECRET },
    variable: 'OKTA_ORG_URL',
    problem: /OKTA_CLIENT_ID is set but OKTA_ORG_URL is not/,
    fix: /Set OKTA_ORG_URL.*or remove OKTA_CLIENT_ID/,
  },
  {
    description: 'client ID alias and primary that differ',
    env: { ...OKTA_ENV, OKTA_OAUTH2_CLIENT_ID: '0oa2other' },
    variable: 'OKTA_OAUTH2_CLIENT_ID',
    problem: /differs from OKTA_CLIENT_ID/,
    fix: /Set only OKTA_CLIENT_ID/,
  },
  {
    description: 'opt-in flag that is not a boolean',
    env: { ...OKTA_ENV, OKTA_ALLOW_CUSTOM_DOMAIN: 'maybe' },
    variable: 'OKTA_ALLOW_CUSTOM_DOMAIN',
    problem: /"maybe" is not true or false/,
    fix: /OKTA_ALLOW_CUSTOM_DOMAIN=true/,
  },
  {
    description: 'APP_BASE_URL over http on a public host',
    env: { APP_BASE_URL: 'http://viewer.example.com' },
    variable: 'APP_BASE_URL',
    problem: /uses http on a host other than localhost/,
    fix: /https:\/\/viewer\.example\.com/,
  },
  {
    description: 'APP_BASE_URL with a path',
    env: { APP_BASE_URL: 'https://viewer.example.com/okta' },
    variable: 'APP_BASE_URL',
    problem: /has a path/,
    fix: /https:\/\/viewer\.example\.com/,
  },
  {
    description: 'APP_BASE_URL with a query',
    env: { APP_BASE_URL: 'http://localhost:3000/?a=b' },
    variable: 'APP_BASE_URL',
    problem: /query/,
    fix: /http:\/\/localhost:3000/,
  },
  {
    description: 'APP_BASE_URL that is not a URL',
    env: { APP_BASE_URL: 'localhost:3000' },
    variable: 'APP_BASE_URL',
    problem: /not a valid http\(s\) URL/,
    fix: /where browsers reach this app/,
  },
  {
    description: 'OKTA_SCOPES without openid',
    env: { OKTA_SCOPES: 'okta.logs.read okta.users.read' },
    variable: 'OKTA_SCOPES',
    problem: /does not include openid/,
    fix: /Add openid/,
  },
  {
    description: 'OKTA_SCOPES with a character scopes cannot hold',
    env: { OKTA_SCOPES: 'openid "okta.logs.read"' },
    variable: 'OKTA_SCOPES',
    problem: /invalid scope name/,
    fix: /Separate scopes with spaces/,
  },
  {
    description: 'SESSION_SECRET shorter than 32 characters',
    env: { SESSION_SECRET: 'too-short' },
    variable: 'SESSION_SECRET',
    problem: /9 characters long; at least 32/,
    fix: /randomBytes\(32\)/,
  },
  {
    description: 'SESSION_SECRET missing when an Okta org is configured',
    env: { ...OKTA_ENV, SESSION_SECRET: '' },
    variable: 'SESSION_SECRET',
    problem: /required when an Okta org is configured/,
    fix: /Generate one/,
  },
  {
    description: 'PORT that is not a number',
    env: { PORT: 'http' },
    variable: 'PORT',
    problem: /"http" is not a whole number from 1 to 65535/,
    fix: /such as 3000/,
  },
  {
    description: 'PORT out of range',
    env: { PORT: '70000' },
    variable: 'PORT',
    problem: /not a whole number from 1 to 65535/,
    fix: /such as 3000/,
  },
  {
    description: 'PORT with a fraction',
    env: { PORT: '3000.5' },
    variable: 'PORT',
    problem: /not a whole number/,
    fix: /PORT/,
  },
  {
    description: 'SANDBOX_PORT that is not a number',
    env: { SANDBOX_PORT: '-1' },
    variable: 'SANDBOX_PORT',
    problem: /not a whole number/,
    fix: /such as 3001/,
  },
  {
    description: 'SANDBOX_PORT equal to PORT',
    env: { PORT: '4000', SANDBOX_PORT: '4000' },
    variable: 'SANDBOX_PORT',
    problem: /equals PORT \(4000\)/,
    fix: /another port/,
  },
  {
    description: 'SESSION_IDLE_MINUTES of zero',
    env: { SESSION_IDLE_MINUTES: '0' },
    variable: 'SESSION_IDLE_MINUTES',
    problem: /from 1 to 1440/,
    fix: /such as 30/,
  },
  {
    description: 'SESSION_ABSOLUTE_HOURS in words',
    env: { SESSION_ABSOLUTE_HOURS: 'eight' },
    variable: 'SESSION_ABSOLUTE_HOURS',
    problem: /"eight" is not a whole number/,
    fix: /such as 8/,
  },
  {
    description: 'idle timeout longer than the absolute timeout',
    env: { SESSION_IDLE_MINUTES: '120', SESSION_ABSOLUTE_HOURS: '1' },
    variable: 'SESSION_IDLE_MINUTES',
    problem: /longer than the absolute timeout/,
    fix: /at most SESSION_ABSOLUTE_HOURS × 60/,
  },
  {
    description: 'OKTA_CALL_TIMEOUT_SECONDS of zero',
    env: { OKTA_CALL_TIMEOUT_SECONDS: '0' },
    variable: 'OKTA_CALL_TIMEOUT_SECONDS',
    problem: /"0" is not a whole number from 1 to 120/,
    fix: /Set OKTA_CALL_TIMEOUT_SECONDS to a number such as 20/,
  },
  {
    description: 'OKTA_CALL_TIMEOUT_SECONDS in milliseconds by mistake',
    env: { OKTA_CALL_TIMEOUT_SECONDS: '20000' },
    variable: 'OKTA_CALL_TIMEOUT_SECONDS',
    problem: /from 1 to 120/,
    fix: /such as 20/,
  },
  {
    description: 'unknown LOG_LEVEL',
    env: { LOG_LEVEL: 'verbose' },
    variable: 'LOG_LEVEL',
    problem: /"verbose" is not a log level/,
    fix: /one of: fatal, error, warn, info, debug, trace, silent/,
  },
  {
    description: 'TRUST_PROXY that is neither flag, count nor addresses',
    env: { TRUST_PROXY: 'sometimes' },
    variable: 'TRUST_PROXY',
    problem: /"sometimes" is not true, false, a hop count/,
    fix: /TRUST_PROXY=1/,
  },
  {
    description: 'REDIS_URL with another scheme',
    env: { REDIS_URL: 'http://cache.internal:6379', SESSION_SECRET: SECRET },
    variable: 'REDIS_URL',
    problem: /uses http:\/\/ but must use redis:\/\//,
    fix: /redis:\/\/:password@/,
  },
  {
    description: 'REDIS_URL that is not a URL',
    env: { REDIS_URL: 'localhost:6379', SESSION_SECRET: SECRET },
    variable: 'REDIS_URL',
    problem: /./,
    fix: /redis:\/\/|remove REDIS_URL/,
  },
  {
    description: 'REDIS_URL with a path that is no database number',
    env: { REDIS_URL: 'redis://cache.internal:6379/sessions', SESSION_SECRET: SECRET },
    variable: 'REDIS_URL',
    problem: /^it has the path "\/sessions", which is not a database number\.$/,
    fix: /\/0 … \/15/,
  },
  {
    description: 'REDIS_URL without SESSION_SECRET (each instance would make up its own)',
    env: { REDIS_URL: 'redis://127.0.0.1:6379' },
    variable: 'SESSION_SECRET',
    problem: /required with REDIS_URL/,
    fix: /every instance/,
  },
  {
    description: 'a short SESSION_SECRET_PREVIOUS entry',
    env: { SESSION_SECRET: SECRET, SESSION_SECRET_PREVIOUS: `${SECRET}-old,short` },
    variable: 'SESSION_SECRET_PREVIOUS',
    problem: /secret 2 is 5 characters long/,
    fix: /comma-separated/,
  },
];

describe('loadConfig rejects invalid settings, naming the variable and the fix', () => {
  for (const c of invalidCases) {
    test(c.description, () => {
      const error = problemsOf(c.env);
      assert.equal(error.code, 'CONFIG_INVALID');
      const problem = error.problems.find((p) => p.variable === c.variable);
      assert.ok(problem, `no problem reported for ${c.variable}: ${error.message}`);
      assert.match(problem.problem, c.problem);
      assert.match(problem.fix, c.fix);
      assert.ok(error.message.includes(`${c.variable}: `), 'the message names the variable');
      assert.ok(error.message.includes(`Fix: ${problem.fix}`), 'the message carries the fix');
    });
  }

  test('every problem is reported at once, not just the first', () => {
    const error = problemsOf({
      PORT: 'x',
      LOG_LEVEL: 'loud',
      APP_BASE_URL: 'http://example.com',
      OKTA_SCOPES: 'profile',
    });
    assert.deepEqual(error.problems.map((p) => p.variable).sort(), [
      'APP_BASE_URL',
      'LOG_LEVEL',
      'OKTA_SCOPES',
      'PORT',
    ]);
  });

  test('a short SESSION_SECRET is not echoed back', () => {
    const error = problemsOf({ SESSION_SECRET: 'hunter2-secret' });
    assert.ok(!error.message.includes('hunter2-secret'));
  });

  test('a password in REDIS_URL is never echoed back', () => {
    const error = problemsOf({ REDIS_URL: 'http://:hunter2-redis@cache.internal:6379', SESSION_SECRET: SECRET });
    assert.ok(!error.message.includes('hunter2-redis'));
  });

  test('REDIS_URL and previous secrets are read when valid', () => {
    const config = loadConfig({
      REDIS_URL: 'rediss://:pw@cache.internal:6380/2',
      SESSION_SECRET: SECRET,
      SESSION_SECRET_PREVIOUS: ` ${SECRET}-old , ${SECRET}-older `,
    });
    assert.equal(config.redisUrl?.host, 'cache.internal:6380');
    assert.deepEqual(config.previousSessionSecrets, [`${SECRET}-old`, `${SECRET}-older`]);
    assert.equal(loadConfig({}).redisUrl, undefined, 'no REDIS_URL: state stays in memory');
  });

  test('a client secret is never echoed back', () => {
    const error = problemsOf({ OKTA_CLIENT_SECRET: 'client-secret-value', SESSION_SECRET: SECRET });
    assert.ok(!error.message.includes('client-secret-value'));
    assert.ok(error.problems.some((p) => p.variable === 'OKTA_ORG_URL' && p.problem.includes('OKTA_CLIENT_SECRET')));
  });
});

describe('loadConfig: sandbox mode and defaults', () => {
  test('no Okta settings → sandbox mode with every default', () => {
    const config = loadConfig({});
    assert.deepEqual(config.okta, { mode: 'sandbox', sandboxPort: 3001 });
    assert.equal(config.appBaseUrl.href, 'http://localhost:3000/');
    assert.equal(config.redirectUri, 'http://localhost:3000/authorization-code/callback');
    assert.equal(config.postLogoutRedirectUri, 'http://localhost:3000/');
    assert.deepEqual(config.scopes, ['openid', 'profile', 'email', 'okta.logs.read', 'okta.users.read']);
    assert.deepEqual(config.session, { idleTimeoutMinutes: 30, absoluteTimeoutHours: 8 });
    assert.equal(config.port, 3000);
    assert.equal(config.host, 'localhost');
    assert.equal(config.logLevel, 'info');
    assert.equal(config.trustProxy, false);
    assert.equal(config.oktaCallTimeoutMs, 20_000);
  });

  test('OKTA_CALL_TIMEOUT_SECONDS sets the deadline of each Okta call', () => {
    assert.equal(loadConfig({ OKTA_CALL_TIMEOUT_SECONDS: '5' }).oktaCallTimeoutMs, 5000);
  });

  test('sandbox mode without SESSION_SECRET gets a random one per start and says so', () => {
    const first = loadConfig({});
    const second = loadConfig({});
    assert.ok(first.sessionSecret.length >= 32);
    assert.notEqual(first.sessionSecret, second.sessionSecret);
    assert.ok(
      first.notices.some((n) => n.includes('SESSION_SECRET') && n.includes('sessions end when the app restarts')),
    );
  });

  test('a SESSION_SECRET that is set is used and no notice is given', () => {
    const config = loadConfig({ SESSION_SECRET: SECRET });
    assert.equal(config.sessionSecret, SECRET);
    assert.ok(!config.notices.some((n) => n.includes('SESSION_SECRET')));
  });

  test('empty and blank variables count as unset (a copied .env.example keeps sandbox mode)', () => {
    const config = loadConfig({ OKTA_ORG_URL: '', OKTA_CLIENT_ID: '   ', PORT: '' });
    assert.equal(config.okta.mode, 'sandbox');
    assert.equal(config.port, 3000);
  });

  test('PORT changes the default APP_BASE_URL', () => {
    const config = loadConfig({ PORT: '4000' });
    assert.equal(config.redirectUri, 'http://localhost:4000/authorization-code/callback');
  });

  test('SANDBOX_PORT is read in sandbox mode', () => {
    assert.deepEqual(loadConfig({ SANDBOX_PORT: '4001' }).okta, { mode: 'sandbox', sandboxPort: 4001 });
  });

  test('the loaded config is frozen', () => {
    const config = loadConfig({});
    assert.ok(Object.isFrozen(config));
    assert.ok(Object.isFrozen(config.scopes));
    assert.ok(Object.isFrozen(config.session));
    assert.throws(() => {
      (config as { port: number }).port = 1;
    }, TypeError);
  });
});

describe('loadConfig: accepted Okta settings and aliases', () => {
  const oktaOf = (config: LoadedConfig) => {
    assert.equal(config.okta.mode, 'okta');
    return config.okta;
  };

  interface ValidCase {
    description: string;
    env: Record<string, string>;
    orgUrl: string;
    clientId?: string;
  }
  const validCases: ValidCase[] = [
    { description: 'OKTA_ORG_URL', env: OKTA_ENV, orgUrl: 'https://dev-123456.okta.com/' },
    {
      description: 'OKTA_ORG_URL with a trailing slash',
      env: { ...OKTA_ENV, OKTA_ORG_URL: 'https://dev-123456.okta.com/' },
      orgUrl: 'https://dev-123456.okta.com/',
    },
    {
      description: 'OKTA_DOMAIN as a bare host name',
      env: { ...OKTA_ENV, OKTA_ORG_URL: '', OKTA_DOMAIN: 'dev-7.oktapreview.com' },
      orgUrl: 'https://dev-7.oktapreview.com/',
    },
    {
      description: 'OKTA_OAUTH2_ISSUER when it is the org URL',
      env: { ...OKTA_ENV, OKTA_ORG_URL: '', OKTA_OAUTH2_ISSUER: 'https://acme.okta-emea.com' },
      orgUrl: 'https://acme.okta-emea.com/',
    },
    {
      description: 'OKTA_ORG_URL and OKTA_OAUTH2_ISSUER naming the same org',
      env: { ...OKTA_ENV, OKTA_OAUTH2_ISSUER: 'https://dev-123456.okta.com/' },
      orgUrl: 'https://dev-123456.okta.com/',
    },
    {
      description: 'OKTA_OAUTH2_CLIENT_ID and OKTA_OAUTH2_CLIENT_SECRET aliases',
      env: {
        OKTA_ORG_URL: 'https://dev-1.okta.com',
        OKTA_OAUTH2_CLIENT_ID: '0oaAlias',
        OKTA_OAUTH2_CLIENT_SECRET: 'alias-secret',
        SESSION_SECRET: SECRET,
      },
      orgUrl: 'https://dev-1.okta.com/',
      clientId: '0oaAlias',
    },
    {
      description: 'a custom URL domain with OKTA_ALLOW_CUSTOM_DOMAIN=true',
      env: { ...OKTA_ENV, OKTA_ORG_URL: 'https://login.example.com', OKTA_ALLOW_CUSTOM_DOMAIN: 'true' },
      orgUrl: 'https://login.example.com/',
    },
    {
      description: 'a locally run sandbox org over http on 127.0.0.1',
      env: { ...OKTA_ENV, OKTA_ORG_URL: 'http://127.0.0.1:3001' },
      orgUrl: 'http://127.0.0.1:3001/',
    },
    {
      description: 'a locally run sandbox org over http on localhost',
      env: { ...OKTA_ENV, OKTA_ORG_URL: 'http://localhost:3001' },
      orgUrl: 'http://localhost:3001/',
    },
    ...OKTA_HOST_SUFFIXES.map((suffix) => ({
      description: `an org on *${suffix}`,
      env: { ...OKTA_ENV, OKTA_ORG_URL: `https://acme${suffix}` },
      orgUrl: `https://acme${suffix}/`,
    })),
  ];
  for (const c of validCases) {
    test(c.description, () => {
      const okta = oktaOf(loadConfig(c.env));
      assert.equal(okta.orgUrl.href, c.orgUrl);
      assert.equal(okta.clientId, c.clientId ?? OKTA_ENV.OKTA_CLIENT_ID);
    });
  }

  test('client secret from the alias is used', () => {
    const okta = oktaOf(
      loadConfig({ ...OKTA_ENV, OKTA_CLIENT_SECRET: '', OKTA_OAUTH2_CLIENT_SECRET: 'from-alias-secret' }),
    );
    assert.equal(okta.clientSecret, 'from-alias-secret');
  });

  test('an https APP_BASE_URL with a trailing slash gives exact redirect URIs', () => {
    const config = loadConfig({ ...OKTA_ENV, APP_BASE_URL: 'https://viewer.example.com/' });
    assert.equal(config.redirectUri, 'https://viewer.example.com/authorization-code/callback');
    assert.equal(config.postLogoutRedirectUri, 'https://viewer.example.com/');
  });

  test('OKTA_SCOPES: spaces or commas, duplicates dropped, missing okta scopes noted', () => {
    const config = loadConfig({ OKTA_SCOPES: ' openid  okta.logs.read,profile openid ' });
    assert.deepEqual(config.scopes, ['openid', 'okta.logs.read', 'profile']);
    assert.ok(config.notices.some((n) => n.includes('okta.users.read')));
    assert.ok(!config.notices.some((n) => n.includes('okta.logs.read')));
  });

  interface ProxyCase {
    description: string;
    value: string;
    expected: boolean | number | string[];
  }
  const proxyCases: ProxyCase[] = [
    { description: 'true', value: 'true', expected: true },
    { description: 'false', value: 'false', expected: false },
    { description: 'a hop count', value: '2', expected: 2 },
    {
      description: 'addresses and CIDRs',
      value: '10.0.0.0/8, 127.0.0.1,::1',
      expected: ['10.0.0.0/8', '127.0.0.1', '::1'],
    },
    { description: 'proxy-addr names', value: 'loopback,uniquelocal', expected: ['loopback', 'uniquelocal'] },
  ];
  for (const c of proxyCases) {
    test(`TRUST_PROXY: ${c.description}`, () => {
      assert.deepEqual(loadConfig({ TRUST_PROXY: c.value }).trustProxy, c.expected);
    });
  }

  test('other settings are read', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      LOG_LEVEL: 'DEBUG',
      SESSION_IDLE_MINUTES: '15',
      SESSION_ABSOLUTE_HOURS: '12',
    });
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.logLevel, 'debug');
    assert.deepEqual(config.session, { idleTimeoutMinutes: 15, absoluteTimeoutHours: 12 });
  });
});

describe('resolveAppConfig', () => {
  test('Okta mode: the configured org, not a sandbox', () => {
    const config = resolveAppConfig(loadConfig(OKTA_ENV));
    assert.equal(config.okta.orgUrl.href, 'https://dev-123456.okta.com/');
    assert.equal(config.okta.clientId, OKTA_ENV.OKTA_CLIENT_ID);
    assert.equal(config.okta.clientSecret, OKTA_ENV.OKTA_CLIENT_SECRET);
    assert.equal(config.okta.sandbox, false);
    assert.deepEqual(config.scopes, DEFAULT_SCOPES);
    assert.ok(Object.isFrozen(config));
  });

  test('sandbox mode: the running sandbox org', () => {
    const config = resolveAppConfig(loadConfig({}), {
      issuer: 'http://127.0.0.1:3001',
      clientId: '0oaSandbox',
      clientSecret: 'sandbox-secret',
    });
    assert.equal(config.okta.orgUrl.origin, 'http://127.0.0.1:3001');
    assert.equal(config.okta.clientId, '0oaSandbox');
    assert.equal(config.okta.sandbox, true);
  });

  test('sandbox mode without a running sandbox is a programming error', () => {
    assert.throws(() => resolveAppConfig(loadConfig({})), SandboxNotStartedError);
  });
});
