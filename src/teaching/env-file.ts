/**
 * The `.env` lines the guide shows for a real org: this app's own base URL, and the org URL and client id when a real
 * org is configured (never the client secret), placeholders otherwise.
 */

/** The text of the `.env` block, one `NAME=value` per line. */
export function envFileText(appBaseUrl: string, realOrg: { orgUrl: string; clientId: string } | null): string {
  return [
    `OKTA_ORG_URL=${realOrg ? realOrg.orgUrl : 'https://dev-123456.okta.com'}`,
    `OKTA_CLIENT_ID=${realOrg ? realOrg.clientId : '0oa…  (General → Client Credentials → Client ID)'}`,
    `OKTA_CLIENT_SECRET=${realOrg ? '(set; never shown)' : '…  (General → Client Credentials → Client secrets)'}`,
    `APP_BASE_URL=${appBaseUrl}`,
    'SESSION_SECRET=…  (32 or more random characters, see below)',
  ].join('\n');
}
