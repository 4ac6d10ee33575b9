import { AppError, type AppErrorOptions } from '../errors.ts';
import {
  InsufficientScopeError,
  InvalidQueryError,
  NotFoundError,
  OktaAbortError,
  type OktaClientError,
  OktaUnavailableError,
  PermissionDeniedError,
  RateLimitedError,
  ResponseTooLargeError,
} from '../okta/index.ts';
import { resetTime } from '../text/reset-time.ts';
import { SCOPE_ROLES } from './scope-roles.ts';

/** "Reading the System Log (GET /api/v1/logs) needs one of: …" for every scope the app asks for. */
const ROLE_NEEDS = SCOPE_ROLES.map((entry) => `Reading ${entry.reads} needs one of: ${entry.roles.join(', ')}.`).join(
  ' ',
);

export interface PageContext {
  /** The page to come back to (for "Sign in again" links). */
  returnTo: string;
  sandbox: boolean;
  /** The deadline of one Okta call (`OKTA_CALL_TIMEOUT_SECONDS`), named on the "slow to answer" page. */
  callTimeoutMs?: number;
  /** The time the page is rendered at (epoch ms; default now): a reset already past reads "now". */
  now?: number;
}

function grantSteps(scope: string, context: PageContext): string[] {
  return [
    context.sandbox
      ? `In the sandbox console, grant ${scope} to the web app (in a real org: Admin Console → Applications → this app → "Okta API Scopes" → Grant ${scope}; only a Super Administrator can grant scopes).`
      : `In the Okta Admin Console, open Applications → this app → "Okta API Scopes" and Grant ${scope} (only a Super Administrator can grant scopes).`,
    'Sign out of this app and sign in again: the scopes of an access token are fixed when Okta issues it.',
  ];
}

function signInAgain(context: PageContext) {
  return { label: 'Sign in again', href: `/login?returnTo=${encodeURIComponent(context.returnTo)}` };
}

/** In sandbox mode the fix is one click away: the console, which offers "Sign in again" back to this page. */
function fixIt(context: PageContext) {
  return context.sandbox
    ? { label: 'Open the sandbox console', href: `/sandbox?returnTo=${encodeURIComponent(context.returnTo)}` }
    : signInAgain(context);
}

/** The session's token was issued without `scope`: say so without calling Okta. */
/**
 * A HEAD request to a page that reads from Okta. Fastify answers HEAD with the GET handler, which would spend an
 * Okta API call (from a budget of about ten a minute) on a body that is never sent.
 */
export function headNotSupportedError(): AppError {
  return new AppError({
    status: 405,
    code: 'HEAD_NOT_SUPPORTED',
    title: 'HEAD is not supported here',
    whatHappened:
      'This page reads from Okta each time it is requested; a HEAD request would spend an Okta API call for nothing.',
    whatToDo: 'Request the page with GET.',
    headers: { allow: 'GET' },
  });
}

export function scopeNotGrantedError(scope: string, granted: readonly string[], context: PageContext): AppError {
  const lesson = SCOPE_ROLES.find((entry) => entry.scope === scope);
  return new AppError({
    status: 403,
    code: 'SCOPE_NOT_GRANTED',
    title: `The token does not carry ${scope}`,
    whatHappened: `Reading ${lesson?.reads ?? 'this'} needs the Okta API scope ${scope}, and Okta did not grant it when you signed in. The app did not call Okta: the answer would be 403 insufficient_scope.`,
    whatToDo: 'Grant the scope to the app, then sign in again.',
    steps: grantSteps(scope, context),
    details: { 'Scopes in your token': granted.join(' ') || '(none)', 'Scope needed': scope },
    action: fixIt(context),
  });
}

