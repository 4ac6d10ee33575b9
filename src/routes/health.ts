import type { FastifyPluginAsync } from 'fastify';

/** `GET /healthz` → `{ "status": "ok" }` for load balancers. No auth; logged only at warn and above. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { logLevel: 'warn' }, async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
};
