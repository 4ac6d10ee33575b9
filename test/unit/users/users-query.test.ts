import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { planUsersQuery, type UsersQuerystring, usersHref } from '../../../src/users/users-query.ts';

describe('planUsersQuery', () => {
  const cases: {
    description: string;
    input: UsersQuerystring;
    mode: 'list' | 'q' | 'search';
    search?: string;
    q?: string;
    sort?: [string, string];
    limit: number;
    note?: RegExp;
  }[] = [
    {
      description: 'nothing: the plain list, 20 a page',
      input: {},
      mode: 'list',
      limit: 20,
      note: /except DEPROVISIONED/,
    },
    {
      description: 'a prefix alone uses q',
      input: { q: '  ada ' },
      mode: 'q',
      q: 'ada',
      limit: 20,
      note: /does not page/,
    },
    {
      description: 'a status becomes a search',
      input: { status: 'LOCKED_OUT' },
      mode: 'search',
      search: 'status eq "LOCKED_OUT"',
      limit: 20,
    },
    {
      description: 'an expression is sent in parentheses and and-ed with the status',
      input: { search: 'profile.city eq "Oslo" or profile.city eq "Bergen"', status: 'ACTIVE', limit: 50 },
      mode: 'search',
      search: '(profile.city eq "Oslo" or profile.city eq "Bergen") and status eq "ACTIVE"',
      limit: 50,
    },
    {
      description: 'a prefix next to a search becomes sw clauses, quotes escaped',
      input: { q: 'o"b', status: 'ACTIVE' },
      mode: 'search',
      search:
        'status eq "ACTIVE" and (profile.firstName sw "o\\"b" or profile.lastName sw "o\\"b" or profile.email sw "o\\"b")',
      limit: 20,
      note: /becomes part of the search/,
    },
    {
      description: 'a sort goes out with a search',
      input: { status: 'ACTIVE', sortBy: 'created', sortOrder: 'desc' },
      mode: 'search',
      search: 'status eq "ACTIVE"',
      sort: ['created', 'desc'],
      limit: 20,
    },
    {
      description: 'a sort without a search is left out, with the reason',
      input: { sortBy: 'created', sortOrder: 'desc' },
      mode: 'list',
      limit: 20,
      note: /Okta sorts only search results/,
    },
  ];
  for (const { description, input, mode, search, q, sort, limit, note } of cases) {
    test(description, () => {
      const plan = planUsersQuery(input);
      assert.equal(plan.mode, mode);
      assert.equal(plan.query.search?.expression, search);
      assert.equal(plan.query.q, q);
      assert.deepEqual(plan.query.sortBy === undefined ? undefined : [plan.query.sortBy, plan.query.sortOrder], sort);
      assert.equal(plan.query.limit, limit);
      if (note)
        assert.ok(
          plan.notes.some((line) => note.test(line)),
          plan.notes.join(' | '),
        );
    });
  }

  test('the key and links carry the normalised form, without the default page size', () => {
    const plan = planUsersQuery({ q: ' ada ', status: '', limit: 20, sortOrder: 'desc' });
    assert.equal(plan.key, 'q=ada');
    assert.equal(usersHref(plan.params), '/users?q=ada');
    assert.equal(usersHref(plan.params, 'tok'), '/users?q=ada&page=tok');
    assert.equal(usersHref(planUsersQuery({}).params), '/users');
    assert.notEqual(
      planUsersQuery({ limit: 50 }).key,
      planUsersQuery({}).key,
      'a different page size is a different query',
    );
  });
});
