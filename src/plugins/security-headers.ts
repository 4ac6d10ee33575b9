import helmet from '@fastify/helmet';
import type { AppConfig } from '../config.ts';
import { unencapsulated } from './unencapsulated.ts';

/** The Content-Security-Policy directives for an org origin. Nothing is inline, so no nonces and no 'unsafe-*'. */
export function cspDirectives(orgOrigin: string, https: boolean): Record<string, string[]> {
  return {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'"],
    'connect-src': ["'self'"],
    'font-src': ["'self'"],
    'base-uri': ["'none'"],
    'object-src': ["'none'"],
    'frame-ancestors': ["'none'"],
    // Chrome applies form-action to the redirect after POST /logout, which goes to the org's end-session endpoint.
    'form-action': ["'self'", orgOrigin],
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

/** Security headers on every response via @fastify/helmet: CSP, HSTS (https only), nosniff, no-referrer, COOP. */
export const securityHeadersPlugin = unencapsulated<{ config: AppConfig }>(
  'app-security-headers',
  async (app, { config }) => {
    const https = config.appBaseUrl.protocol === 'https:';
    await app.register(helmet, {
      global: true,
      contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(config.okta.orgUrl.origin, https) },
      strictTransportSecurity: https ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'no-referrer' },
      crossOriginOpenerPolicy: { policy: 'same-origin' },
      xContentTypeOptions: true,
      xFrameOptions: { action: 'deny' },
    });
  },
);
