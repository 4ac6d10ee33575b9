/**
 * The sandbox's API Services app key, on disk where an Okta SDK or a script can read it: the private key as PKCS#8
 * PEM and as a JWK (with its `kid`), and an `okta.yaml` for the SDKs' `PrivateKey` mode, in a fresh directory under
 * the OS temp directory, readable by this user only. Never in the checkout; removed when the sandbox closes.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, importJWK } from 'jose';
import { privateKeyOktaYaml } from '../sdk-config/okta-yaml-text.ts';
import type { SandboxOrg } from './org.ts';

/** Where the service app's key files are, and the `okta.yaml` that uses them. */
export interface ServiceAppKeyFiles {
  readonly dir: string;
  /** The private key, PKCS#8 PEM. */
  readonly pemPath: string;
  /** The private key as a JWK, with `kid`. */
  readonly jwkPath: string;
  /** An `okta.yaml` (the SDKs' `okta.client.*` layout) naming the org, the app and the PEM. */
  readonly oktaYamlPath: string;
  /** The same `okta.yaml`, to print. */
  readonly oktaYaml: string;
  /** Deletes the directory. */
  remove(): Promise<void>;
}

/** Writes the service app's key files; `remove()` deletes them. */
export async function writeServiceAppKeyFiles(org: SandboxOrg): Promise<ServiceAppKeyFiles> {
  const { serviceApp } = org;
  const dir = await mkdtemp(join(tmpdir(), 'okta-sandbox-service-app-'));
  const pemPath = join(dir, 'service-app.pem');
  const jwkPath = join(dir, 'service-app.jwk.json');
  const oktaYamlPath = join(dir, 'okta.yaml');
  const key = await importJWK(serviceApp.privateJwk, 'RS256', { extractable: true });
  // An RSA JWK imports as a key, never as the raw bytes of a symmetric secret.
  if (key instanceof Uint8Array) throw new Error('the service app key is not an RSA key');
  const oktaYaml = privateKeyOktaYaml({
    orgUrl: org.orgUrl,
    clientId: serviceApp.clientId,
    scopes: [...serviceApp.grants],
    privateKeyPath: pemPath,
    keyId: String(serviceApp.privateJwk.kid),
    dpop: serviceApp.requireDpop,
  });
  // Private keys: readable and writable by this user only.
  await writeFile(pemPath, await exportPKCS8(key), { mode: 0o600 });
  await writeFile(jwkPath, `${JSON.stringify(serviceApp.privateJwk, null, 2)}\n`, { mode: 0o600 });
  await writeFile(oktaYamlPath, oktaYaml, { mode: 0o600 });
  return { dir, pemPath, jwkPath, oktaYamlPath, oktaYaml, remove: () => rm(dir, { recursive: true, force: true }) };
}
