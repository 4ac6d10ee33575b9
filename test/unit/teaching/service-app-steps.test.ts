import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cliExportCommand, oktaYamlText } from '../../../src/teaching/cli-config.ts';
import {
  SERVICE_STEP_IDS,
  type ServiceAppFacts,
  serviceAppFacts,
  serviceAppVerdicts,
} from '../../../src/teaching/service-app-steps.ts';
import { tokenTypeText } from '../../../src/teaching/token-facts.ts';

const READY: ServiceAppFacts = {
  clientId: '0oaService',
  keyIds: ['key-1'],
  grants: ['okta.logs.read', 'okta.users.read'],
  adminRoles: [
    { label: 'Read-only Administrator', readable: ['okta.logs.read', 'okta.users.read', 'okta.groups.read'] },
  ],
};

const statuses = (facts: ServiceAppFacts | undefined) => {
  const verdicts = serviceAppVerdicts(facts);
  return SERVICE_STEP_IDS.map((id) => verdicts[id].status);
};

describe('serviceAppVerdicts', () => {
  test('a service app set up as the guide says: every step verified but the optional DPoP', () => {
    assert.deepEqual(statuses(READY), ['verified', 'verified', 'verified', 'verified', 'unchecked']);
    assert.deepEqual(statuses({ ...READY, requireDpop: true }), [
      'verified',
      'verified',
      'verified',
      'verified',
      'verified',
    ]);
    assert.match(serviceAppVerdicts(READY)['service-public-key'].evidence, /key-1/);
  });

  test('a scope not granted fails step 3 and names it', () => {
    const verdict = serviceAppVerdicts({ ...READY, grants: ['okta.logs.read'] })['service-grant-scopes'];
    assert.equal(verdict.status, 'failed');
    assert.match(verdict.evidence, /Not granted: okta\.users\.read/);
    assert.match(verdict.fix ?? '', /Okta API Scopes tab/);
  });

  test('a role that covers one read only fails step 4 and names the other; no role names E0000006', () => {
    const reports = serviceAppVerdicts({
      ...READY,
      adminRoles: [{ label: 'Report Administrator', readable: ['okta.logs.read'] }],
    })['service-admin-role'];
    assert.equal(reports.status, 'failed');
    assert.match(reports.evidence, /Report Administrator, which does not cover okta\.users\.read/);
    const none = serviceAppVerdicts({ ...READY, adminRoles: [] })['service-admin-role'];
    assert.match(none.evidence, /no admin role.*E0000006/);
    assert.match(none.fix ?? '', /Read-only Administrator/);
  });

  test('no public key fails step 2', () => {
    assert.equal(serviceAppVerdicts({ ...READY, keyIds: [] })['service-public-key'].status, 'failed');
  });

  test('against a real org nothing is checked, and each step says how to check it', () => {
    const verdicts = serviceAppVerdicts(undefined);
    for (const id of SERVICE_STEP_IDS) {
      assert.equal(verdicts[id].status, 'unchecked', id);
      assert.match(verdicts[id].evidence, /Check/, id);
    }
  });
});

describe('serviceAppFacts', () => {
  const ROLES = [
    { id: 'READ_ONLY_ADMIN', label: 'Read-only Administrator', readable: ['okta.logs.read', 'okta.users.read'] },
    { id: 'REPORT_ADMIN', label: 'Report Administrator', readable: ['okta.logs.read'] },
  ];

  test("the console's service app: its key id, the scopes granted among those it lists, roles and DPoP", () => {
    assert.deepEqual(
      serviceAppFacts(
        {
          clientId: '0oaService',
          keyId: 'key-1',
          scopes: [
            { scope: 'okta.logs.read', granted: true },
            { scope: 'okta.users.read', granted: false },
          ],
          adminRoles: ['REPORT_ADMIN', 'MADE_UP_ADMIN'],
          requireDpop: true,
        },
        ROLES,
      ),
      {
        clientId: '0oaService',
        keyIds: ['key-1'],
        grants: ['okta.logs.read'],
        adminRoles: [
          { label: 'Report Administrator', readable: ['okta.logs.read'] },
          { label: 'MADE_UP_ADMIN', readable: [] },
        ],
        requireDpop: true,
      },
    );
  });
});

describe('the CLI settings shown next to the steps', () => {
  const settings = { orgUrl: 'https://dev-1.okta.com', clientId: '0oaService', keyId: 'key-1', dpop: false };

  test("okta.yaml in the SDKs' layout, with the private key as a path", () => {
    assert.equal(
      oktaYamlText(settings),
      [
        'okta:',
        '  client:',
        '    orgUrl: "https://dev-1.okta.com"',
        '    authorizationMode: "PrivateKey"',
        '    clientId: "0oaService"',
        '    scopes:',
        '      - "okta.logs.read"',
        '      - "okta.users.read"',
        '    privateKey: "./private-key.pem"',
        '    keyId: "key-1"',
        '',
      ].join('\n'),
    );
  });

  test('an app that requires DPoP: dpop: true for the CLI', () => {
    assert.match(oktaYamlText({ ...settings, dpop: true }), /\n {4}keyId: "key-1"\n {4}dpop: true\n$/);
  });

  test('a value cannot break out of its YAML line', () => {
    const yaml = oktaYamlText({ ...settings, keyId: 'a"\nokta: evil' });
    assert.match(yaml, /keyId: "a\\"\\nokta: evil"/);
    assert.equal(yaml.split('\n').length, 11);
  });

  test('the export command: the last 24 hours, every flag, --dpop only when the app requires DPoP', () => {
    const now = Date.parse('2026-12-03T12:00:00.000Z');
    const command = cliExportCommand(settings, now);
    assert.match(command, /^npx okta-scoped-viewer logs export --since 2026-12-02T12:00:00Z/);
    for (const flag of [
      '--org-url https://dev-1.okta.com',
      '--client-id 0oaService',
      '--key-id key-1',
      '--private-key',
    ]) {
      assert.ok(command.includes(flag), flag);
    }
    assert.doesNotMatch(command, /--dpop/);
    assert.match(cliExportCommand({ ...settings, dpop: true }, now), /--dpop$/);
    assert.match(cliExportCommand({ ...settings, keyId: "it's" }, now), /--key-id 'it'"'"'s'/);
  });
});

describe('tokenTypeText', () => {
  test("Okta's token types in their usual spelling", () => {
    assert.equal(tokenTypeText('bearer'), 'Bearer');
    assert.equal(tokenTypeText('Bearer'), 'Bearer');
    assert.equal(tokenTypeText(''), 'Bearer');
    assert.equal(tokenTypeText('dpop'), 'DPoP');
    assert.equal(tokenTypeText('DPoP'), 'DPoP');
    assert.equal(tokenTypeText('N_A'), 'N_A');
  });
});
