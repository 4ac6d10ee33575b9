import type { FastifyPluginAsync } from 'fastify';
import { runConfigDoctor } from '../auth/config-doctor.ts';
import type { AppConfig } from '../config.ts';

/** `GET /setup`: the config doctor, each check with the Okta console setting or variable that fixes it. */
export const setupRoutes: FastifyPluginAsync<{ config: AppConfig }> = async (app, { config }) => {
  app.get('/setup', async (request, reply) => {
    const checks = await runConfigDoctor(config, app.auth.org, request.session.tokens?.grantedScopes);
    return reply.render('setup', {
      title: 'Setup',
      checks,
      failures: checks.filter((check) => check.status === 'fail').length,
      redirectUri: config.redirectUri,
      postLogoutRedirectUri: config.postLogoutRedirectUri,
    });
  });
};
