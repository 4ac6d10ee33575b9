/**
 * With no Okta settings at all, the CLI runs against a sandbox org started in its own process (seeded, on a free
 * loopback port), as the sandbox's API Services app, and says so on stderr. The sandbox is loaded only then.
 */
import type { SettingsLayer } from './config-sources.ts';

/** A running embedded sandbox: the settings that point at it, and its stop. */
export interface EmbeddedSandbox {
  orgUrl: string;
  /** Settings as if given in a file, so that the ordinary checks and messages apply. */
  settings: SettingsLayer;
  close(): Promise<void>;
}

const SOURCE = 'the embedded sandbox org';

/** Starts the sandbox org and returns the service app's settings for it. */
export async function startEmbeddedSandbox(): Promise<EmbeddedSandbox> {
  const { startSandbox } = await import('../sandbox/sandbox.ts');
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, appBaseUrl: 'http://localhost:3000' });
  const { serviceApp } = sandbox.org;
  const value = (text: string) => ({ value: text, source: SOURCE });
  return {
    orgUrl: sandbox.issuer,
    settings: {
      orgUrl: value(sandbox.issuer),
      authorizationMode: value('PrivateKey'),
      clientId: value(serviceApp.clientId),
      scopes: value([...serviceApp.grants].join(' ')),
      privateKey: value(JSON.stringify(serviceApp.privateJwk)),
      keyId: value(String(serviceApp.privateJwk.kid)),
    },
    close: () => sandbox.close(),
  };
}
