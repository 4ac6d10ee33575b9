import { type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { unencapsulated } from './unencapsulated.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The one keep-alive pool for calls to Okta (sign-in and management API); honours HTTPS_PROXY / NO_PROXY. */
    outbound: Dispatcher;
  }
}

/** Decorates `app.outbound` and closes it with the app. */
export const outboundHttpPlugin = unencapsulated('app-outbound-http', async (app) => {
  const dispatcher = new EnvHttpProxyAgent({ connectTimeout: 5000, keepAliveTimeout: 10_000 });
  app.decorate('outbound', dispatcher);
  app.addHook('onClose', async () => dispatcher.close());
});
