import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyChange, type ConsoleChange, explainChange, refusal } from '../../../src/sandbox-console/changes.ts';
import type { SandboxControls, SandboxState } from '../../../src/sandbox-console/controls.ts';

const STATE: SandboxState = {
  orgUrl: 'http://127.0.0.1:3001',
  app: { label: 'web', clientId: '0oa1', redirectUris: [], postLogoutRedirectUris: [], requireDpop: false },
  scopes: [
    { scope: 'okta.logs.read', granted: true },
    { scope: 'okta.users.read', granted: true },
    { scope: 'okta.groups.read', granted: false },
  ],
  serviceApp: {
    label: 'service',
    clientId: '0oa2',
    keyId: 'k',
    scopes: [{ scope: 'okta.logs.read', granted: true }],
    adminRoles: ['READ_ONLY_ADMIN'],
    requireDpop: false,
  },
  roles: [
    { id: 'SUPER_ADMIN', label: 'Super Administrator', readable: ['okta.logs.read', 'okta.users.read'] },
    { id: 'REPORT_ADMIN', label: 'Report Administrator', readable: ['okta.logs.read'] },
  ],
  accounts: [
    { userId: '00u1', login: 'reports@x', name: 'R', purpose: '', adminRoles: ['REPORT_ADMIN'], assigned: true },
  ],
  faults: [],
  slowMs: 5000,
  slowBodyMs: 60_000,
  oversizedBytes: 64 * 1024 * 1024,
  rateLimits: { enabled: true, windowSeconds: 60, perAppShare: 0.5, buckets: [] },
};

describe('console changes', () => {
  test('refused when they name a scope, account or role the sandbox does not know', () => {
    assert.match(refusal({ kind: 'scope', scope: 'okta.x.read', granted: true }, STATE) ?? '', /scope/);
    assert.match(refusal({ kind: 'role', userId: '00u9', role: null }, STATE) ?? '', /account/);
    assert.match(refusal({ kind: 'role', userId: '00u1', role: 'ORG_OWNER' }, STATE) ?? '', /role/);
    assert.match(refusal({ kind: 'assignment', userId: '00u9', assigned: true }, STATE) ?? '', /account/);
    assert.equal(refusal({ kind: 'role', userId: '00u1', role: null }, STATE), null);
    assert.equal(refusal({ kind: 'rate-limits' }, STATE), null);
  });

  test('each change calls the one matching control', () => {
    const calls: string[] = [];
    const controls: SandboxControls = {
      state: () => STATE,
      setScopeGranted: (scope, granted) => calls.push(`scope ${scope} ${granted}`),
      setAdminRole: (userId, role) => calls.push(`role ${userId} ${role}`),
      setAssigned: (userId, assigned) => calls.push(`assigned ${userId} ${assigned}`),
      setRequireDpop: (app, required) => calls.push(`dpop ${app} ${required}`),
      setServiceAppScopeGranted: (scope, granted) => calls.push(`service scope ${scope} ${granted}`),
      setServiceAppRole: (role) => calls.push(`service role ${role}`),
      resetRateLimits: () => calls.push('reset'),
      setFault: (endpoint, kind) => calls.push(`fault ${endpoint} ${kind}`),
      recentRequests: () => ({ requests: [], latest: 0, url: 'http://127.0.0.1:9/sandbox/requests' }),
      apiToken: () => 'never-used',
    };
    const changes: ConsoleChange[] = [
      { kind: 'scope', scope: 'okta.users.read', granted: false },
      { kind: 'role', userId: '00u1', role: null },
      { kind: 'assignment', userId: '00u1', assigned: false },
      { kind: 'rate-limits' },
      { kind: 'fault', endpoint: 'logs', fault: 'slow' },
    ];
    for (const change of changes) applyChange(controls, change);
    assert.deepEqual(calls, [
      'scope okta.users.read false',
      'role 00u1 null',
      'assigned 00u1 false',
      'reset',
      'fault logs slow',
    ]);
  });

  test('a scope change says to sign in again, and whether the current token still carries it', () => {
    const viewer = { login: 'a', grantedScopes: ['okta.users.read'] };
    const notice = explainChange({ kind: 'scope', scope: 'okta.users.read', granted: false }, STATE, viewer);
    assert.equal(notice.next, 'sign-in-again');
    assert.match(notice.steps.join(' '), /Your current token still carries okta\.users\.read/);
    assert.match(notice.steps.join(' '), /consent_required/);
    const signedOut = explainChange({ kind: 'scope', scope: 'okta.groups.read', granted: true }, STATE, null);
    assert.equal(signedOut.title, 'Granted okta.groups.read on the web app');
  });

  test('a role change applies at once and says which scopes the role can use', () => {
    const notice = explainChange({ kind: 'role', userId: '00u1', role: 'REPORT_ADMIN' }, STATE, null);
    assert.equal(notice.title, 'reports@x is now a Report Administrator');
    assert.equal(notice.next, 'go-back');
    assert.match(notice.steps.join(' '), /no new sign-in needed/);
    assert.match(notice.steps.join(' '), /okta\.users\.read, okta\.groups\.read answer 403 E0000006/);
    const none = explainChange({ kind: 'role', userId: '00u1', role: null }, STATE, null);
    assert.match(none.steps.join(' '), /a scoped token reads nothing/);
  });

  test('unassigning names the refusal Okta gives at the next sign-in', () => {
    const notice = explainChange({ kind: 'assignment', userId: '00u1', assigned: false }, STATE, null);
    assert.match(notice.steps.join(' '), /access_denied "User is not assigned to the client application\."/);
  });

  test('faults say what the endpoint now does', () => {
    const on = explainChange({ kind: 'fault', endpoint: 'logs', fault: 'rate-limit' }, STATE, null);
    assert.equal(on.title, 'GET /api/v1/logs now answers 429 E0000047 (rate limit) every time');
    const slow = explainChange({ kind: 'fault', endpoint: 'users', fault: 'slow' }, STATE, null);
    assert.match(slow.title, /waits 5 seconds/);
    const trickle = explainChange({ kind: 'fault', endpoint: 'users', fault: 'slow-body' }, STATE, null);
    assert.match(trickle.title, /trickles the body out over 60 seconds/);
    const huge = explainChange({ kind: 'fault', endpoint: 'logs', fault: 'oversized' }, STATE, null);
    assert.match(huge.title, /a 64 MiB body/);
    const off = explainChange({ kind: 'fault', endpoint: 'logs', fault: null }, STATE, null);
    assert.equal(off.title, 'GET /api/v1/logs answers normally again');
  });
});
