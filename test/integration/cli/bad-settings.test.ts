/**
 * Each bad setting, wherever it comes from, stops the spawned CLI with exit code 2 and one line that names the
 * setting, its source and the fix, before anything is sent to Okta.
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type CliPlace, cliPlace, runCli } from './cli-process.ts';

const ORG = 'https://dev-123456.okta.com';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PUBLIC_PEM = publicKey.export({ type: 'spki', format: 'pem' }).toString();
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let place: CliPlace;
before(async () => {
  place = await cliPlace();
});
after(async () => {
  await place?.remove();
});

/** Everything needed except what a case makes bad, as variables. */
const base = (): Record<string, string> => ({
  OKTA_CLIENT_ORGURL: ORG,
  OKTA_CLIENT_CLIENTID: '0oa1serviceapp',
  OKTA_CLIENT_PRIVATEKEY: PRIVATE_PEM,
});

async function refused(args: string[], env: Record<string, string>, yamlFiles: { cwd?: string; home?: string } = {}) {
  await place.writeYaml('cwd', yamlFiles.cwd ?? '');
  await place.writeYaml('home', yamlFiles.home ?? '');
  const result = await runCli(args, place, env);
  assert.equal(result.code, 2, `exit 2 expected:\n${result.stderr}`);
  assert.equal(result.stdout, '');
  return result.stderr;
}

describe('bad settings: exit 2, one line naming the setting and its source', () => {
  test('a key that does not parse (flag, a file)', async () => {
    const file = join(place.cwd, 'garbage.pem');
    await writeFile(file, 'hello, I am not a key');
    const stderr = await refused(['token', '--private-key', 'garbage.pem'], base());
    assert.match(
      stderr,
      /^Configuration: privateKey \(flag --private-key\) names the file .*garbage\.pem, which is neither a PEM key .* nor a JWK .*\. Fix: give the private key/m,
    );
  });

  test('a public key given as the private one (env)', async () => {
    const stderr = await refused(['token'], { ...base(), OKTA_CLIENT_PRIVATEKEY: PUBLIC_PEM });
    assert.match(
      stderr,
      /^Configuration: privateKey \(env OKTA_CLIENT_PRIVATEKEY\) is a public key \(BEGIN PUBLIC KEY\)\. Fix: give the private key/m,
    );
  });

  test('an org URL with /oauth2/default (./okta.yaml)', async () => {
    const { OKTA_CLIENT_ORGURL: _, ...rest } = base();
    const stderr = await refused(['token'], rest, {
      cwd: 'okta:\n  client:\n    orgUrl: https://dev-123456.okta.com/oauth2/default\n',
    });
    assert.match(
      stderr,
      /^Configuration: orgUrl \(\.\/okta\.yaml okta\.client\.orgUrl\) is "https:\/\/dev-123456\.okta\.com\/oauth2\/default": .*custom authorization server.*\. Fix: use the org URL https:\/\/dev-123456\.okta\.com /m,
    );
  });

  test('scopes without okta.logs.read for a logs command (~/.okta/okta.yaml)', async () => {
    const stderr = await refused(['logs', 'export'], base(), {
      home: 'okta:\n  client:\n    scopes:\n      - okta.users.read\n',
    });
    assert.match(
      stderr,
      /^Configuration: scopes \(~\/\.okta\/okta\.yaml okta\.client\.scopes\) is "okta\.users\.read", which lacks okta\.logs\.read that `logs export` needs\. Fix: add okta\.logs\.read/m,
    );
  });

  test('scopes without okta.users.read for users list (flag)', async () => {
    const stderr = await refused(['users', 'list', '--scopes', 'okta.logs.read'], base());
    assert.match(
      stderr,
      /^Configuration: scopes \(flag --scopes\) is "okta\.logs\.read", which lacks okta\.users\.read/m,
    );
  });

  test('an unknown authorization mode (env)', async () => {
    const stderr = await refused(['token'], { ...base(), OKTA_CLIENT_AUTHORIZATIONMODE: 'Bearer' });
    assert.match(
      stderr,
      /^Configuration: authorizationMode \(env OKTA_CLIENT_AUTHORIZATIONMODE\) is "Bearer", which is not an authorization mode\. Fix: use PrivateKey/m,
    );
  });

  test('a missing client id: where it can be set', async () => {
    const { OKTA_CLIENT_CLIENTID: _, ...rest } = base();
    const stderr = await refused(['token'], rest);
    assert.match(
      stderr,
      /^Configuration: clientId is not set\. Fix: set the service app's client id with --client-id, OKTA_CLIENT_CLIENTID, okta\.client\.clientId in okta\.yaml\./m,
    );
  });

  test('bad numbers (env and ./okta.yaml), each on its own line', async () => {
    const stderr = await refused(
      ['token'],
      { ...base(), OKTA_CLIENT_RATELIMIT_MAXRETRIES: 'lots' },
      {
        cwd: 'okta:\n  client:\n    requestTimeout: -5\n',
      },
    );
    assert.match(
      stderr,
      /^Configuration: maxRetries \(env OKTA_CLIENT_RATELIMIT_MAXRETRIES\) is "lots", not a whole number/m,
    );
    assert.match(
      stderr,
      /^Configuration: requestTimeout \(\.\/okta\.yaml okta\.client\.requestTimeout\) is "-5", not a whole number/m,
    );
    assert.equal(stderr.trim().split('\n').length, 2, 'one line per bad setting');
  });

  test('an okta.yaml that is not YAML', async () => {
    const stderr = await refused(['token'], base(), { cwd: 'okta: [client\n' });
    assert.match(stderr, /^Configuration: \.\/okta\.yaml is not valid YAML/m);
  });

  test('a bad flag value: --since that is not an ISO time', async () => {
    const stderr = await refused(['logs', 'export', '--since', 'yesterday'], base());
    assert.match(stderr, /^Usage: --since is "yesterday", not an ISO 8601 time\. Fix: give e\.g\. /m);
  });
});
