/**
 * A browser without a browser: real HTTP with a cookie jar and manual redirects, enough to walk an
 * authorization-code flow through the sandbox's sign-in page in integration tests.
 */
export interface Page {
  url: string;
  status: number;
  headers: Headers;
  body: string;
}

interface StoredCookie {
  value: string;
  path: string;
}

export class CookieJar {
  readonly #byHost = new Map<string, Map<string, StoredCookie>>();

  store(url: URL, setCookies: string[]): void {
    let jar = this.#byHost.get(url.hostname);
    if (!jar) {
      jar = new Map();
      this.#byHost.set(url.hostname, jar);
    }
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      const path = attributes.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const maxAge = attributes.find((a) => /^max-age=/i.test(a));
      const expires = attributes.find((a) => /^expires=/i.test(a));
      const expired =
        (maxAge !== undefined && Number(maxAge.slice(8)) <= 0) ||
        (expires !== undefined && Date.parse(expires.slice(8)) <= Date.now());
      if (expired || value === '') jar.delete(name);
      else jar.set(name, { value, path });
    }
  }

  header(url: URL): string {
    const jar = this.#byHost.get(url.hostname);
    if (!jar) return '';
    return [...jar]
      .filter(([, cookie]) => url.pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`)
      .join('; ');
  }

  get(hostname: string, name: string): string | undefined {
    return this.#byHost.get(hostname)?.get(name)?.value;
  }

  set(hostname: string, name: string, value: string): void {
    let jar = this.#byHost.get(hostname);
    if (!jar) {
      jar = new Map();
      this.#byHost.set(hostname, jar);
    }
    jar.set(name, { value, path: '/' });
  }

  names(hostname: string): string[] {
    return [...(this.#byHost.get(hostname)?.keys() ?? [])];
  }
}

export class Browser {
  readonly jar = new CookieJar();

  async request(
    url: string,
    init: { method?: string; form?: Record<string, string>; headers?: Record<string, string> } = {},
  ): Promise<Page> {
    const target = new URL(url);
    const headers = new Headers(init.headers);
    const cookie = this.jar.header(target);
    if (cookie) headers.set('cookie', cookie);
    if (!headers.has('accept')) headers.set('accept', 'text/html');
    let body: string | undefined;
    if (init.form) {
      body = new URLSearchParams(init.form).toString();
      headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    const response = await fetch(target, {
      method: init.method ?? (init.form ? 'POST' : 'GET'),
      headers,
      ...(body !== undefined ? { body } : {}),
      redirect: 'manual',
    });
    this.jar.store(target, response.headers.getSetCookie());
    return { url: target.href, status: response.status, headers: response.headers, body: await response.text() };
  }

  /**
   * Follows redirects from `url` (GET), posting credentials when the sandbox sign-in form appears,
   * until a redirect points at a URL for which `stop` is true (returned without being fetched) or a page
   * that is not a redirect is reached. At most 20 steps.
   */
  async follow(
    url: string,
    options: { stop?: (url: URL) => boolean; credentials?: { username: string; password: string } } = {},
  ): Promise<{ stoppedAt?: URL; page: Page; visited: string[] }> {
    let next = url;
    let form: Record<string, string> | undefined;
    const visited: string[] = [];
    for (let step = 0; step < 20; step++) {
      const page = await this.request(next, form ? { form } : {});
      visited.push(page.url);
      form = undefined;
      const location = page.headers.get('location');
      if (page.status >= 300 && page.status < 400 && location) {
        const target = new URL(location, page.url);
        if (options.stop?.(target)) return { stoppedAt: target, page, visited };
        next = target.href;
        continue;
      }
      const loginAction = /<form method="post" action="(\/login\/[\w-]+)"/.exec(page.body)?.[1];
      if (page.status === 200 && loginAction && options.credentials) {
        next = new URL(loginAction, page.url).href;
        form = { ...options.credentials };
        options = { ...options, credentials: undefined };
        continue;
      }
      // The sandbox's end-session page submits itself with a script; do what that script does.
      const logoutAction = /<form id="op.logoutForm" method="post" action="([^"]+)"/.exec(page.body)?.[1];
      if (page.status === 200 && logoutAction) {
        const action = logoutAction.replaceAll('&amp;', '&');
        const xsrf = /name="xsrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
        next = new URL(action, page.url).href;
        form = { xsrf, logout: 'yes' };
        continue;
      }
      return { page, visited };
    }
    throw new Error(`too many redirects starting at ${url}`);
  }
}
