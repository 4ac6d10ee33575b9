import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type AppDeps, buildApp } from '../../src/app.ts';
import { type AppConfig, loadConfig, resolveAppConfig } from '../../src/config.ts';
import { AppError } from '../../src/errors.ts';

const ORG = 'https://example.okta.com';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/;

interface ShellOptions {
  sandbox: boolean;
  appBaseUrl?: string;
  logLevel?: string;
  deps?: AppDeps;
  /** Adds test-only routes, hooks or decorators before the app starts listening. */
  setup?: (app: FastifyInstance) => void;
}

interface RunningShell {
  app: FastifyInstance;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
}

const running: FastifyInstance[] = [];
after(async () => {
  await Promise.all(running.map((app) => app.close()));
});

function configFor(options: ShellOptions): AppConfig {
  const common = {
    LOG_LEVEL: options.logLevel ?? 'silent',
    APP_BASE_URL: options.appBaseUrl ?? 'http://localhost:3000',
  };
  if (options.sandbox) {
    return resolveAppConfig(loadConfig(common), {
      issuer: ORG,
      clientId: '0oaSandbox',
      clientSecret: 'sandbox-secret',
    });
  }
  return resolveAppConfig(
    loadConfig({
      ...common,
      OKTA_ORG_URL: ORG,
      OKTA_CLIENT_ID: '0oaClient',
      OKTA_CLIENT_SECRET: 'client-secret',
      SESSION_SECRET: 'x'.repeat(40),
    }),
  );
}

async function startShell(options: ShellOptions): Promise<RunningShell> {
  const app = await buildApp(configFor(options), options.deps);
  options.setup?.(app);
  running.push(app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    app,
    get: (path, headers = {}) =>
      fetch(`http://127.0.0.1:${port}${path}`, { headers, redirect: 'manual', signal: AbortSignal.timeout(10_000) }),
  };
}

function captureLogs(): {
  stream: { write(line: string): void };
  lines: () => Record<string, unknown>[];
  raw: () => string;
} {
  const chunks: string[] = [];
  return {
    stream: { write: (line: string) => void chunks.push(line) },
    raw: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Parses a CSP header into directive → sources. */
function cspOf(response: Response): Map<string, string[]> {
  const header = response.headers.get('content-security-policy');
  assert.ok(header, 'a Content-Security-Policy header is sent');
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name, sources);
  }
  return directives;
}

