/**
 * Response compression: brotli or gzip, chosen by the request's `Accept-Encoding`, for HTML, CSS, JavaScript,
 * JSON and SVG (@fastify/compress, registered before any route so that its hook reaches every route, static
 * files included). Streamed bodies (a static file) are compressed as streams.
 * Hijacked responses (Server-Sent Events, exports) never pass through Fastify's send hooks: an event stream stays
 * uncompressed and unbuffered, and an export compresses itself (`encodeStream`).
 */

import type { Transform } from 'node:stream';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';
import compress from '@fastify/compress';
import { unencapsulated } from './unencapsulated.ts';

/** The encodings offered, in the server's order of preference. */
export const ENCODINGS = ['br', 'gzip'] as const;

/** An encoding this app sends. */
export type Encoding = (typeof ENCODINGS)[number];

// Brotli's default quality (11) takes tens of milliseconds for a 100 KB page; 4 compresses about as well as gzip 9
// at a fraction of the cost, which suits pages built for each request. gzip 6 is zlib's own default.
const BROTLI_QUALITY = 4;
const GZIP_LEVEL = 6;

// text/* except text/event-stream (an event stream must reach the browser event by event), JSON, JavaScript and
// SVG. Downloads (text/csv, NDJSON) are hijacked and compressed by the export itself.
const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)|application\/(?:[\w.+-]*\+)?json(?:;|$)|application\/javascript|image\/svg\+xml)/;

const brotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } };
const gzipOptions = { level: GZIP_LEVEL };

/** The encoding to use for a request's `Accept-Encoding` (undefined: send it as is). */
export function chooseEncoding(acceptEncoding: string | string[] | undefined): Encoding | undefined {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (!header) return undefined;
  const chosen = negotiate(header, [...ENCODINGS]);
  return chosen === 'br' || chosen === 'gzip' ? chosen : undefined;
}

/** A compressing stream for `encoding`, with the same settings as the pages'. */
export function encodeStream(encoding: Encoding): Transform {
  return encoding === 'br' ? createBrotliCompress(brotliOptions) : createGzip(gzipOptions);
}

/** Registers @fastify/compress for every route registered after it. */
export const compressionPlugin = unencapsulated('app-compression', async (app) => {
  await app.register(compress, {
    global: true,
    encodings: [...ENCODINGS],
    customTypes: COMPRESSIBLE,
    brotliOptions,
    zlibOptions: gzipOptions,
    threshold: 1024,
  });
});
