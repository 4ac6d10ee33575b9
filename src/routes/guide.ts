import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { runConfigDoctor } from '../auth/config-doctor.ts';
import type { AppConfig } from '../config.ts';
import { OktaClientError, type ProbeOptions, type ProbeResult, probeOkta } from '../okta/index.ts';
import type { SandboxControls } from '../sandbox-console/controls.ts';
import { cliExportCommand, oktaYamlText } from '../teaching/cli-config.ts';
import { envFileText } from '../teaching/env-file.ts';
import { GUIDE_STEP_IDS, guideVerdicts } from '../teaching/guide-steps.ts';
import { SCOPE_ROLES } from '../teaching/scope-roles.ts';
import { serviceAppFacts, serviceAppVerdicts } from '../teaching/service-app-steps.ts';
import {
  COMPARISON_ENDPOINTS,
  COMPARISON_FACTS,
  type ComparisonCell,
  comparisonCell,
  maskToken,
} from '../teaching/token-comparison.ts';

/** Options of {@link guideRoutes}. */
export interface GuideRoutesOptions {
  config: AppConfig;
  /**
   * In sandbox mode: the SSWS token for the live comparison comes from here, and the service-app steps are checked
   * against the sandbox's API Services app as the console shows it.
   */
  controls?: SandboxControls | undefined;
}

interface ComparisonRow {
  path: string;
  scope: string;
  ssws: ComparisonCell;
  scoped: ComparisonCell | null;
}

/**
 * `/guide`: setting up a real org step by step, each step marked verified when the config doctor or the sign-in
 * proves it; and the SSWS-versus-scoped comparison, run live against the sandbox (`POST /guide/compare`).
 */
export const guideRoutes: FastifyPluginAsync<GuideRoutesOptions> = async (app, { config, controls }) => {
  const live = config.okta.sandbox && controls !== undefined;

  async function render(request: FastifyRequest, reply: FastifyReply, comparison: ComparisonRow[] | null) {
    const signedIn = Boolean(request.session.user && request.session.tokens);
    const realOrg = config.okta.sandbox ? null : { orgUrl: config.okta.orgUrl.origin, clientId: config.okta.clientId };
    const checks = await runConfigDoctor(config, app.auth.org, request.session.tokens?.grantedScopes);
    const state = live && controls ? controls.state() : undefined;
    const service = state ? serviceAppFacts(state.serviceApp, state.roles) : undefined;
    const cli = {
      orgUrl: config.okta.orgUrl.origin,
      clientId: service?.clientId ?? null,
      keyId: service?.keyIds[0] ?? null,
      dpop: service?.requireDpop === true,
    };
    return reply.render('guide', {
      title: 'Guide',
      stylesheet: 'teach',
      steps: GUIDE_STEP_IDS,
      verdicts: guideVerdicts(checks, signedIn, config.redirectUri),
      serviceVerdicts: serviceAppVerdicts(service),
      serviceChecked: service !== undefined,
      oktaYaml: oktaYamlText(cli),
      cliCommand: cliExportCommand(cli),
      redirectUri: config.redirectUri,
      postLogoutRedirectUri: config.postLogoutRedirectUri,
      envText: envFileText(config.appBaseUrl.origin, realOrg),
      scopeRoles: SCOPE_ROLES,
      facts: COMPARISON_FACTS,
      demo: live && controls ? { maskedToken: maskToken(controls.apiToken()), formToken: reply.generateCsrf() } : null,
      signedIn,
      comparison,
    });
  }

  app.get('/guide', async (request, reply) => render(request, reply, null));
  if (!live || !controls) return;

  async function attempt(options: Omit<ProbeOptions, 'orgUrl' | 'dispatcher'>): Promise<ProbeResult | null> {
    try {
      return await probeOkta({
        timeoutMs: config.oktaCallTimeoutMs,
        ...options,
        orgUrl: config.okta.orgUrl.origin,
        dispatcher: app.outbound,
      });
    } catch (error) {
      if (error instanceof OktaClientError) return null;
      throw error;
    }
  }

  app.post('/guide/compare', { preHandler: app.csrfProtection }, async (request, reply) => {
    const signedIn = Boolean(request.session.user && request.session.tokens);
    const rows: ComparisonRow[] = [];
    // One deadline for the whole comparison: eight calls one after another must not add up to eight timeouts.
    const deadline = Date.now() + config.oktaCallTimeoutMs;
    // One endpoint at a time: a teaching demo has no reason to burst against the rate limits.
    for (const endpoint of COMPARISON_ENDPOINTS) {
      const ssws = await attempt({ path: endpoint.path, deadline, credentials: { apiToken: controls.apiToken() } });
      const scoped = signedIn
        ? await attempt({
            path: endpoint.path,
            deadline,
            credentials: app.auth.oktaCredentials(request),
          })
        : undefined;
      rows.push({
        path: endpoint.path,
        scope: endpoint.scope,
        ssws: comparisonCell(ssws),
        scoped: scoped === undefined ? null : comparisonCell(scoped),
      });
    }
    return render(request, reply, rows);
  });
};
