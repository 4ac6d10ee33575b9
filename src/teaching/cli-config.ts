/**
 * What the guide shows next to the service-app steps: an `okta.yaml` in the layout Okta's SDKs read
 * (`okta.client.*`, `authorizationMode: PrivateKey`), and the CLI command that exports the System Log with it.
 * Values the app knows are filled in (the org URL; in sandbox mode the service app's client id and key id);
 * the rest are placeholders. The private key is always a path: its content never appears on a page.
 */

import { CLI_DEFAULT_SCOPES } from '../sdk-config/default-scopes.ts';
import { privateKeyOktaYaml } from '../sdk-config/okta-yaml-text.ts';

/** What the app knows of the service app it describes. */
export interface CliSettings {
  orgUrl: string;
  clientId: string | null;
  keyId: string | null;
  /** Whether the app's tokens are DPoP-bound ("Require DPoP" on). */
  dpop: boolean;
}

const CLIENT_ID_PLACEHOLDER = '0oa…';
const KEY_ID_PLACEHOLDER = '(the key id shown next to the public key)';
const PRIVATE_KEY_PATH = './private-key.pem';

/** The `okta.yaml` text. */
export function oktaYamlText(settings: CliSettings): string {
  return privateKeyOktaYaml({
    orgUrl: settings.orgUrl,
    clientId: settings.clientId ?? CLIENT_ID_PLACEHOLDER,
    scopes: CLI_DEFAULT_SCOPES,
    privateKeyPath: PRIVATE_KEY_PATH,
    keyId: settings.keyId ?? KEY_ID_PLACEHOLDER,
    dpop: settings.dpop,
  });
}

/** A shell word: bare when it is plainly safe, single-quoted otherwise. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'"'"'`)}'`;
}

/** The CLI command that exports the last 24 hours of the System Log (as of `now`) with the service app. */
export function cliExportCommand(settings: CliSettings, now = Date.now()): string {
  const since = new Date(now - 24 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const lines = [
    `npx okta-scoped-viewer logs export --since ${since}`,
    `--org-url ${shellWord(settings.orgUrl)}`,
    `--client-id ${shellWord(settings.clientId ?? CLIENT_ID_PLACEHOLDER)}`,
    `--private-key ${PRIVATE_KEY_PATH}`,
    `--key-id ${shellWord(settings.keyId ?? 'KEY_ID')}`,
    `--scopes ${CLI_DEFAULT_SCOPES.join(',')}`,
    ...(settings.dpop ? ['--dpop'] : []),
  ];
  return lines.join(' \\\n    ');
}
