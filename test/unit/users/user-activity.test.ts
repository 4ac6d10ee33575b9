import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ACTIVITY_DAYS, activityQuery, activityRows } from '../../../src/users/user-activity.ts';

describe('user activity', () => {
  test('one bounded, newest-first System Log query for the user as actor or target', () => {
    const now = Date.UTC(2026, 0, 31);
    const query = activityQuery('00u"1', now);
    assert.equal(query.filter?.expression, 'actor.id eq "00u\\"1" or target.id eq "00u\\"1"');
    assert.equal(query.sortOrder, 'DESCENDING');
    assert.equal(query.limit, 10);
    assert.deepEqual(query.until, new Date(now));
    assert.deepEqual(query.since, new Date(now - ACTIVITY_DAYS * 24 * 3600 * 1000));
  });

  test('rows say how the user takes part, and name another actor as text', () => {
    const rows = activityRows(
      [
        { eventType: 'user.session.start', actor: { id: 'me' }, published: '2026-01-30T10:00:00.000Z' },
        {
          eventType: 'user.lifecycle.suspend',
          actor: { id: 'admin', displayName: '<img src=x>' },
          target: [{ id: 'me' }],
          outcome: { result: 'SUCCESS' },
        },
        { eventType: 'user.account.update_profile', actor: { id: 'me' }, target: [{ id: 'me' }] },
      ],
      'me',
    );
    assert.deepEqual(
      rows.map((row) => [row.role, row.actor, row.outcome]),
      [
        ['actor', '', '—'],
        ['target', '<img src=x>', 'SUCCESS'],
        ['actor and target', '', '—'],
      ],
    );
    assert.equal(rows[0]?.published, '2026-01-30 10:00 UTC');
  });
});
