import { AppError } from '../errors.ts';

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

/** Another instance of the app is refreshing this session's tokens and did not finish within the wait. */
export class RefreshStillRunningError extends AppError {
  constructor() {
    super({
      status: 503,
      code: 'TOKEN_REFRESH_STILL_RUNNING',
      title: 'Your session is still being renewed',
      whatHappened:
        "Another instance of this app is renewing your session's tokens with Okta and has not finished yet; this request waited for it rather than renew them a second time, which would make Okta end the session.",
      whatToDo: 'Try again in a moment.',
      headers: { 'retry-after': '5' },
    });
  }
}
