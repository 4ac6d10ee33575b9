import * as oidc from 'openid-client';
import { AppError } from '../errors.ts';

export const SIGN_IN_AGAIN = { label: 'Sign in again', href: '/login' } as const;

/** Okta redirected back with `error=` (RFC 6749 §4.1.2.1): the sign-in was refused before any token existed. */
export class LoginRefusedError extends AppError {}
/** The callback's `state` matches no sign-in started in this browser: replayed, forged or from another browser. */
export class UnknownLoginStateError extends AppError {}
/** The sign-in took longer than the transaction lifetime. */
export class LoginExpiredError extends AppError {}
/** Okta's token endpoint refused to redeem the code. */
export class TokenRequestRefusedError extends AppError {}
/** The answer from Okta failed a check (state, issuer, nonce, ID-token signature, audience or times). */
export class LoginResponseRejectedError extends AppError {}
/** The org authorization server could not be reached or did not answer like one. */
export class OktaUnreachableError extends AppError {}

/** Advice for each `error` code Okta may put on the redirect back to the app. */
const REFUSAL_ADVICE: Record<string, { title: string; whatToDo: string }> = {
  access_denied: {
    title: 'Okta denied the sign-in',
    whatToDo:
      'If Okta says the user is not assigned to the client application, an Okta admin assigns the user (or a group) on the app\'s "Assignments" tab (Applications → your app → Assignments). If you cancelled, sign in again.',
  },
  consent_required: {
    title: 'None of the requested Okta API scopes is granted to the app',
    whatToDo:
      'A super admin grants okta.logs.read and okta.users.read on the app\'s "Okta API Scopes" tab (Applications → your app → Okta API Scopes → Grant). Then sign in again.',
  },
  invalid_scope: {
    title: 'Okta refused a requested scope',
    whatToDo:
      'Okta API scopes (okta.*) can only come from the org authorization server: OKTA_ORG_URL must be the org URL itself (https://your-org.okta.com), not a custom authorization server such as /oauth2/default. Also check OKTA_SCOPES for typos.',
  },
  login_required: {
    title: 'Okta needs you to sign in',
    whatToDo: 'Sign in again; Okta will show its sign-in page.',
  },
  interaction_required: {
    title: 'Okta needs you to complete a step',
    whatToDo: 'Sign in again and complete what Okta asks (for example multifactor verification).',
  },
  unauthorized_client: {
    title: 'The app may not use this sign-in flow',
    whatToDo:
      'In Okta, the app must be an OIDC Web Application with the Authorization Code grant type enabled (Applications → your app → General).',
  },
  invalid_request: {
    title: 'Okta found the sign-in request invalid',
    whatToDo:
      'Check that the sign-in redirect URI registered for the app (Applications → your app → General → Sign-in redirect URIs) is exactly APP_BASE_URL followed by /authorization-code/callback, then sign in again.',
  },
  user_canceled_request: { title: 'The sign-in was cancelled', whatToDo: 'Sign in again when you are ready.' },
  temporarily_unavailable: { title: 'Okta is temporarily unavailable', whatToDo: 'Wait a minute and sign in again.' },
  server_error: { title: 'Okta had an internal error', whatToDo: 'Wait a minute and sign in again.' },
};

const CHECK_CLIENT_SECRET =
  'Check the client secret: OKTA_CLIENT_SECRET (and OKTA_CLIENT_ID) must match Applications → your app → General → Client Credentials. Restart the app after changing them.';

