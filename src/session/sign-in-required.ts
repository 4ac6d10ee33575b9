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
