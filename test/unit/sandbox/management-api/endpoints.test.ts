import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { endpointFor, scopeForMethod } from '../../../../src/sandbox/management-api/endpoints.ts';

describe('endpointFor', () => {
  const cases: { path: string; scope: string; bucket: string; kind: string; id?: string }[] = [
    { path: '/api/v1/logs', scope: 'okta.logs.read', bucket: 'logs', kind: 'logs' },
    { path: '/api/v1/users', scope: 'okta.users.read', bucket: 'users', kind: 'users' },
    { path: '/api/v1/users/00u1', scope: 'okta.users.read', bucket: 'userById', kind: 'user', id: '00u1' },
    {
      path: '/api/v1/users/a%40b.example',
      scope: 'okta.users.read',
      bucket: 'userById',
      kind: 'user',
      id: 'a@b.example',
    },
    {
      path: '/api/v1/users/00u1/factors',
      scope: 'okta.factors.read',
      bucket: 'userById',
      kind: 'user-factors',
      id: '00u1',
    },
    {
      path: '/api/v1/users/00u1/groups',
      scope: 'okta.users.read',
      bucket: 'userById',
      kind: 'user-collection',
      id: '00u1',
    },
    {
      path: '/api/v1/users/00u1/roles',
      scope: 'okta.roles.read',
      bucket: 'userById',
      kind: 'user-collection',
      id: '00u1',
    },
    { path: '/api/v1/groups', scope: 'okta.groups.read', bucket: 'other', kind: 'collection' },
    { path: '/api/v1/groups/00g1/users', scope: 'okta.groups.read', bucket: 'other', kind: 'item', id: '00g1' },
    { path: '/api/v1/apps', scope: 'okta.apps.read', bucket: 'other', kind: 'collection' },
    { path: '/api/v1/zones', scope: 'okta.networkZones.read', bucket: 'other', kind: 'collection' },
    { path: '/api/v1/iam/roles', scope: 'okta.roles.read', bucket: 'other', kind: 'collection' },
    { path: '/api/v1/meta/schemas/user/default', scope: 'okta.schemas.read', bucket: 'other', kind: 'unknown' },
    { path: '/api/v1/whatever', scope: '', bucket: 'other', kind: 'unknown' },
  ];
  for (const c of cases) {
    test(c.path, () => {
      const endpoint = endpointFor(c.path);
      assert.deepEqual(
        { scope: endpoint.scope, bucket: endpoint.bucket, kind: endpoint.kind, id: endpoint.id },
        { scope: c.scope, bucket: c.bucket, kind: c.kind, id: c.id },
      );
    });
  }

  test('writes need the manage scope', () => {
    const users = endpointFor('/api/v1/users');
    assert.equal(scopeForMethod(users, 'GET'), 'okta.users.read');
    assert.equal(scopeForMethod(users, 'HEAD'), 'okta.users.read');
    assert.equal(scopeForMethod(users, 'POST'), 'okta.users.manage');
    assert.equal(scopeForMethod(endpointFor('/api/v1/groups/1'), 'DELETE'), 'okta.groups.manage');
  });
});
