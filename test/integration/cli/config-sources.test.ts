/**
 * Where the CLI's settings come from, proven with the spawned CLI against a sandbox org: each setting is taken
 * from the highest source that gives it (flag > OKTA_CLIENT_* > ./okta.yaml > ~/.okta/okta.yaml), and the
 * sources merge per setting. A lower source holds values that would fail if they were used; the granted scopes
 * show directly which `scopes` won.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';
import { type CliPlace, cliPlace, runCli } from './cli-process.ts';

let sandbox: RunningSandbox;
let place: CliPlace;
let jwkText: string;

before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: false });
  jwkText = await readFile(sandbox.serviceAppKeyFiles.jwkPath, 'utf8');
});
after(async () => {
  await sandbox?.close();
});
beforeEach(async () => {
  place = await cliPlace();
});
afterEach(async () => {
  await place.remove();
});

/** The good settings, and ones that fail if they are used (an org that does not answer, an unknown app, …). */
function good() {
  return {
    orgUrl: sandbox.issuer,
    clientId: sandbox.org.serviceApp.clientId,
    privateKey: sandbox.serviceAppKeyFiles.pemPath,
    keyId: String(sandbox.org.serviceApp.privateJwk.kid),
  };
}
const BAD = {
  orgUrl: 'http://127.0.0.1:9',
  clientId: '0oaNotTheServiceApp',
  privateKey: '-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----',
  keyId: 'not-a-registered-kid',
};
type Values = ReturnType<typeof good> & { scopes: string };

function flags(values: Values): string[] {
  return [
    '--org-url',
    values.orgUrl,
    '--client-id',
    values.clientId,
    '--private-key',
    values.privateKey,
    '--key-id',
    values.keyId,
    '--scopes',
    values.scopes,
  ];
}
function env(values: Values): Record<string, string> {
  return {
    OKTA_CLIENT_ORGURL: values.orgUrl,
    OKTA_CLIENT_CLIENTID: values.clientId,
    OKTA_CLIENT_PRIVATEKEY: values.privateKey,
    OKTA_CLIENT_KEYID: values.keyId,
    OKTA_CLIENT_SCOPES: values.scopes,
  };
}
function yaml(values: Partial<Values>): string {
  const lines = ['okta:', '  client:', '    authorizationMode: PrivateKey'];
  for (const [key, value] of Object.entries(values)) {
    if (key === 'scopes') lines.push('    scopes:', ...value.split(' ').map((scope) => `      - ${scope}`));
    else lines.push(`    ${key}: ${JSON.stringify(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

const badWith = (scopes: string): Values => ({ ...BAD, scopes });

async function grantedScopes(args: string[], extraEnv: Record<string, string> = {}): Promise<string> {
  const result = await runCli(['token', ...args], place, extraEnv);
  assert.equal(result.code, 0, result.stderr);
  const line = result.stdout.split('\n').find((candidate) => candidate.startsWith('Granted scopes:'));
  return line?.replace('Granted scopes:', '').trim() ?? '';
}

describe('precedence, per setting', () => {
  test('flags win over OKTA_CLIENT_* variables', async () => {
    const scopes = await grantedScopes(flags({ ...good(), scopes: 'okta.logs.read' }), env(badWith('okta.users.read')));
    assert.equal(scopes, 'okta.logs.read');
  });

  test('OKTA_CLIENT_* variables win over ./okta.yaml', async () => {
    await place.writeYaml('cwd', yaml(badWith('okta.users.read')));
    assert.equal(await grantedScopes([], env({ ...good(), scopes: 'okta.logs.read' })), 'okta.logs.read');
  });

  test('./okta.yaml wins over ~/.okta/okta.yaml', async () => {
    await place.writeYaml('cwd', yaml({ ...good(), scopes: 'okta.logs.read' }));
    await place.writeYaml('home', yaml(badWith('okta.users.read')));
    assert.equal(await grantedScopes([]), 'okta.logs.read');
  });

  test('~/.okta/okta.yaml alone is enough', async () => {
    await place.writeYaml('home', yaml({ ...good(), scopes: 'okta.users.read' }));
    assert.equal(await grantedScopes([]), 'okta.users.read');
  });

  test('each setting from a different source: they merge', async () => {
    const { orgUrl, clientId, keyId } = good();
    await place.writeYaml('home', yaml({ orgUrl, scopes: 'okta.users.read' }));
    await place.writeYaml('cwd', yaml({ clientId }));
    // The key inline in the variable, as a JWK (the SDKs accept PEM or JWK text).
    const scopes = await grantedScopes(['--key-id', keyId], { OKTA_CLIENT_PRIVATEKEY: jwkText });
    assert.equal(scopes, 'okta.users.read');
  });
});

describe('SSWS', () => {
  test('an API token is accepted with a warning about its power, and never printed', async () => {
    const token = sandbox.org.apiToken.token;
    const result = await runCli(['users', 'list', '--q', 'admin'], place, {
      OKTA_CLIENT_ORGURL: sandbox.issuer,
      OKTA_CLIENT_AUTHORIZATIONMODE: 'SSWS',
      OKTA_CLIENT_TOKEN: token,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stderr,
      /Warning: authorizationMode SSWS \(env OKTA_CLIENT_TOKEN\): an API token carries all of its admin's power/,
    );
    assert.match(result.stdout, /admin@sandbox.example/);
    assert.ok(!result.stdout.includes(token) && !result.stderr.includes(token));
  });
});
