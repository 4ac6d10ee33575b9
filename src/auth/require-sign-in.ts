import type { FastifyReply, FastifyRequest } from 'fastify';
import { prefersJson } from '../plugins/prefers-json.ts';
import { SignInRequiredError } from '../session/sign-in-required.ts';
import '../session/session-data.ts';

/**
 * preHandler for pages that need a signed-in user: a browser is sent to sign in and brought back here;
 * a client that prefers JSON gets 401. Signed-in pages are never cached.
 */
export async function requireSignIn(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  reply.header('cache-control', 'no-store');
  if (request.session.user && request.session.tokens) return;
  if (prefersJson(request.headers.accept) || request.method !== 'GET') {
    throw new SignInRequiredError(request.url, 'signed_out');
  }
  await reply.redirect(`/login?returnTo=${encodeURIComponent(request.url)}`, 303);
}
