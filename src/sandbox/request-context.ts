import type { IncomingMessage } from 'node:http';
import type { RequestContext } from './log-event-factory.ts';

/** The client IP and user agent of a request, for System Log events. */
export function requestContext(req: IncomingMessage): RequestContext {
  const raw = req.socket.remoteAddress ?? '127.0.0.1';
  return {
    ipAddress: raw.startsWith('::ffff:') ? raw.slice(7) : raw,
    userAgent: String(req.headers['user-agent'] ?? ''),
  };
}
