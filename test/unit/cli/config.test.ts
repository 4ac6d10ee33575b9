/**
 * The CLI's settings: read from flags, OKTA_CLIENT_* variables and okta.yaml as Okta's SDKs read them, merged per
 * setting (highest source first), and checked with one problem per bad setting naming its source.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { describe, test } from 'node:test';
import { CliConfigError, formatProblem, parseScopes, resolveConfig } from '../../../src/cli/config.ts';
import {
  layerFromEnv,
  layerFromFlags,
  layerFromYaml,
  mergeLayers,
  type SettingsLayer,
  YamlFileProblem,
} from '../../../src/cli/config-sources.ts';

const KEY = generateKeyPairSync('rsa', { modulusLength: 2048 })
  .privateKey.export({ type: 'pkcs8', format: 'pem' })
  .toString();

const sourced = (value: string, source = 'test') => ({ value, source });

describe('sources', () => {
  test('flags: only the ones given, booleans as true, named by flag', () => {
    const layer = layerFromFlags({ 'org-url': 'https://a.okta.com', dpop: true, since: '2026-01-01' });
    assert.deepEqual(layer, {
      orgUrl: { value: 'https://a.okta.com', source: 'flag --org-url' },
      dpop: { value: 'true', source: 'flag --dpop' },
    });
  });

  test("environment: the SDKs' OKTA_CLIENT_* names, empty values unset", () => {
    const layer = layerFromEnv({
      OKTA_CLIENT_ORGURL: 'https://a.okta.com',
      OKTA_CLIENT_CLIENTID: '',
      OKTA_CLIENT_RATELIMIT_MAXRETRIES: '4',
      OKTA_CLIENT_PROXY_HOST: 'proxy.example.com',
      OKTA_ORG_URL: 'https://ignored.okta.com',
    });
    assert.deepEqual(layer, {
      orgUrl: { value: 'https://a.okta.com', source: 'env OKTA_CLIENT_ORGURL' },
      maxRetries: { value: '4', source: 'env OKTA_CLIENT_RATELIMIT_MAXRETRIES' },
      proxyHost: { value: 'proxy.example.com', source: 'env OKTA_CLIENT_PROXY_HOST' },
    });
  });

  test('okta.yaml: okta.client.* with nested rateLimit and proxy, a scope list joined, an inline JWK as JSON', () => {
    const text = [
      'okta:',
      '  client:',
      '    orgUrl: https://a.okta.com',
      '    scopes:',
      '      - okta.logs.read',
      '      - okta.users.read',
      '    privateKey: { kty: RSA, d: x }',
      '    requestTimeout: 30',
      '    rateLimit:',
      '      maxRetries: 3',
      '    proxy:',
      '      host: proxy.example.com',
      '      port: 8080',
      '      username: null',
    ].join('\n');
    const layer = layerFromYaml(text, './okta.yaml');
    assert.deepEqual(layer, {
      orgUrl: { value: 'https://a.okta.com', source: './okta.yaml okta.client.orgUrl' },
      scopes: { value: 'okta.logs.read okta.users.read', source: './okta.yaml okta.client.scopes' },
      privateKey: { value: '{"kty":"RSA","d":"x"}', source: './okta.yaml okta.client.privateKey' },
      requestTimeout: { value: '30', source: './okta.yaml okta.client.requestTimeout' },
      maxRetries: { value: '3', source: './okta.yaml okta.client.rateLimit.maxRetries' },
      proxyHost: { value: 'proxy.example.com', source: './okta.yaml okta.client.proxy.host' },
      proxyPort: { value: '8080', source: './okta.yaml okta.client.proxy.port' },
    });
  });

  test('an empty okta.yaml gives nothing; a broken one is a problem naming the file', () => {
    assert.deepEqual(layerFromYaml('', './okta.yaml'), {});
    assert.deepEqual(layerFromYaml('other: 1\n', './okta.yaml'), {});
    assert.throws(
      () => layerFromYaml('okta: [client\n', '~/.okta/okta.yaml'),
      (error: unknown) => {
        assert.ok(error instanceof YamlFileProblem);
        assert.equal(error.label, '~/.okta/okta.yaml');
        return true;
      },
    );
  });

  test('merge: per setting, the first layer that gives it wins', () => {
    const flags: SettingsLayer = { scopes: sourced('okta.logs.read', 'flag') };
    const env: SettingsLayer = { scopes: sourced('x', 'env'), clientId: sourced('env-id', 'env') };
    const local: SettingsLayer = {
      clientId: sourced('local-id', 'local'),
      orgUrl: sourced('https://l.okta.com', 'local'),
    };
    const home: SettingsLayer = { orgUrl: sourced('https://h.okta.com', 'home'), keyId: sourced('kid', 'home') };
    assert.deepEqual(mergeLayers([flags, env, local, home]), {
      scopes: sourced('okta.logs.read', 'flag'),
      clientId: sourced('env-id', 'env'),
      orgUrl: sourced('https://l.okta.com', 'local'),
      keyId: sourced('kid', 'home'),
    });
  });

  test('scopes split on spaces or commas', () => {
    assert.deepEqual(parseScopes('okta.logs.read, okta.users.read'), ['okta.logs.read', 'okta.users.read']);
  });
});

describe('checks', () => {
  const good = (): SettingsLayer => ({
    orgUrl: sourced('https://dev-1.okta.com/', 'env OKTA_CLIENT_ORGURL'),
    clientId: sourced('0oa1', 'flag --client-id'),
    privateKey: sourced(KEY, 'env OKTA_CLIENT_PRIVATEKEY'),
  });

  async function problems(settings: SettingsLayer, command: 'logs export' | 'token' = 'token'): Promise<string[]> {
    try {
      await resolveConfig(settings, command, '/');
    } catch (error) {
      if (error instanceof CliConfigError) return error.problems.map(formatProblem);
      throw error;
    }
    return [];
  }

  test('defaults: PrivateKey mode, both read scopes, the SDKs’ two retries, no proxy', async () => {
    const config = await resolveConfig(good(), 'logs export', '/');
    assert.equal(config.orgUrl, 'https://dev-1.okta.com');
    assert.equal(config.auth.mode, 'PrivateKey');
    assert.deepEqual(config.auth.mode === 'PrivateKey' && config.auth.scopes, ['okta.logs.read', 'okta.users.read']);
    assert.equal(config.maxRetries, 2);
    assert.equal(config.requestTimeoutMs, undefined);
    assert.equal(config.proxy, undefined);
    assert.deepEqual(config.warnings, []);
  });

  test('a proxy with credentials', async () => {
    const config = await resolveConfig(
      {
        ...good(),
        proxyHost: sourced('proxy.example.com'),
        proxyPort: sourced('3128'),
        proxyUsername: sourced('me'),
        proxyPassword: sourced('pw'),
        requestTimeout: sourced('45'),
      },
      'token',
      '/',
    );
    assert.deepEqual(config.proxy, {
      uri: 'http://proxy.example.com:3128',
      token: `Basic ${Buffer.from('me:pw').toString('base64')}`,
    });
    assert.equal(config.requestTimeoutMs, 45_000);
  });

  test('SSWS with a token: accepted, with a warning', async () => {
    const config = await resolveConfig(
      { orgUrl: sourced('https://dev-1.okta.com'), token: sourced('00abc', 'env OKTA_CLIENT_TOKEN') },
      'token',
      '/',
    );
    assert.deepEqual(config.auth, { mode: 'SSWS', token: '00abc' });
    assert.match(
      config.warnings[0] ?? '',
      /SSWS \(env OKTA_CLIENT_TOKEN\): an API token carries all of its admin's power/,
    );
  });

  test('every bad setting is one line with its source; all of them are listed', async () => {
    const lines = await problems(
      {
        orgUrl: sourced('https://dev-1.okta.com/oauth2/default', 'env OKTA_CLIENT_ORGURL'),
        privateKey: sourced('{"kty":"RSA","n":"x","e":"AQAB"}', 'flag --private-key'),
        scopes: sourced('okta.users.read', './okta.yaml okta.client.scopes'),
        maxRetries: sourced('-1', 'env OKTA_CLIENT_RATELIMIT_MAXRETRIES'),
        proxyPort: sourced('8080', 'env OKTA_CLIENT_PROXY_PORT'),
      },
      'logs export',
    );
    assert.deepEqual(
      lines.map((line) => line.split(' is ', 1)[0]),
      [
        'Configuration: orgUrl (env OKTA_CLIENT_ORGURL)',
        'Configuration: maxRetries (env OKTA_CLIENT_RATELIMIT_MAXRETRIES)',
        'Configuration: proxyHost',
        'Configuration: clientId',
        'Configuration: scopes (./okta.yaml okta.client.scopes)',
        'Configuration: privateKey (flag --private-key)',
      ],
    );
    assert.ok(lines.every((line) => !line.includes('\n') && / Fix: /.test(line)));
  });

  test('DPoP with an SSWS token', async () => {
    const lines = await problems({
      orgUrl: sourced('https://dev-1.okta.com'),
      token: sourced('00abc'),
      dpop: sourced('true', 'flag --dpop'),
    });
    assert.deepEqual(lines, [
      'Configuration: dpop (flag --dpop) is on, but an SSWS API token cannot be bound to a DPoP key. Fix: leave out --dpop, or use PrivateKey mode.',
    ]);
  });

  test('an unknown authorization mode, and SSWS without a token', async () => {
    assert.match(
      (await problems({ ...good(), authorizationMode: sourced('OAuth', 'env OKTA_CLIENT_AUTHORIZATIONMODE') }))[0] ??
        '',
      /authorizationMode \(env OKTA_CLIENT_AUTHORIZATIONMODE\) is "OAuth", which is not an authorization mode/,
    );
    assert.match(
      (await problems({ orgUrl: sourced('https://dev-1.okta.com'), authorizationMode: sourced('SSWS') }))[0] ?? '',
      /token is not set\. Fix: set an API token .* with OKTA_CLIENT_TOKEN, okta\.client\.token in okta\.yaml/,
    );
  });
});
