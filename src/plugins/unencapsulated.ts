import type { FastifyPluginAsync, FastifyPluginOptions } from 'fastify';

/**
 * Marks a plugin so its decorators, hooks and handlers apply to the instance that registers it (what
 * `fastify-plugin` does, via the same well-known symbols), and gives it a name for Fastify's plugin tree.
 */
export function unencapsulated<Options extends FastifyPluginOptions = Record<never, never>>(
  name: string,
  plugin: FastifyPluginAsync<Options>,
): FastifyPluginAsync<Options> {
  return Object.assign(plugin, {
    [Symbol.for('skip-override')]: true,
    [Symbol.for('fastify.display-name')]: name,
  });
}
