/**
 * An `okta.yaml` in the layout Okta's SDKs read (`okta.client.*`, `authorizationMode: PrivateKey`), which the CLI
 * reads too. One writer for every place that shows or writes one (the guide, the sandbox's key files).
 */

/** What the file names: the org, the service app, the scopes to ask for and where its private key is. */
export interface PrivateKeyYamlSettings {
  orgUrl: string;
  clientId: string;
  scopes: readonly string[];
  /** A path to the private key: a key itself never goes into a file that is shown or shared. */
  privateKeyPath: string;
  keyId: string;
  /** Not an SDK setting: the CLI's own, for an app that requires DPoP. */
  dpop: boolean;
}

/** YAML strings are double-quoted; JSON's escaping is valid YAML, so no value can break out of its line. */
function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** The file's text, ending with a newline. */
export function privateKeyOktaYaml(settings: PrivateKeyYamlSettings): string {
  return [
    'okta:',
    '  client:',
    `    orgUrl: ${yamlString(settings.orgUrl.replace(/\/+$/, ''))}`,
    '    authorizationMode: "PrivateKey"',
    `    clientId: ${yamlString(settings.clientId)}`,
    '    scopes:',
    ...settings.scopes.map((scope) => `      - ${yamlString(scope)}`),
    `    privateKey: ${yamlString(settings.privateKeyPath)}`,
    `    keyId: ${yamlString(settings.keyId)}`,
    ...(settings.dpop ? ['    dpop: true'] : []),
    '',
  ].join('\n');
}
