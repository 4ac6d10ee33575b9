/** The scopes the CLI asks for when none are configured (also what the guide's service-app path checks). */
export const CLI_DEFAULT_SCOPES: readonly string[] = ['okta.logs.read', 'okta.users.read'];