function mebibytes(bytes: number): string {
  const value = bytes / (1024 * 1024);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} MiB`;
}

type Common = Pick<AppErrorOptions, 'supportReference' | 'cause'>;

/**
 * The page when the app's rate brake kept the call from Okta: the budget every user of the app shares is spent, so
 * the call would only have been refused. Nothing was sent, so there is no support reference or attempt count.
 */
function budgetSpentPage(
  error: RateLimitedError,
  context: PageContext,
  base: Omit<AppErrorOptions, 'title' | 'whatHappened' | 'whatToDo'>,
): AppError {
  const now = context.now ?? Date.now();
  const resetMs = error.resetAt?.getTime() ?? now;
  const reset = resetTime(resetMs, now);
  const until =
    reset.kind === 'later' ? `until ${reset.clock}` : `for ${reset.text === 'now' ? 'a moment' : 'a few more seconds'}`;
  const per = error.limit === undefined ? '' : ` (${error.limit} calls per minute for this app)`;
  const seconds = Math.max(1, Math.ceil((resetMs - now) / 1000));
  return new AppError({
    ...base,
    code: 'OKTA_BUDGET_SPENT',
    headers: { 'retry-after': String(seconds) },
    title: `Okta's rate limit is used up ${until}`,
    whatHappened: `The app did not call Okta: the shared budget is spent ${until}. Every user of this app draws on one rate budget per Okta endpoint${per}, and Okta has said none is left before its reset; another call now would only be refused with 429.`,
    whatToDo: `Try again ${reset.kind === 'later' ? `after ${reset.clock}` : reset.text}. ${CACHED_PAGES}`,
    details: reset.kind === 'later' ? { 'Resets at (UTC)': reset.clock } : { Resets: reset.text },
  });
}

/** What a person can still see while the budget is spent (src/logs/page-cache.ts: fresh 60 s, kept 15 minutes). */
const CACHED_PAGES =
  'System Log pages seen in the last minute come from the cache without calling Okta, and a page seen in the last 15 minutes is shown, with a note, until the budget is back.';

/** The 429 page. A reset already past (Okta's header can say so) reads "now", never a time gone by. */
function rateLimitedPage(error: RateLimitedError, context: PageContext, common: Common): AppError {
  const share =
    error.limit === 0
      ? "too many of this app's requests were in flight at once (the concurrent-request limit)"
      : `this app used its share of the rate limit for this endpoint${error.limit !== undefined ? ` (${error.limit} requests per minute)` : ''}`;
  const base = {
    ...common,
    status: 429,
    code: 'OKTA_RATE_LIMITED',
    action: { label: 'Try again', href: context.returnTo },
  };
  if (error.reason === 'budget-spent') return budgetSpentPage(error, context, base);
  const attempts = { Attempts: String(error.attempts) };
  if (error.resetAt === undefined) {
    return new AppError({
      ...base,
      title: "Okta's rate limit is used up",
      whatHappened: `Okta answered 429: ${share}. It did not say when the budget resets.`,
      whatToDo: `Try again in a minute. ${CACHED_PAGES}`,
      details: attempts,
    });
  }
  const reset = resetTime(error.resetAt, context.now ?? Date.now());
  if (reset.kind === 'later') {
    return new AppError({
      ...base,
      title: `Okta's rate limit is used up until ${reset.clock}`,
      whatHappened: `Okta answered 429: ${share}. The budget resets at ${reset.clock}.`,
      whatToDo: `Try again after ${reset.clock}. ${CACHED_PAGES}`,
      details: { 'Resets at (UTC)': reset.clock, ...attempts },
    });
  }
  return new AppError({
    ...base,
    title:
      reset.kind === 'due'
        ? "Okta's rate limit was used up; it has reset by now"
        : "Okta's rate limit is used up for a few more seconds",
    whatHappened: `Okta answered 429: ${share}. The budget resets ${reset.text}.`,
    whatToDo: `Try again ${reset.text}. ${CACHED_PAGES}`,
    details: { Resets: reset.text, ...attempts },
  });
}