function expectedCsp(https: boolean): Map<string, string[]> {
  const entries: [string, string[]][] = [
    ['default-src', ["'none'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'"]],
    ['img-src', ["'self'"]],
    ['connect-src', ["'self'"]],
    ['font-src', ["'self'"]],
    ['base-uri', ["'none'"]],
    ['object-src', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['form-action', ["'self'", ORG]],
  ];
  if (https) entries.push(['upgrade-insecure-requests', []]);
  return new Map(entries);
}

/** A typed error as another module would define it. */
class ScopeNotGrantedError extends AppError {
  constructor() {
    super({
      status: 403,
      code: 'TEST_SCOPE_NOT_GRANTED',
      title: 'Scope not granted',
      whatHappened: 'The token has no okta.logs.read scope.',
      whatToDo: 'Grant okta.logs.read on the app’s Okta API Scopes tab, then sign in again.',
      supportReference: 'oaeTestErrorId123',
      details: { 'Missing scope': 'okta.logs.read' },
      action: { label: 'Sign in again', href: '/login' },
    });
  }
}

describe('app shell: pages', () => {
  test('home page in sandbox mode: banner with the org URL, sign-in link, accounts, nav', async () => {
    const shell = await startShell({
      sandbox: true,
      deps: {
        sandbox: {
          accounts: [{ login: 'admin@sandbox.example', purpose: 'Super <b>Administrator</b>' }],
          password: 'sandbox-password',
        },
      },
    });
    const response = await shell.get('/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(response.headers.get('cache-control'), 'no-store');
    const html = await response.text();
    assert.match(html, /<title>Home · okta-scoped-viewer<\/title>/);
    assert.match(html, /Sandbox org — not a real Okta org/);
    assert.match(html, /<code>https:\/\/example\.okta\.com<\/code>/);
    assert.match(html, /<a class="button" href="\/login">Sign in<\/a>/);
    assert.ok(!html.includes('action="/logout"'), 'no sign-out form when signed out');
    for (const [href, label] of [
      ['/', 'Home'],
      ['/logs', 'System Log'],
      ['/users', 'Users'],
      ['/token', 'Token'],
      ['/setup', 'Setup'],
      ['/guide', 'Guide'],
    ]) {
      assert.ok(html.includes(`href="${href}"`) && html.includes(`>${label}</a>`), `nav links ${label}`);
    }
    assert.match(html, /<a href="\/" aria-current="page">Home<\/a>/);
    assert.match(html, /<code>admin@sandbox\.example<\/code>/);
    assert.match(html, /Super &lt;b&gt;Administrator&lt;\/b&gt;/);
    assert.match(html, /<code>sandbox-password<\/code>/);
    assert.match(html, /<link rel="stylesheet" href="\/public\/css\/app\.css">/);
  });

  test('home page against a real org: no sandbox banner', async () => {
    const shell = await startShell({ sandbox: false });
    const response = await shell.get('/');
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.ok(!html.includes('Sandbox org'), 'no sandbox banner');
    assert.ok(!html.includes('Accounts to try'), 'no sandbox accounts');
    assert.match(html, /Connected to <code>https:\/\/example\.okta\.com<\/code>/);
  });

  test('signed in: viewer, scope badges and a sign-out form with the CSRF token, all escaped', async () => {
    const shell = await startShell({
      sandbox: false,
      setup(app) {
        app.addHook('onRequest', async (request) => {
          request.viewer = {
            name: '<img src=x onerror=alert(1)>',
            login: 'eve"@example.com',
            grantedScopes: ['openid', 'okta.logs.read'],
          };
        });
      },
    });
    const html = await (await shell.get('/')).text();
    assert.ok(!html.includes('<img src=x'), 'the name is not rendered as HTML');
    assert.match(html, /<span class="viewer-name">&lt;img src=x onerror=alert\(1\)&gt;<\/span>/);
    assert.match(html, /<span class="viewer-login">eve&quot;@example\.com<\/span>/);
    assert.match(html, /<li class="badge">openid<\/li>/);
    assert.match(html, /<li class="badge badge-okta">okta\.logs\.read<\/li>/);
    assert.match(html, /<form class="inline-form" method="post" action="\/logout">/);
    assert.match(html, /<input type="hidden" name="_csrf" value="[A-Za-z0-9_-]{20,}">/);
    assert.ok(!html.includes('href="/login">Sign in</a>'), 'no sign-in link when signed in');
    assert.match(html, /okta\.logs\.read granted/);
    assert.match(html, /okta\.users\.read not granted/);
  });

  test('a static stylesheet and icon are served from /public/', async () => {
    const shell = await startShell({ sandbox: true });
    const css = await shell.get('/public/css/app.css');
    assert.equal(css.status, 200);
    assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
    assert.match(await css.text(), /\.banner-sandbox\s*\{/);
    const icon = await shell.get('/public/favicon.svg');
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    await icon.arrayBuffer();
  });

  test('/healthz answers ok as JSON', async () => {
    const shell = await startShell({ sandbox: false });
    const response = await shell.get('/healthz');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    assert.deepEqual(await response.json(), { status: 'ok', store: 'memory' });
  });
});

describe('app shell: security headers', () => {
  test('http base URL: exact CSP without unsafe sources, nosniff, no-referrer, COOP, no HSTS', async () => {
    const shell = await startShell({ sandbox: true });
    for (const path of ['/', '/no-such-page']) {
      const response = await shell.get(path);
      await response.text();
      assert.deepEqual(cspOf(response), expectedCsp(false), `CSP on ${path}`);
      const header = response.headers.get('content-security-policy') ?? '';
      assert.ok(!/unsafe-|nonce-/.test(header), 'no unsafe-* and no nonces');
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(response.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(response.headers.get('cross-origin-opener-policy'), 'same-origin');
      assert.equal(response.headers.get('strict-transport-security'), null);
    }
  });

  test('https base URL: HSTS for a year and upgrade-insecure-requests', async () => {
    const shell = await startShell({ sandbox: false, appBaseUrl: 'https://viewer.example.com' });
    const response = await shell.get('/');
    await response.text();
    assert.deepEqual(cspOf(response), expectedCsp(true));
    const hsts = response.headers.get('strict-transport-security') ?? '';
    const maxAge = Number(/max-age=(\d+)/.exec(hsts)?.[1]);
    assert.ok(maxAge >= 31_536_000, `HSTS max-age ${hsts}`);
  });
});

describe('app shell: error pages', () => {
  test('unknown path → 404 page in the layout', async () => {
    const shell = await startShell({ sandbox: true });
    const response = await shell.get('/no-such-page?x=<script>');
    assert.equal(response.status, 404);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    const html = await response.text();
    assert.match(html, /<title>Page not found · okta-scoped-viewer<\/title>/);
    assert.match(html, /There is no page at \/no-such-page\./);
    assert.match(html, /Sandbox org — not a real Okta org/);
    assert.ok(!html.includes('<script>'));
  });

  test('unknown path with Accept: application/json → JSON 404', async () => {
    const shell = await startShell({ sandbox: true });
    const response = await shell.get('/no-such-page', { accept: 'application/json' });
    assert.equal(response.status, 404);
    const body = (await response.json()) as Record<string, unknown>;
    assert.equal(body.code, 'NOT_FOUND');
    assert.equal(body.statusCode, 404);
    assert.match(String(body.requestId), UUID);
  });

  test('an unknown error → generic 500 page with a request ID, no message, stack or path', async () => {
    const logs = captureLogs();
    const shell = await startShell({
      sandbox: false,
      logLevel: 'info',
      deps: { logStream: logs.stream },
      setup(app) {
        app.get('/test/boom', async () => {
          throw new Error('db password hunter2 leaked');
        });
      },
    });
    const response = await shell.get('/test/boom');
    assert.equal(response.status, 500);
    const html = await response.text();
    assert.match(html, /<h1 id="error-title">Something went wrong<\/h1>/);
    const requestId = UUID.exec(html)?.[0];
    assert.ok(requestId, 'the page shows a request ID');
    for (const leak of ['hunter2', 'Error:', 'app-shell.test', 'node_modules', '    at ']) {
      assert.ok(!html.includes(leak), `page must not contain ${JSON.stringify(leak)}`);
    }
    const logged = logs.lines().find((line) => line.msg === 'request failed');
    assert.ok(logged, 'the error is logged');
    assert.equal(logged.reqId, requestId, 'the log line carries the same request ID');
    assert.match(JSON.stringify(logged.err), /hunter2/);

    const json = await shell.get('/test/boom', { accept: 'application/json' });
    assert.equal(json.status, 500);
    const body = await json.text();
    assert.ok(!body.includes('hunter2'));
    assert.equal((JSON.parse(body) as { code: string }).code, 'INTERNAL_ERROR');
  });

  test('an AppError → its own page and status', async () => {
    const shell = await startShell({
      sandbox: false,
      setup(app) {
        app.get('/test/app-error', async () => {
          throw new ScopeNotGrantedError();
        });
      },
    });
    const response = await shell.get('/test/app-error');
    assert.equal(response.status, 403);
    const html = await response.text();
    assert.match(html, /<title>Scope not granted · okta-scoped-viewer<\/title>/);
    assert.match(html, /<code>TEST_SCOPE_NOT_GRANTED<\/code>/);
    assert.match(html, /The token has no okta\.logs\.read scope\./);
    assert.match(html, /Grant okta\.logs\.read on the app’s Okta API Scopes tab/);
    assert.match(html, /<dt>Missing scope<\/dt>\s*<dd>okta\.logs\.read<\/dd>/);
    assert.match(html, /<a class="button" href="\/login">Sign in again<\/a>/);
    assert.match(html, /Support reference: <code>oaeTestErrorId123<\/code>/);

    const json = await shell.get('/test/app-error', { accept: 'application/json, text/html;q=0.5' });
    assert.equal(json.status, 403);
    const body = (await json.json()) as Record<string, unknown>;
    assert.equal(body.code, 'TEST_SCOPE_NOT_GRANTED');
    assert.equal(body.supportReference, 'oaeTestErrorId123');
    assert.deepEqual(body.details, [{ label: 'Missing scope', value: 'okta.logs.read' }]);
  });

  test('an AppError action that leaves the site is not rendered as a link', async () => {
    const shell = await startShell({
      sandbox: false,
      setup(app) {
        app.get('/test/evil-action', async () => {
          throw new AppError({
            status: 400,
            code: 'TEST_EVIL',
            title: 'Bad',
            whatHappened: 'x',
            whatToDo: 'y',
            action: { label: 'Go', href: '//evil.example/' },
          });
        });
      },
    });
    const response = await shell.get('/test/evil-action');
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.ok(!html.includes('evil.example'));
  });

  test('a schema validation failure → 400 naming the parameter', async () => {
    const shell = await startShell({
      sandbox: true,
      setup(app) {
        app.get(
          '/test/validated',
          { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer', maximum: 200 } } } } },
          async () => ({ ok: true }),
        );
      },
    });
    const response = await shell.get('/test/validated?limit=999');
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /The query parameter &quot;limit&quot; is not valid: it must be &lt;= 200\./);
    assert.match(html, /<dt>Parameter<\/dt>\s*<dd>limit<\/dd>/);
  });
});

describe('app shell: logging', () => {
  test('Authorization and Cookie headers and token fields are redacted; callback code and state are masked', async () => {
    const logs = captureLogs();
    const shell = await startShell({
      sandbox: true,
      logLevel: 'info',
      deps: { logStream: logs.stream },
      setup(app) {
        app.get('/test/log-headers', async (request) => {
          request.log.info(
            { headers: request.headers, tokens: { access_token: 'AT-SECRET-1', id_token: 'IDT-2' } },
            'seen',
          );
          return { ok: true };
        });
      },
    });
    const logged = await shell.get('/test/log-headers', {
      authorization: 'Bearer SECRET-BEARER-TOKEN',
      cookie: 'sid=SECRET-COOKIE',
      'x-trace': 'visible-header',
    });
    assert.equal(logged.status, 200);
    await logged.text();
    const callback = await shell.get(
      '/authorization-code/callback?code=AUTHCODE-123&state=STATE-456&iss=https%3A%2F%2Fexample.okta.com',
    );
    await callback.text();

    const raw = logs.raw();
    for (const secret of [
      'SECRET-BEARER-TOKEN',
      'SECRET-COOKIE',
      'AT-SECRET-1',
      'IDT-2',
      'AUTHCODE-123',
      'STATE-456',
    ]) {
      assert.ok(!raw.includes(secret), `${secret} must not be logged`);
    }
    const seen = logs.lines().find((line) => line.msg === 'seen') as
      | { headers: Record<string, string>; tokens: Record<string, string> }
      | undefined;
    assert.ok(seen, 'the test line was logged');
    assert.equal(seen.headers.authorization, '[redacted]');
    assert.equal(seen.headers.cookie, '[redacted]');
    assert.equal(seen.headers['x-trace'], 'visible-header');
    assert.equal(seen.tokens.access_token, '[redacted]');

    const urls = logs
      .lines()
      .map((line) => (line.req as { url?: string } | undefined)?.url)
      .filter((url): url is string => typeof url === 'string');
    assert.ok(
      urls.includes('/authorization-code/callback?code=[redacted]&state=[redacted]&iss=https%3A%2F%2Fexample.okta.com'),
      `logged URLs: ${urls.join(', ')}`,
    );
  });

  test('/healthz is not logged at info, other requests are', async () => {
    const logs = captureLogs();
    const shell = await startShell({ sandbox: true, logLevel: 'info', deps: { logStream: logs.stream } });
    await (await shell.get('/healthz')).text();
    await (await shell.get('/')).text();
    const urls = logs.lines().map((line) => (line.req as { url?: string } | undefined)?.url);
    assert.ok(urls.includes('/'), 'the home page request is logged');
    assert.ok(!urls.includes('/healthz'), 'the health check is not');
  });
});
