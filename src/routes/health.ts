import type { FastifyPluginAsync } from 'fastify';
import { StoreUnavailableError } from '../store/store-errors.ts';
import '../plugins/shared-store.ts';

/**
 * `GET /healthz` for load balancers: 200 `{ "status": "ok" }`, or 503 when the shared store (Redis) does not
 * answer, so that a balancer stops sending people to an instance that cannot read their sessions. No auth;
 * logged only at warn and above.
 */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    const store = app.store.kind;
    try {
      await app.store.check();
      return { status: 'ok', store };
    } catch (error) {
      if (!(error instanceof StoreUnavailableError)) throw error;
      reply.code(503);
      return {
        status: 'unavailable',
        store,
        problem:
          `Redis (REDIS_URL) ${error.failure === 'auth' ? 'refused the credentials' : error.failure === 'timeout' ? 'did not answer in time' : 'cannot be reached'}: ${error.details?.Problem ?? ''}`.trim(),
      };
    }
  });
};
