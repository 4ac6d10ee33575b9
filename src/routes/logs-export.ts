import type { FastifyInstance } from 'fastify';
import { requireSignIn } from '../auth/require-sign-in.ts';
import { exportPages } from '../logs/export-pages.ts';
import { closedSignal, EXPORT_FORMATS, type ExportFormat, exportFileName, writeExport } from '../logs/export-stream.ts';
import type { LogsState } from '../logs/logs-state.ts';
import { boundedLogQuery } from '../logs/okta-query.ts';
import { logsPageData, logsPaths } from '../logs/page-view.ts';
import { parseLogsQuery } from '../logs/query-params.ts';
import { checkedRange, logsCall, startStreaming } from './logs-common.ts';

const EXPORT_PAGE_SIZE = 1000;

/**
 * `GET /logs/export.csv` and `/logs/export.ndjson`: the whole bounded query (a preset ends at now), streamed page
 * by page at limit=1000. Problems before the first byte become pages; after it, the download is cut.
 */
export function registerLogsExport(app: FastifyInstance, state: LogsState): void {
  const paths = logsPaths(app.prefix);
  app.get<{ Params: { format: string } }>(
    '/logs/export.:format',
    { preHandler: requireSignIn },
    async (request, reply) => {
      const format = request.params.format;
      if (!Object.hasOwn(EXPORT_FORMATS, format)) return reply.callNotFound();
      const parsed = parseLogsQuery(request.query);
      const now = Date.now();
      const { range, errors } = checkedRange(parsed, new Date(now));
      if (!range) {
        const data = logsPageData({ paths, parsed, errors, budget: await app.okta.budget('logs'), now });
        return reply.render('logs', data, 400);
      }
      const query = boundedLogQuery(parsed.query, range, EXPORT_PAGE_SIZE);
      const closed = AbortSignal.any([closedSignal(reply.raw), state.shutdownSignal]);
      const result = await logsCall(
        app,
        request,
        'background',
      )(async (client, signal) => {
        const both = AbortSignal.any([signal, closed]);
        const pages = exportPages(client.logs, query, {
          ...state.exportLimits,
          signal: both,
          onWait: (resetAt) => request.log.info({ resetAt }, 'export waits for the rate limit to reset'),
        });
        // The first page is fetched before anything is sent, so that its errors can still be pages that teach.
        const first = await pages.next();
        if (first.done) throw new Error('an export produced no page');
        const type = format as ExportFormat;
        const out = startStreaming(
          reply,
          {
            'content-type': EXPORT_FORMATS[type].contentType,
            'content-disposition': `attachment; filename="${exportFileName(range.since, range.until, type)}"`,
            'cache-control': 'no-store',
            'x-content-type-options': 'nosniff',
          },
          { compress: true },
        );
        return writeExport(first.value, pages, type, out, both);
      });
      const { error, ...summary } = result;
      if (result.outcome === 'failed') request.log.warn({ err: error, export: summary }, 'export failed');
      else request.log.info({ export: summary }, `export ended: ${result.outcome}`);
      return reply;
    },
  );
}