/** Turns whatever the sign-in callback threw into a page that says what happened and what to do. */
export function loginFailure(error: unknown, orgUrl: URL): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof oidc.AuthorizationResponseError) {
    const advice = REFUSAL_ADVICE[error.error] ?? {
      title: 'Okta refused the sign-in',
      whatToDo: 'Sign in again. If it keeps failing, give your Okta admin the error code below.',
    };
    return new LoginRefusedError({
      status: 400,
      code: `OKTA_LOGIN_${error.error.toUpperCase()}`,
      title: advice.title,
      whatHappened: 'Okta sent the browser back without a sign-in code.',
      whatToDo: advice.whatToDo,
      details: { 'Okta error': error.error, 'Okta says': error.error_description ?? '(no description)' },
      action: SIGN_IN_AGAIN,
      cause: error,
    });
  }
  if (error instanceof oidc.WWWAuthenticateChallengeError && error.status === 401) {
    // RFC 6749 §5.2: a client that sent Basic credentials gets 401 invalid_client with a WWW-Authenticate challenge,
    // which openid-client reports as a challenge instead of reading the body. A 401 here means the credentials.
    return new TokenRequestRefusedError({
      status: 502,
      code: 'OKTA_TOKEN_INVALID_CLIENT',
      title: "Okta did not accept the app's client credentials",
      whatHappened:
        "Okta's token endpoint refused to exchange the sign-in code for tokens: it did not accept the app's client id and secret.",
      whatToDo: CHECK_CLIENT_SECRET,
      details: { 'Okta error': 'invalid_client', 'HTTP status': '401 with a WWW-Authenticate challenge' },
      action: SIGN_IN_AGAIN,
      cause: error,
    });
  }
  if (error instanceof oidc.ResponseBodyError) {
    const invalidClient = error.error === 'invalid_client';
    return new TokenRequestRefusedError({
      status: 502,
      code: `OKTA_TOKEN_${error.error.toUpperCase()}`,
      title: invalidClient ? "Okta did not accept the app's client credentials" : 'Okta refused to finish the sign-in',
      whatHappened: "Okta's token endpoint refused to exchange the sign-in code for tokens.",
      whatToDo: invalidClient
        ? CHECK_CLIENT_SECRET
        : error.error === 'invalid_grant'
          ? 'The sign-in code expired, was already used, or was issued for another redirect URI. Sign in again.'
          : 'Sign in again. If it keeps failing, give your Okta admin the error code below.',
      details: { 'Okta error': error.error, 'Okta says': error.error_description ?? '(no description)' },
      action: SIGN_IN_AGAIN,
      cause: error,
    });
  }
  if (error instanceof oidc.ClientError && error.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') {
    return new LoginResponseRejectedError({
      status: 400,
      code: 'ID_TOKEN_CLOCK_SKEW',
      title: "The ID token's times do not match this server's clock",
      whatHappened: "The ID token Okta issued looks expired or not yet valid by this server's clock.",
      whatToDo: "Check that this server's clock is synchronised (NTP), then sign in again.",
      action: SIGN_IN_AGAIN,
      cause: error,
    });
  }
  if (error instanceof oidc.ClientError && isUnreachable(error.cause)) return unreachable(orgUrl, error);
  if (error instanceof oidc.ClientError) {
    return new LoginResponseRejectedError({
      status: 400,
      code: 'OKTA_RESPONSE_REJECTED',
      title: "Okta's answer failed a security check",
      whatHappened:
        'The answer to this sign-in did not pass the checks that protect it (state, issuer, nonce, ID-token signature, audience or expiry), so it was not used.',
      whatToDo: 'Sign in again. If it keeps failing, check that OKTA_ORG_URL is exactly your org URL.',
      details: { Check: error.code ?? 'unknown' },
      action: SIGN_IN_AGAIN,
      cause: error,
    });
  }
  if (isUnreachable(error)) return unreachable(orgUrl, error);
  return new AppError({
    status: 500,
    code: 'LOGIN_FAILED',
    title: 'The sign-in could not be finished',
    whatHappened: 'Something unexpected went wrong while finishing the sign-in.',
    whatToDo: 'Sign in again.',
    action: SIGN_IN_AGAIN,
    cause: error,
  });
}

function isUnreachable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return true;
  const code = 'code' in error ? error.code : undefined;
  if (typeof code === 'string' && (code.startsWith('UND_ERR') || /^E[A-Z]+$/.test(code))) return true;
  // fetch reports network failures as a TypeError whose cause is the socket error.
  return error instanceof TypeError && isUnreachable(error.cause);
}

/** The org authorization server did not answer (discovery or a token request). */
export function unreachable(orgUrl: URL, cause: unknown): OktaUnreachableError {
  return new OktaUnreachableError({
    status: 502,
    code: 'OKTA_UNREACHABLE',
    title: 'Okta could not be reached',
    whatHappened: `The app could not get an answer from the org authorization server at ${orgUrl.origin}.`,
    whatToDo:
      "Check OKTA_ORG_URL, this server's network and proxy settings (HTTPS_PROXY), and Okta's status page; then try again.",
    action: { label: 'Try again', href: '/login' },
    cause,
  });
}

/** Discovery at the org URL failed or described something other than the org authorization server. */
export function discoveryFailure(error: unknown, orgUrl: URL): AppError {
  if (error instanceof oidc.ClientError && !isUnreachable(error.cause)) {
    return new OktaUnreachableError({
      status: 502,
      code: 'OKTA_DISCOVERY_INVALID',
      title: "Okta's discovery document is not the org authorization server's",
      whatHappened: `${orgUrl.origin}/.well-known/openid-configuration did not describe an authorization server whose issuer is ${orgUrl.origin}.`,
      whatToDo:
        'Set OKTA_ORG_URL to your org URL exactly as Okta shows it (https://your-org.okta.com, not the -admin URL and not /oauth2/default).',
      details: { Check: error.code ?? 'unknown' },
      cause: error,
    });
  }
  return unreachable(orgUrl, error);
}
