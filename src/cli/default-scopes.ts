/** The scopes the CLI asks for when none are configured (also what the guide's service-app path checks). */
export const DEFAULT_SCOPES: readonly string[] = ['okta.logs.read', 'okta.users.read'];