/** Turns an error from src/okta into a page that says what happened and what to do. */
export function oktaErrorPage(error: OktaClientError, context: PageContext): AppError {
  const reference = error.errorId ?? error.requestId;
  const common = {
    ...(reference ? { supportReference: reference } : {}),
    cause: error,
  };
  if (error instanceof InsufficientScopeError) {
    const scope = error.requiredScopes[0] ?? 'the required scope';
    return new AppError({
      ...common,
      status: 403,
      code: 'OKTA_INSUFFICIENT_SCOPE',
      title: `Okta says the token lacks ${scope}`,
      whatHappened: `Okta refused ${error.resource ?? 'the request'} with 403 insufficient_scope: the access token does not carry ${scope}.`,
      whatToDo: 'Grant the scope to the app, then sign in again.',
      steps: grantSteps(scope, context),
      evidence: { label: 'What Okta sent (WWW-Authenticate)', text: error.challenge },
      action: fixIt(context),
    });
  }
  if (error instanceof PermissionDeniedError) {
    return new AppError({
      ...common,
      status: 403,
      code: 'OKTA_ADMIN_ROLE_DENIED',
      title: 'Your Okta admin role does not allow this',
      whatHappened:
        'The token carries the right scope, but Okta also checks the signed-in user\'s admin role, and that role may not read this. A scope never gives more than the user could do in the Admin Console ("effective permission = granted scope ∩ admin role").',
      whatToDo: `Sign in as a user whose admin role allows it, or ask a Super Administrator to assign one (Security → Administrators). ${ROLE_NEEDS}`,
      ...(context.sandbox
        ? {
            steps: [
              'In the sandbox console, give your account a role that may read this (e.g. Read-only Administrator); Okta checks roles on every call, so it applies at once.',
              'Come back to this page and reload it: no new sign-in is needed.',
            ],
          }
        : {}),
      details: { 'Okta error': `${error.errorCode ?? 'E0000006'}: ${error.errorSummary ?? 'permission denied'}` },
      action: fixIt(context),
    });
  }
  if (error instanceof RateLimitedError) return rateLimitedPage(error, context, common);
  if (error instanceof ResponseTooLargeError) {
    return new AppError({
      ...common,
      status: 502,
      code: 'OKTA_RESPONSE_TOO_LARGE',
      title: 'Okta sent an unexpectedly large response',
      whatHappened: `Okta's answer was larger than ${mebibytes(error.limitBytes)}, far more than any page Okta sends (at most 1000 System Log events or 200 users). The app stopped reading it at that point, closed the connection and did not use it.`,
      whatToDo:
        'Try again. If it keeps happening, something between this app and Okta (a proxy set in HTTPS_PROXY, a TLS-inspecting gateway) may be altering responses: give the support reference to whoever runs this app.',
      details: {
        'Largest answer the app reads': mebibytes(error.limitBytes),
        ...(error.declaredBytes === undefined ? {} : { 'Size Okta announced': mebibytes(error.declaredBytes) }),
      },
      action: { label: 'Try again', href: context.returnTo },
    });
  }
  if (error instanceof OktaUnavailableError || error instanceof OktaAbortError) {
    const slow = error instanceof OktaUnavailableError && (error.reason === 'timeout' || error.reason === 'deadline');
    const seconds = context.callTimeoutMs === undefined ? undefined : Math.round(context.callTimeoutMs / 1000);
    let whatHappened = 'Okta did not answer in time, or the connection failed.';
    if (error instanceof OktaUnavailableError && error.reason === 'server-error') {
      whatHappened = `Okta answered with an error (${error.status ?? '5xx'}).`;
    } else if (slow) {
      whatHappened = `Okta did not finish answering in time${seconds === undefined ? '' : ` (the app waits at most ${seconds} s for each call, set by OKTA_CALL_TIMEOUT_SECONDS)`}, so the app stopped waiting and closed the connection.`;
    }
    return new AppError({
      ...common,
      status: slow ? 504 : 502,
      code: 'OKTA_UNAVAILABLE',
      title: slow ? 'Okta is slow to answer' : 'Okta could not be reached',
      whatHappened,
      whatToDo:
        "Try again in a minute. If it keeps failing, check Okta's status page and this server's network or proxy.",
      action: { label: 'Try again', href: context.returnTo },
    });
  }
  if (error instanceof NotFoundError) {
    return new AppError({
      ...common,
      status: 404,
      code: 'OKTA_NOT_FOUND',
      title: 'Not found in Okta',
      whatHappened: 'Okta has no such object, or it is not visible to your admin role.',
      whatToDo: 'Check the link, or search again.',
    });
  }
  if (error instanceof InvalidQueryError) {
    return new AppError({
      ...common,
      status: 400,
      code: 'OKTA_INVALID_QUERY',
      title: 'Okta did not accept the query',
      whatHappened: error.errorSummary ?? error.message,
      whatToDo: 'Change the query and try again.',
      ...(error.errorCauses.length > 0 ? { steps: error.errorCauses.map((cause) => cause.errorSummary) } : {}),
    });
  }
  return new AppError({
    ...common,
    status: 502,
    code: error.code,
    title: 'Okta gave an answer the app cannot use',
    whatHappened: 'The response from Okta was not what its API documents, so the app did not use it.',
    whatToDo: 'Try again. If it keeps happening, give the support reference to whoever runs this app.',
  });
}
