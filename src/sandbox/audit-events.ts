import type { IncomingMessage } from 'node:http';
import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';
import { buildLogEvent } from './log-event-factory.ts';
import type { LoginOutcome } from './login-interaction.ts';
import type { LogActor, LogTarget } from './okta-types.ts';
import type { SandboxOrg } from './org.ts';
import { requestContext } from './request-context.ts';
import type { ScopeDecision } from './scope-policy.ts';

/** Writes what the sandbox's authorization server does into its System Log, as Okta's org would. */
export class AuditTrail {
  constructor(private readonly org: SandboxOrg) {}

  #userActor(userId: string | undefined, fallbackLogin = 'unknown'): LogActor {
    const user = userId ? this.org.directory.find(userId) : undefined;
    if (!user)
      return { id: 'unknown', type: 'User', alternateId: fallbackLogin, displayName: 'Unknown', detailEntry: null };
    const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
    return { id: user.id, type: 'User', alternateId: user.profile.login, displayName: name, detailEntry: null };
  }

  #appActor(clientId: string): LogActor {
    const label =
      clientId === this.org.webApp.clientId
        ? this.org.webApp.label
        : clientId === this.org.serviceApp.clientId
          ? this.org.serviceApp.label
          : clientId;
    return { id: clientId, type: 'PublicClientApp', alternateId: label, displayName: label, detailEntry: null };
  }

  #appTarget(clientId: string): LogTarget {
    return { ...this.#appActor(clientId), type: 'AppInstance' };
  }

  login(outcome: LoginOutcome, req: IncomingMessage): void {
    this.org.systemLog.append(
      buildLogEvent({
        eventType: 'user.session.start',
        displayMessage: 'User login to Okta',
        actor: outcome.account
          ? this.#userActor(outcome.account.userId)
          : this.#userActor(undefined, outcome.login || 'unknown'),
        outcome: { result: outcome.result, reason: outcome.reason ?? null },
        request: requestContext(req),
        clientId: outcome.clientId,
        debugData: { requestUri: '/login' },
      }),
    );
  }

  scopeDecision(decision: ScopeDecision, req: IncomingMessage): void {
    if (!decision.refused && decision.dropped.length === 0) return;
    this.org.systemLog.append(
      buildLogEvent({
        eventType: 'app.oauth2.authorize.code',
        displayMessage: 'OIDC authorization code request',
        actor: this.#appActor(decision.clientId),
        target: [this.#appTarget(decision.clientId)],
        outcome: decision.refused
          ? { result: 'FAILURE', reason: decision.refused.error }
          : { result: 'SUCCESS', reason: `Scopes not granted to the app were removed: ${decision.dropped.join(' ')}` },
        request: requestContext(req),
        clientId: decision.clientId,
        debugData: { requestedScopes: decision.requested.join(' '), droppedScopes: decision.dropped.join(' ') },
      }),
    );
  }

  /** Subscribes to oidc-provider's events. */
  listen(provider: Provider): void {
    provider.on('authorization.success', (ctx: KoaContextWithOIDC) => {
      const clientId = ctx.oidc.client?.clientId ?? 'unknown';
      this.org.systemLog.append(
        buildLogEvent({
          eventType: 'app.oauth2.authorize.code',
          displayMessage: 'OIDC authorization code request',
          actor: this.#userActor(ctx.oidc.session?.accountId),
          target: [this.#appTarget(clientId)],
          outcome: { result: 'SUCCESS' },
          request: requestContext(ctx.req),
          clientId,
          debugData: { grantedScopes: [...(ctx.oidc.grant?.getOIDCScopeFiltered(new Set()) ?? [])].join(' ') },
          sessionId: ctx.oidc.session?.uid ?? null,
        }),
      );
    });
    provider.on('authorization.error', (ctx: KoaContextWithOIDC, error: { error?: string; message?: string }) => {
      const clientId = ctx.oidc?.client?.clientId ?? 'unknown';
      this.org.systemLog.append(
        buildLogEvent({
          eventType: 'app.oauth2.authorize.code',
          displayMessage: 'OIDC authorization code request',
          actor: this.#userActor(ctx.oidc?.session?.accountId),
          target: [this.#appTarget(clientId)],
          outcome: { result: 'FAILURE', reason: error.error ?? 'invalid_request' },
          request: requestContext(ctx.req),
          clientId,
        }),
      );
    });
    provider.on('grant.success', (ctx: KoaContextWithOIDC) => {
      const clientId = ctx.oidc.client?.clientId ?? 'unknown';
      const grantType = String(ctx.oidc.params?.grant_type ?? '');
      const body = (ctx.body ?? {}) as { scope?: string; refresh_token?: string };
      const accountId = ctx.oidc.account?.accountId;
      const actor = accountId ? this.#userActor(accountId) : this.#appActor(clientId);
      const common = {
        actor,
        target: [this.#appTarget(clientId)],
        outcome: { result: 'SUCCESS' },
        request: requestContext(ctx.req),
        clientId,
        debugData: { grantType, grantedScopes: body.scope ?? '' },
      };
      this.org.systemLog.append(
        buildLogEvent({
          ...common,
          eventType: 'app.oauth2.token.grant.access_token',
          displayMessage: 'OIDC access token is granted',
        }),
      );
      if (body.refresh_token) {
        this.org.systemLog.append(
          buildLogEvent({
            ...common,
            eventType: 'app.oauth2.token.grant.refresh_token',
            displayMessage: 'OIDC refresh token is granted',
          }),
        );
      }
    });
    provider.on('grant.error', (ctx: KoaContextWithOIDC, error: { error?: string }) => {
      const clientId = ctx.oidc?.client?.clientId ?? 'unknown';
      this.org.systemLog.append(
        buildLogEvent({
          eventType: 'app.oauth2.token.grant.access_token',
          displayMessage: 'OIDC access token is granted',
          actor: this.#appActor(clientId),
          target: [this.#appTarget(clientId)],
          outcome: { result: 'FAILURE', reason: error.error ?? 'invalid_request' },
          request: requestContext(ctx.req),
          clientId,
          debugData: { grantType: String(ctx.oidc?.params?.grant_type ?? '') },
        }),
      );
    });
    provider.on('end_session.success', (ctx: KoaContextWithOIDC) => {
      this.org.systemLog.append(
        buildLogEvent({
          eventType: 'user.session.end',
          displayMessage: 'User logout from Okta',
          actor: this.#userActor(ctx.oidc.session?.accountId),
          outcome: { result: 'SUCCESS' },
          request: requestContext(ctx.req),
        }),
      );
    });
  }

  tokenRevoked(clientId: string, req: IncomingMessage): void {
    this.org.systemLog.append(
      buildLogEvent({
        eventType: 'app.oauth2.token.revoke',
        displayMessage: 'OAuth2 token revocation request',
        actor: this.#appActor(clientId),
        target: [this.#appTarget(clientId)],
        outcome: { result: 'SUCCESS' },
        request: requestContext(req),
        clientId,
      }),
    );
  }
}
