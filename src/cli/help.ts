/** The `--help` text of every level of the CLI. */

const CONNECTION = `Connection (highest first: flags, OKTA_CLIENT_* variables, ./okta.yaml, ~/.okta/okta.yaml; per setting):
  --org-url URL         Your org URL, e.g. https://dev-123456.okta.com (OKTA_CLIENT_ORGURL; no /oauth2/... path)
  --client-id ID        The API Services app's client id (OKTA_CLIENT_CLIENTID)
  --private-key KEY     Its private key: a path to a PEM (PKCS#1 or PKCS#8, RSA or EC) or JWK file, or the key
                        itself (OKTA_CLIENT_PRIVATEKEY)
  --key-id KID          The key's kid as registered on the app (OKTA_CLIENT_KEYID; a JWK's own kid otherwise)
  --scopes "S1 S2"      Scopes to ask for (OKTA_CLIENT_SCOPES; default: okta.logs.read okta.users.read)
  --dpop                Ask for a DPoP-bound token (also done when Okta requires DPoP; okta.yaml: dpop: true)
  Also read: OKTA_CLIENT_AUTHORIZATIONMODE (PrivateKey, or SSWS with OKTA_CLIENT_TOKEN: not recommended),
  OKTA_CLIENT_RATELIMIT_MAXRETRIES (waits for a rate-limit reset per call, default 2),
  OKTA_CLIENT_REQUESTTIMEOUT (seconds per request, 0 = default), OKTA_CLIENT_PROXY_HOST/PORT/USERNAME/PASSWORD,
  and REDIS_URL (share the rate budget with the app's instances).
  With no Okta settings at all, a local sandbox org is started in this process and used.`;

const EXIT_CODES = `Exit codes:
  0    done
  1    Okta refused or failed (the line says what Okta said and what to do)
  2    configuration or usage problem (the line names the setting, where it came from, and the fix)
  130  interrupted (Ctrl-C); an export's file ends with whole lines`;

/** Help per command path. */
export const HELP: Readonly<Record<string, string>> = {
  '': `Usage: okta-scoped-viewer <command> [options]

Read an Okta org's System Log and users with a scoped OAuth token (an API Services app, client_credentials
with private_key_jwt, optionally DPoP). Data goes to stdout (or --output), progress to stderr.

Commands:
  logs export    Export a time range of the System Log (NDJSON or CSV)
  logs tail      Print new System Log events as NDJSON until Ctrl-C
  users list     List users (NDJSON or CSV)
  token          Show the token's type, granted scopes, expiry and key thumbprints (never the token)

Run "okta-scoped-viewer <command> --help" for a command's options.

${CONNECTION}

${EXIT_CODES}
`,
  logs: `Usage: okta-scoped-viewer logs <export|tail> [options]

  logs export    Export a time range of the System Log (NDJSON or CSV)
  logs tail      Print new System Log events as NDJSON until Ctrl-C

Both need the okta.logs.read scope and an admin role on the app that may read the System Log.

${EXIT_CODES}
`,
  'logs export': `Usage: okta-scoped-viewer logs export [--since ISO] [--until ISO] [--filter SCIM] [--q WORDS]
                                       [--format ndjson|csv] [--output FILE] [connection options]

Reads the bounded query to its end (Okta's next links, 1000 events a page), writing each page as it arrives.
A 429 waits for Okta's reset (a countdown on stderr) and the same page is asked for again.

  --since ISO       Start, e.g. 2026-12-01T00:00:00Z (default: 7 days before --until)
  --until ISO       End (default: now)
  --filter SCIM     Okta's filter expression, e.g. eventType eq "user.session.start"
  --q WORDS         Keywords, all of which must match (at most 10, each at most 40 characters)
  --format FORMAT   ndjson (default) or csv (cells that a spreadsheet would run as a formula are neutralised)
  --output FILE     Write to FILE instead of stdout

${CONNECTION}

${EXIT_CODES}
`,
  'logs tail': `Usage: okta-scoped-viewer logs tail [--filter SCIM] [--q WORDS] [connection options]

Polls the System Log from now and prints each new event as one NDJSON line, until Ctrl-C. Polls are at least
10 s apart and spend at most half of the remaining rate budget per minute; a spent budget pauses until the reset.

  --filter SCIM     Okta's filter expression
  --q WORDS         Keywords, all of which must match

${CONNECTION}

${EXIT_CODES}
`,
  users: `Usage: okta-scoped-viewer users list [options]

  users list     List users (NDJSON or CSV); needs okta.users.read

${EXIT_CODES}
`,
  'users list': `Usage: okta-scoped-viewer users list [--search SCIM] [--q PREFIX] [--format ndjson|csv] [--output FILE]
                                     [connection options]

  --search SCIM     Okta's search expression, e.g. profile.department eq "Sales" (includes DEPROVISIONED users)
  --q PREFIX        Name or email starts with (Okta leaves out deactivated users and does not page)
  --format FORMAT   ndjson (default) or csv
  --output FILE     Write to FILE instead of stdout

${CONNECTION}

${EXIT_CODES}
`,
  token: `Usage: okta-scoped-viewer token [connection options]

Gets a token as the commands do and shows its type (Bearer or DPoP), the granted scopes, the expiry and the
thumbprints of the client key and of the DPoP key. The token itself is never printed.

${CONNECTION}

${EXIT_CODES}
`,
};
