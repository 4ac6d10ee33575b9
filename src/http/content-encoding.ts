/**
 * Content encodings the app sends (brotli, gzip): the choice by `Accept-Encoding` and the encoder settings, shared
 * by the compression plugin (pages, static files) and the streams that compress themselves (exports).
 */
import type { Transform } from 'node:stream';
import { constants, createBrotliCompress, createGzip } from 'node:zlib';
import { negotiate } from '@fastify/accept-negotiator';

/** The encodings offered, in the server's order of preference. */
export const ENCODINGS = ['br', 'gzip'] as const;

/** An encoding this app sends. */
export type Encoding = (typeof ENCODINGS)[number];

// Brotli's default quality (11) takes tens of milliseconds for a 100 KB page; 4 compresses about as well as gzip 9
// at a fraction of the cost, which suits pages built for each request. gzip 6 is zlib's own default.
const BROTLI_QUALITY = 4;
const GZIP_LEVEL = 6;

export const brotliOptions = { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } };
export const gzipOptions = { level: GZIP_LEVEL };

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
