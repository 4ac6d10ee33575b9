import { fileURLToPath } from 'node:url';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config.ts';
import { unencapsulated } from './unencapsulated.ts';
import type { Viewer } from './viewer.ts';

/** The product name shown in the header and every `<title>`. */
export const APP_NAME = 'okta-scoped-viewer';

/** One entry of the main navigation. */
export interface NavItem {
  href: string;
  label: string;
}

/** The main navigation, in order. Pages that do not exist yet answer with the 404 page. */
export const NAV_ITEMS: readonly NavItem[] = [
  { href: '/', label: 'Home' },
  { href: '/logs', label: 'System Log' },
  { href: '/users', label: 'Users' },
  { href: '/token', label: 'Token' },
  { href: '/setup', label: 'Setup' },
  { href: '/guide', label: 'Guide' },
];

/** Only in sandbox mode: the sandbox org's stand-in for the Okta Admin Console. */
const SANDBOX_NAV_ITEM: NavItem = { href: '/sandbox', label: 'Sandbox console' };

/** What the layout needs on every page; merged over the page's own data (the page cannot override it). */
export interface ShellData {
  appName: string;
  sandbox: boolean;
  /** Origin of the Okta org (or sandbox org) the app talks to. */
  orgUrl: string;
  viewer: Viewer | null;
  /** For the sign-out form; `null` when signed out or when CSRF protection is not registered. */
  csrfToken: string | null;
  /** Path of the current request without its query. */
  currentPath: string;
  nav: (NavItem & { current: boolean })[];
}

/** Data a page passes to `reply.render`. `title` goes into the layout's `<title>`. */
export type PageData = Record<string, unknown> & { title?: string };

declare module 'fastify' {
  interface FastifyReply {
    /** Renders `views/pages/<page>.eta` inside the layout with the shell data merged in, and sends it. */
    render(page: string, data?: PageData, status?: number): Promise<FastifyReply>;
  }
}

const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));
const PAGE_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Thrown when `reply.render` is called with something that is not a page name. A programming error. */
export class InvalidPageNameError extends Error {
  readonly code = 'VIEW_INVALID_PAGE_NAME';
  constructor(page: string) {
    super(`not a page name: ${JSON.stringify(page)}`);
    this.name = 'InvalidPageNameError';
  }
}

/** @fastify/view with eta 4 (escaping on, templates cached) and the `reply.render` decorator. */
export const viewPlugin = unencapsulated<{ config: AppConfig }>('app-view', async (app, { config }) => {
  await app.register(view, {
    engine: { eta: new Eta({ autoEscape: true }) },
    root: VIEWS_DIR,
    viewExt: 'eta',
    layout: 'layout',
    production: true,
  });

  const navItems = config.okta.sandbox ? [...NAV_ITEMS, SANDBOX_NAV_ITEM] : NAV_ITEMS;
  app.decorateReply('render', async function render(this: FastifyReply, page: string, data = {}, status = 200) {
    if (!PAGE_NAME.test(page)) throw new InvalidPageNameError(page);
    const currentPath = this.request.url.split('?')[0] ?? '/';
    const viewer = this.request.viewer;
    const shell: ShellData = {
      appName: APP_NAME,
      sandbox: config.okta.sandbox,
      orgUrl: config.okta.orgUrl.origin,
      viewer,
      // Only signed-in pages carry a form (sign out); generating a token for anonymous visitors would start a session.
      csrfToken: viewer ? csrfTokenFor(this) : null,
      currentPath,
      nav: navItems.map((item) => ({ ...item, current: item.href === currentPath })),
    };
    const html = await this.viewAsync(`pages/${page}`, { ...data, ...shell });
    // Pages show who is signed in; no shared cache may keep them.
    return this.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
  });
});

function csrfTokenFor(reply: FastifyReply): string | null {
  // reply.generateCsrf exists once the auth plugin registers @fastify/csrf-protection.
  const generate: unknown = Reflect.get(reply, 'generateCsrf');
  return typeof generate === 'function' ? String(generate.call(reply)) : null;
}
