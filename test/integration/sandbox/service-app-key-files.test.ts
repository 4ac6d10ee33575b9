import assert from 'node:assert/strict';
import { createPrivateKey, randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { importPKCS8, SignJWT } from 'jose';
import { parse } from 'yaml';
import { type RunningSandbox, startSandbox } from '../../../src/sandbox/sandbox.ts';

const CHECKOUT = fileURLToPath(new URL('../../..', import.meta.url));

let sandbox: RunningSandbox;
before(async () => {
  sandbox = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: { users: 5, events: 20 } });
});
after(async () => {
  await sandbox?.close();
});

describe("the sandbox's API Services app key, on disk", () => {
  test('PEM, JWK and okta.yaml lie under the OS temp directory, outside the checkout, for this user only', () => {
    const files = sandbox.serviceAppKeyFiles;
    for (const path of [files.pemPath, files.jwkPath, files.oktaYamlPath]) {
      assert.ok(path.startsWith(tmpdir()), `${path} is under ${tmpdir()}`);
      assert.ok(!path.startsWith(CHECKOUT), `${path} is not in the checkout`);
      assert.equal(statSync(path).mode & 0o777, 0o600, `${path} is readable by its owner only`);
    }
    const description = sandbox.describe();
    for (const shown of [
      files.pemPath,
      files.jwkPath,
      sandbox.org.serviceApp.clientId,
      'authorizationMode: "PrivateKey"',
    ])
      assert.ok(description.includes(shown), `the printed description shows ${shown}`);
  });

  test('the PEM is a PKCS#8 private key and the JWK carries its kid', async () => {
    const pem = await readFile(sandbox.serviceAppKeyFiles.pemPath, 'utf8');
    assert.match(pem, /^-----BEGIN PRIVATE KEY-----\n/);
    assert.equal(createPrivateKey(pem).asymmetricKeyType, 'rsa');
    const jwk = JSON.parse(await readFile(sandbox.serviceAppKeyFiles.jwkPath, 'utf8')) as Record<string, unknown>;
    assert.equal(jwk.kid, sandbox.org.serviceApp.publicJwk.kid);
    assert.equal(jwk.n, sandbox.org.serviceApp.publicJwk.n, 'the private JWK belongs to the registered public key');
    assert.equal(typeof jwk.d, 'string');
  });

  test("okta.yaml in the SDKs' layout gets a token with the PEM it names, and the token reads the System Log", async () => {
    const yaml = parse(await readFile(sandbox.serviceAppKeyFiles.oktaYamlPath, 'utf8')) as {
      okta: {
        client: {
          orgUrl: string;
          authorizationMode: string;
          clientId: string;
          scopes: string[];
          privateKey: string;
          keyId: string;
        };
      };
    };
    const client = yaml.okta.client;
    assert.equal(client.authorizationMode, 'PrivateKey');
    assert.equal(client.orgUrl, sandbox.issuer);
    assert.deepEqual(client.scopes, ['okta.logs.read', 'okta.users.read']);
    const key = await importPKCS8(await readFile(client.privateKey, 'utf8'), 'RS256');
    const tokenEndpoint = `${client.orgUrl}/oauth2/v1/token`;
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'RS256', kid: client.keyId })
      .setIssuer(client.clientId)
      .setSubject(client.clientId)
      .setAudience(tokenEndpoint)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);
    const response = await fetch(tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: client.scopes.join(' '),
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion,
      }),
    });
    assert.equal(response.status, 200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    const logs = await fetch(`${client.orgUrl}/api/v1/logs?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(logs.status, 200);
    await logs.arrayBuffer();
  });

  test('closing the sandbox removes the key files', async () => {
    const other = await startSandbox({ appBaseUrl: 'http://localhost:3000', seed: false });
    const { dir } = other.serviceAppKeyFiles;
    assert.ok(existsSync(dir));
    await other.close();
    assert.ok(!existsSync(dir), 'the directory is gone');
  });
});
