import { fileURLToPath } from 'node:url';
import view from '@fastify/view';
import { Eta } from 'eta';
import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config.ts';
import { escapeHtml, type Html, renderedHtml } from '../text/html.ts';
import { fillSlots, type HtmlSlots } from './html-slots.ts';
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

/** Where a page's skip link leads when not to the whole main content: e.g. its results, past a long form. */
export interface SkipLink {
  /** A fragment naming an element of the page that can take focus (`tabindex="-1"`). */
  href: `#${string}`;
  label: string;
}

/** Data a page passes to `reply.render`. `title` goes into the layout's `<title>`; `skipTo` sets the skip link. */
export type PageData = Record<string, unknown> & { title?: string; skipTo?: SkipLink | undefined };

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Renders `views/partials/<partial>.eta` with `data` as its `it`, for a page to print with `<%= %>` (an `Html`
     * value is printed as is). Synchronous; for fragments that are rendered once and reused.
     */
    renderFragment(partial: string, data: object): Html;
  }
  interface FastifyReply {
    /**
     * Renders `views/pages/<page>.eta` inside the layout with the shell data merged in, and sends it. `slots`: large
     * fragments the page places with `<!--slot:NAME-->` markers (see html-slots.ts).
     */
    render(page: string, data?: PageData, status?: number, slots?: HtmlSlots): Promise<FastifyReply>;
  }
}

const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));

/**
 * `partial(name, data)` in every template: renders a partial with `data` as its `it`, as given. eta's `include`
 * copies the caller's whole `it` into a new object for each call (`{ ...it, ...data }`): the System Log form's
 * twenty fields, each an include from a page whose `it` holds some thirty keys, cost more to render that way than
 * the rest of the page. A partial rendered with `partial` sees only what it is given.
 */
const PARTIAL_HELPER = 'const partial = (name, data) => this.render(name, data, options);';
const PAGE_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Thrown when `reply.render` is called with something that is not a page name. A programming error. */
export class InvalidPageNameError extends Error {
  readonly code = 'VIEW_INVALID_PAGE_NAME';
  constructor(page: string) {
    super(`not a page name: ${JSON.stringify(page)}`);
    this.name = 'InvalidPageNameError';
  }
}

/**
 * @fastify/view with eta 4 (escaping on with `escapeHtml`, templates cached, `partial` beside `include`), and the
 * `reply.render` and `app.renderFragment` decorators.
 */
export const viewPlugin = unencapsulated<{ config: AppConfig }>('app-view', async (app, { config }) => {
  const eta = new Eta({
    autoEscape: true,
    escapeFunction: escapeHtml,
    views: VIEWS_DIR,
    cache: true,
    functionHeader: PARTIAL_HELPER,
  });
  memoizePaths(eta);
  await app.register(view, {
    engine: { eta },
    root: VIEWS_DIR,
    viewExt: 'eta',
    layout: 'layout',
    production: true,
  });

  app.decorate('renderFragment', (partial: string, data: object): Html => {
    if (!PAGE_NAME.test(partial)) throw new InvalidPageNameError(partial);
    return renderedHtml(eta.render(`partials/${partial}`, data));
  });

  const navItems = config.okta.sandbox ? [...NAV_ITEMS, SANDBOX_NAV_ITEM] : NAV_ITEMS;
  app.decorateReply(
    'render',
    async function render(this: FastifyReply, page: string, data: PageData = {}, status = 200, slots?: HtmlSlots) {
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
      this.code(status).header('cache-control', 'no-store').type('text/html; charset=utf-8');
      // Sent as bytes: Fastify would otherwise measure the string and then encode it, two passes over the page.
      // fillSlots also refuses a page whose marker has no fragments, rather than sending the marker as text.
      // The parts (a hundred rows and more) go into one buffer rather than a stream: as a stream each chunk took its
      // own trip through the stream machinery and, when the response is compressed, its own call into the
      // compressor, which made a compressed page several times slower to arrive.
      return this.send(fillSlots(html, slots ?? {}));
    },
  );
});

/**
 * Remembers where each template name resolves to. eta resolves the path on every render and every `include`
 * (a path join and a check that it stays inside the views directory), which on the System Log page happened twice
 * for each of a hundred rows. Template names are written in templates and in this app's code, never taken from a
 * request, so the map is as small as the set of includes; a name that fails to resolve throws and is not kept.
 */
function memoizePaths(eta: Eta): void {
  const resolve = eta.resolvePath;
  if (resolve === null) return;
  // By the including template's path, then by the name (no key to build on each lookup).
  const resolved = new Map<string, Map<string, string>>();
  eta.resolvePath = function resolvePath(template, options) {
    const from = options?.filepath ?? '';
    let names = resolved.get(from);
    if (names === undefined) {
      names = new Map();
      resolved.set(from, names);
    }
    let path = names.get(template);
    if (path === undefined) {
      path = resolve.call(this, template, options);
      names.set(template, path);
    }
    return path;
  };
}

function csrfTokenFor(reply: FastifyReply): string | null {
  // reply.generateCsrf exists once the auth plugin registers @fastify/csrf-protection.
  const generate: unknown = Reflect.get(reply, 'generateCsrf');
  return typeof generate === 'function' ? String(generate.call(reply)) : null;
}
