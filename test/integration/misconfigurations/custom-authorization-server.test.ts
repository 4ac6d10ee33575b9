import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig } from '../../../src/config.ts';
import { startHarness } from '../../helpers/app-harness.ts';
import { Browser } from '../../helpers/browser.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CUSTOM_AS = {
  OKTA_ORG_URL: 'https://x.okta.com/oauth2/default',
  OKTA_CLIENT_ID: '0oaexample',
  OKTA_CLIENT_SECRET: 'example-client-secret',
  SESSION_SECRET: 'a-session-secret-of-at-least-32-characters',
};

describe('misconfiguration: a custom authorization server as the issuer', () => {
  test('the configuration is refused, naming OKTA_ORG_URL and the org URL to use instead', () => {
    assert.throws(
      () => loadConfig(CUSTOM_AS),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        const problem = error.problems.find((item) => item.variable === 'OKTA_ORG_URL');
        assert.ok(problem, 'the problem names OKTA_ORG_URL');
        assert.match(problem.problem, /https:\/\/x\.okta\.com\/oauth2\/default is a custom authorization server/);
        assert.match(problem.problem, /cannot mint Okta API scopes/);
        assert.equal(
          problem.fix,
          'Use the org authorization server: set OKTA_ORG_URL to https://x.okta.com (no path).',
        );
        return true;
      },
    );
  });

  test('npm start stops before listening and prints the variable and the fix', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...CUSTOM_AS, PORT: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 1, result.stderr);
    assert.match(
      result.stderr,
      /✗ OKTA_ORG_URL: https:\/\/x\.okta\.com\/oauth2\/default is a custom authorization server/,
    );
    assert.match(
      result.stderr,
      /Fix: Use the org authorization server: set OKTA_ORG_URL to https:\/\/x\.okta\.com \(no path\)\./,
    );
    assert.doesNotMatch(result.stdout, /is running/);
  });

  test('/setup flags an issuer with /oauth2/… and names the variable to change', async () => {
    const h = await startHarness({
      adjust: (config) => ({
        ...config,
        okta: { ...config.okta, orgUrl: new URL(`${config.okta.orgUrl.origin}/oauth2/default`) },
      }),
    });
    try {
      const page = await new Browser().request(`${h.baseUrl}/setup`);
      const row = /<tr id="check-org-authorization-server" data-status="fail">[\s\S]*?<\/tr>/.exec(page.body)?.[0];
      assert.ok(row, 'the org authorization server check fails');
      assert.match(row, /\/oauth2\/default is a custom authorization server; it cannot mint okta\.\* scopes\./);
      assert.match(
        row,
        /<strong>Fix:<\/strong> Set OKTA_ORG_URL to the org URL alone \(https:\/\/your-org\.okta\.com\), not \/oauth2\/default\./,
      );
      const guide = await new Browser().request(`${h.baseUrl}/guide`);
      const step = /<li id="step-org-authorization-server"[\s\S]*?<\/li>/.exec(guide.body)?.[0] ?? '';
      assert.match(step, /teach-verdict-failed/);
      assert.match(step, /Set OKTA_ORG_URL to the org URL alone/);
    } finally {
      await h.close();
    }
  });
});
