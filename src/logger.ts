import type { FastifyError, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { LogLevel } from './config.ts';

/** Where log lines go when not to stdout (tests capture them this way). */
export interface LogStream {
  write(line: string): void;
}

/** Query parameters whose values never reach a log line: the authorization code and state, and any token. */
export const MASKED_QUERY_PARAMS = new Set([
  'code',
  'state',
  'access_token',
  'id_token',
  'refresh_token',
  'id_token_hint',
  'client_secret',
  'token',
]);

const SECRET_FIELDS = ['access_token', 'refresh_token', 'id_token', 'client_secret', 'code'];
const HEADER_FIELDS = ['authorization', 'cookie', '"set-cookie"'];

/** pino redact paths: sensitive headers wherever a request, response or header bag is logged, and token fields. */
export const REDACT_PATHS = [
  ...['req.headers', 'res.headers', 'headers', '*.headers'].flatMap((base) => HEADER_FIELDS.map((h) => `${base}.${h}`)),
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

/** Replaces the values of {@link MASKED_QUERY_PARAMS} in a request URL with `[redacted]`, keeping everything else as sent. */
export function maskUrl(url: string): string {
  const queryStart = url.indexOf('?');
  if (queryStart === -1) return url;
  const query = url
    .slice(queryStart + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawKey = eq === -1 ? pair : pair.slice(0, eq);
      let key = rawKey;
      try {
        key = decodeURIComponent(rawKey.replaceAll('+', ' '));
      } catch {
        // A malformed escape cannot name a masked parameter; keep the pair as it is.
      }
      return MASKED_QUERY_PARAMS.has(key) ? `${rawKey}=[redacted]` : pair;
    });
  return `${url.slice(0, queryStart)}?${query.join('&')}`;
}

/** Fastify's `logger` option in object form (pino options plus `stream`). */
export type AppLoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** Fastify's logger options: level, redaction, and a request serializer that masks secrets in the URL. */
export function loggerOptions(level: LogLevel, stream?: LogStream): AppLoggerOptions {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      // Own error serializer: an error's `code` (ECONNRESET, FST_…) is logged as `errorCode`, since `code` fields are
      // redacted (they may be OAuth authorization codes).
      err(error: FastifyError) {
        const cause: unknown = error.cause;
        return {
          type: error.name,
          message: error.message,
          stack: error.stack ?? '',
          errorCode: error.code,
          statusCode: error.statusCode,
          ...(cause instanceof Error ? { cause: `${cause.name}: ${cause.message}` } : {}),
        };
      },
      req(request: FastifyRequest) {
        return {
          method: request.method,
          url: maskUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        };
      },
    },
  };
}
