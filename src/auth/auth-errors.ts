import { AppError } from '../errors.ts';

/** The session has no usable token any more (expired without a refresh token, or the refresh was refused). */
export class SignInRequiredError extends AppError {
  constructor(returnTo: string, reason: 'expired' | 'refresh_refused' | 'signed_out', cause?: unknown) {
    super({
      status: 401,
      code: reason === 'refresh_refused' ? 'SESSION_REFRESH_REFUSED' : 'SIGN_IN_REQUIRED',
      title: reason === 'signed_out' ? 'Please sign in' : 'Your session has ended',
      whatHappened:
        reason === 'refresh_refused'
          ? "Okta no longer accepts this session's refresh token (it may have been revoked by an admin, or it expired)."
          : reason === 'expired'
            ? 'The access token from Okta expired and this session has no refresh token to renew it.'
            : 'This page needs a signed-in user.',
      whatToDo: 'Sign in again; you will come back to this page.',
      action: { label: 'Sign in', href: `/login?returnTo=${encodeURIComponent(returnTo)}` },
      ...(cause === undefined ? {} : { cause }),
    });
  }
}

/** Too many sign-in attempts from one address. */
export class TooManySignInsError extends AppError {
  constructor(retryAfterSeconds: number) {
    super({
      status: 429,
      code: 'SIGN_IN_RATE_LIMITED',
      title: 'Too many sign-in attempts',
      whatHappened: 'This address started or finished too many sign-ins in a short time.',
      whatToDo: `Wait about ${Math.max(1, Math.ceil(retryAfterSeconds))} seconds and try again.`,
    });
  }
}

/** GET /logout: signing out changes state, so it needs the form's POST (and its CSRF token). */
export class LogoutNeedsPostError extends AppError {
  constructor() {
    super({
      status: 405,
      code: 'LOGOUT_NEEDS_POST',
      title: 'Use the Sign out button',
      whatHappened:
        'Signing out is done with the Sign out button, so that another site cannot sign you out with a link.',
      whatToDo: 'Use the Sign out button at the top of the page.',
      action: { label: 'Home', href: '/' },
    });
  }
}
