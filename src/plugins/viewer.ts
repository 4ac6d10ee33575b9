import { unencapsulated } from './unencapsulated.ts';

/** The signed-in person as the pages show them. Set by the auth plugin; `null` when signed out. */
export interface Viewer {
  name: string;
  login: string;
  /** Scopes the token response actually granted (may be fewer than requested). */
  grantedScopes: string[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in viewer, or `null`. The auth plugin sets it in a hook; the layout reads it. */
    viewer: Viewer | null;
  }
}

/** Decorates `request.viewer` with `null` so every request has the property before auth runs. */
export const viewerPlugin = unencapsulated('app-viewer', async (app) => {
  app.decorateRequest('viewer', null);
});
