import type { FastifyPluginAsync } from 'fastify';
import { safeReturnTo } from '../auth/return-to.ts';
import type { AppConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import {
  applyChange,
  type ConsoleChange,
  type ConsoleNotice,
  explainChange,
  refusal,
} from '../sandbox-console/changes.ts';
import {
  CONSOLE_APPS,
  type ConsoleApp,
  FAULT_ENDPOINTS,
  FAULT_KINDS,
  FAULT_LABELS,
  type FaultEndpoint,
  type FaultKind,
  type SandboxControls,
} from '../sandbox-console/controls.ts';
import { CONSOLE_REQUEST_ROWS, requestRows } from '../sandbox-console/request-rows.ts';

declare module 'fastify' {
  interface Session {
    /** What the sandbox console says after a change, shown once on the next GET /sandbox. */
    sandboxNotice?: ConsoleNotice | undefined;
  }
}

/** Options of {@link sandboxConsoleRoutes}. */
export interface SandboxConsoleOptions {
  config: AppConfig;
  controls?: SandboxControls | undefined;
}

type Form = Record<string, string | undefined>;

const text = { type: 'string', maxLength: 200 } as const;
const formSchema = (required: readonly string[], properties: Record<string, object>) => ({
  type: 'object',
  required,
  properties: { ...properties, _csrf: text, returnTo: { type: 'string', maxLength: 2048 } },
});

const CHANGES: readonly { path: string; schema: object; change: (form: Form) => ConsoleChange }[] = [
  {
    path: '/sandbox/scopes',
    schema: formSchema(['scope', 'granted'], { scope: text, granted: { enum: ['true', 'false'] } }),
    change: (form) => ({ kind: 'scope', scope: form.scope ?? '', granted: form.granted === 'true' }),
  },
  {
    path: '/sandbox/roles',
    schema: formSchema(['userId', 'role'], { userId: text, role: text }),
    change: (form) => ({ kind: 'role', userId: form.userId ?? '', role: form.role ? form.role : null }),
  },
  {
    path: '/sandbox/assignments',
    schema: formSchema(['userId', 'assigned'], { userId: text, assigned: { enum: ['true', 'false'] } }),
    change: (form) => ({ kind: 'assignment', userId: form.userId ?? '', assigned: form.assigned === 'true' }),
  },
  { path: '/sandbox/rate-limits', schema: formSchema([], {}), change: () => ({ kind: 'rate-limits' }) },
  {
    path: '/sandbox/require-dpop',
    schema: formSchema(['app', 'required'], {
      app: { enum: [...CONSOLE_APPS] },
      required: { enum: ['true', 'false'] },
    }),
    change: (form) => ({ kind: 'require-dpop', app: form.app as ConsoleApp, required: form.required === 'true' }),
  },
  {
    path: '/sandbox/service-app/scopes',
    schema: formSchema(['scope', 'granted'], { scope: text, granted: { enum: ['true', 'false'] } }),
    change: (form) => ({ kind: 'service-scope', scope: form.scope ?? '', granted: form.granted === 'true' }),
  },
  {
    path: '/sandbox/service-app/role',
    schema: formSchema(['role'], { role: text }),
    change: (form) => ({ kind: 'service-role', role: form.role ? form.role : null }),
  },
  {
    path: '/sandbox/faults',
    schema: formSchema(['endpoint', 'fault'], {
      endpoint: { enum: [...FAULT_ENDPOINTS] },
      fault: { enum: ['off', ...FAULT_KINDS] },
    }),
    change: (form) => ({
      kind: 'fault',
      endpoint: form.endpoint as FaultEndpoint,
      fault: form.fault === 'off' ? null : (form.fault as FaultKind),
    }),
  },
];

function invalidChange(why: string): AppError {
  return new AppError({
    status: 400,
    code: 'SANDBOX_CHANGE_INVALID',
    title: 'The sandbox cannot make this change',
    whatHappened: why,
    whatToDo: 'Use the buttons of the sandbox console.',
    action: { label: 'Sandbox console', href: '/sandbox' },
  });
}

/**
 * `/sandbox`, the sandbox console: the "Okta Admin Console" of the local sandbox org. It changes scopes, admin roles,
 * assignments, rate limits and faults, and says what to do next. Registered only in sandbox mode; open without
 * sign-in (it administers a local emulator), but every change is a POST with a CSRF token.
 */
export const sandboxConsoleRoutes: FastifyPluginAsync<SandboxConsoleOptions> = async (app, { config, controls }) => {
  if (!config.okta.sandbox || !controls) return;

  app.get<{ Querystring: { returnTo?: string } }>('/sandbox', async (request, reply) => {
    const notice = request.session.sandboxNotice ?? null;
    if (notice) request.session.sandboxNotice = undefined;
    const returnTo = safeReturnTo(request.query.returnTo);
    const received = controls.recentRequests(CONSOLE_REQUEST_ROWS);
    return reply.render('sandbox-console', {
      title: 'Sandbox console',
      stylesheet: 'teach',
      state: controls.state(),
      requests: {
        rows: requestRows(received.requests),
        max: CONSOLE_REQUEST_ROWS,
        latest: received.latest,
        url: received.url,
      },
      refreshHref:
        returnTo === '/'
          ? '/sandbox#console-requests'
          : `/sandbox?returnTo=${encodeURIComponent(returnTo)}#console-requests`,
      notice,
      returnTo,
      signInHref: `/login?returnTo=${encodeURIComponent(returnTo)}`,
      faultLabels: FAULT_LABELS,
      formToken: reply.generateCsrf(),
    });
  });

  for (const route of CHANGES) {
    app.post<{ Body: Form }>(
      route.path,
      { preHandler: app.csrfProtection, schema: { body: route.schema } },
      async (request, reply) => {
        const change = route.change(request.body);
        const why = refusal(change, controls.state());
        if (why) throw invalidChange(why);
        applyChange(controls, change);
        // The app's rate brake remembers what Okta last said; a reset or a fault switched off here makes that
        // stale, and the page the person goes back to should see the sandbox as it is now.
        if (change.kind === 'rate-limits' || change.kind === 'fault') await app.okta.forgetBudgets();
        request.log.info({ sandboxChange: change }, 'sandbox console change');
        const viewer = request.viewer
          ? { login: request.viewer.login, grantedScopes: request.viewer.grantedScopes }
          : null;
        request.session.sandboxNotice = explainChange(change, controls.state(), viewer);
        const returnTo = safeReturnTo(request.body.returnTo);
        return reply.redirect(returnTo === '/' ? '/sandbox' : `/sandbox?returnTo=${encodeURIComponent(returnTo)}`, 303);
      },
    );
  }
};
