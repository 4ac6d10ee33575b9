/**
 * Response compression: brotli or gzip, chosen by the request's `Accept-Encoding`, for HTML, CSS, JavaScript,
 * JSON and SVG (@fastify/compress, registered before any route so that its hook reaches every route, static
 * files included). Streamed bodies (a static file) are compressed as streams.
 * Hijacked responses (Server-Sent Events, exports) never pass through Fastify's send hooks: an event stream stays
 * uncompressed and unbuffered, and an export compresses itself (`encodeStream`, src/http/content-encoding.ts).
 */

import compress from '@fastify/compress';
import { brotliOptions, ENCODINGS, gzipOptions } from '../http/content-encoding.ts';
import { unencapsulated } from './unencapsulated.ts';

// text/* except text/event-stream (an event stream must reach the browser event by event), JSON, JavaScript and
// SVG. Downloads (text/csv, NDJSON) are hijacked and compressed by the export itself.
const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)|application\/(?:[\w.+-]*\+)?json(?:;|$)|application\/javascript|image\/svg\+xml)/;

/** Registers @fastify/compress for every route registered after it. */
export const compressionPlugin = unencapsulated('app-compression', async (app) => {
  await app.register(compress, {
    global: true,
    encodings: [...ENCODINGS],
    customTypes: COMPRESSIBLE,
    brotliOptions,
    zlibOptions: gzipOptions,
    threshold: 1024,
    // Compression of responses only: request bodies (small forms) are never sent compressed by the app's pages.
    globalDecompression: false,
  });
});
