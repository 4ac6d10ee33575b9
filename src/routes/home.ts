import type { FastifyPluginAsync } from 'fastify';

/** The sandbox org's seeded accounts, shown on the home page so visitors know how to sign in. */
export interface SandboxInfo {
  accounts: { login: string; purpose: string }[];
  password: string;
}

/** Options of {@link homeRoutes}. */
export interface HomeRoutesOptions {
  sandbox?: SandboxInfo | undefined;
}

const AREAS = [
  {
    href: '/logs',
    label: 'System Log',
    scope: 'okta.logs.read',
    blurb: 'Events in your org: sign-ins, changes, API calls.',
  },
  { href: '/users', label: 'Users', scope: 'okta.users.read', blurb: 'People in your directory and their status.' },
];

/** `GET /`: what the app is; sign-in button, or links to the areas the token's scopes allow. */
export const homeRoutes: FastifyPluginAsync<HomeRoutesOptions> = async (app, { sandbox }) => {
  app.get<{ Querystring: { state?: string } }>('/', async (request, reply) => {
    const granted = request.viewer?.grantedScopes ?? [];
    return reply.render('home', {
      title: 'Home',
      // Okta's end-session endpoint comes back to the post-logout URI with the state the app sent.
      signedOut: !request.viewer && request.query.state === 'signed-out',
      areas: AREAS.map((area) => ({ ...area, granted: granted.includes(area.scope) })),
      sandboxAccounts: sandbox?.accounts ?? [],
      sandboxPassword: sandbox?.password ?? null,
    });
  });
};
