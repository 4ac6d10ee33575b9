import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { LogEvent } from '../../../../src/sandbox/okta-types.ts';
import { createSandboxOrg, type SandboxOrg } from '../../../../src/sandbox/org.ts';
import { HOSTILE_URLS, HOSTILE_VALUES, SEED_DEFAULTS, seedOrg } from '../../../../src/sandbox/seed/index.ts';

const NOW = new Date('2026-06-15T12:00:00.000Z');
const DAY = 864e5;

async function freshOrg(): Promise<SandboxOrg> {
  return createSandboxOrg({ orgUrl: 'http://127.0.0.1:1', appBaseUrl: 'http://127.0.0.1:2' });
}

function seededPart(org: SandboxOrg) {
  const accounts = new Set(org.directory.accounts().map((a) => a.userId));
  return {
    users: org.directory.users().filter((u) => !accounts.has(u.id)),
    events: org.systemLog.inPersistenceOrder().map((s) => s.event),
  };
}

/** Every string value in an object, depth-first. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value && typeof value === 'object') for (const item of Object.values(value)) strings(item, out);
  return out;
}

describe('seedOrg', () => {
  test('is deterministic: the same options give the same users and events; another seed differs', async () => {
    const [a, b, c] = await Promise.all([freshOrg(), freshOrg(), freshOrg()]);
    seedOrg(a, { seed: 7, users: 40, events: 800, now: NOW });
    seedOrg(b, { seed: 7, users: 40, events: 800, now: NOW });
    seedOrg(c, { seed: 8, users: 40, events: 800, now: NOW });
    assert.deepEqual(seededPart(a), seededPart(b));
    assert.notDeepEqual(seededPart(a).events, seededPart(c).events);
    assert.equal(seededPart(a).users.length, 40);
    assert.equal(a.systemLog.size, 800);
  });

  describe('with the defaults', () => {
    let org: SandboxOrg;
    let events: LogEvent[];

    before(async () => {
      org = await freshOrg();
      seedOrg(org, { now: NOW });
      events = org.systemLog.inPersistenceOrder().map((s) => s.event);
    });

    test('adds at least 300 users across all 8 statuses, with realistic profiles', () => {
      const users = seededPart(org).users;
      assert.ok(users.length >= 300 && SEED_DEFAULTS.users >= 300);
      const statuses = new Map<string, number>();
      for (const user of users) statuses.set(user.status, (statuses.get(user.status) ?? 0) + 1);
      assert.deepEqual([...statuses.keys()].sort(), [
        'ACTIVE',
        'DEPROVISIONED',
        'LOCKED_OUT',
        'PASSWORD_EXPIRED',
        'PROVISIONED',
        'RECOVERY',
        'STAGED',
        'SUSPENDED',
      ]);
      assert.ok((statuses.get('ACTIVE') ?? 0) > users.length / 2);
      assert.equal(new Set(users.map((u) => u.profile.login.toLowerCase())).size, users.length, 'logins are unique');
      for (const user of users) {
        assert.match(user.id, /^00u[A-Za-z0-9]{17}$/);
        assert.match(user.profile.login, /^[a-z]+\.[a-z]+\d*@[a-z.]+$/);
        assert.equal(user.profile.email, user.profile.login);
        assert.equal(typeof user.profile.department, 'string');
        assert.ok(Date.parse(user.lastUpdated) >= Date.parse(user.created));
        assert.equal(user.activated === null, user.status === 'STAGED' || user.status === 'PROVISIONED');
      }
      assert.ok(
        users.some((u) => /\P{ASCII}/u.test(`${u.profile.firstName}${u.profile.lastName}`)),
        'non-ASCII names exist',
      );
    });

    test('adds 50,000 events in published order: the last 90 days plus a few older', () => {
      assert.equal(events.length, 50_000);
      const times = events.map((e) => Date.parse(e.published));
      assert.ok(
        times.every((t, i) => i === 0 || (times[i - 1] as number) <= t),
        'appended oldest first',
      );
      const older = times.filter((t) => t < NOW.getTime() - 90 * DAY).length;
      assert.ok(older > 500 && older < 2500, `${older} events are older than 90 days`);
      assert.ok(times.every((t) => t >= NOW.getTime() - 121 * DAY && t < NOW.getTime()));
      const perWeek = times.filter((t) => t >= NOW.getTime() - 7 * DAY).length;
      assert.ok(perWeek > 3000, 'the default 7-day window is well filled');
      const persisted = org.systemLog.inPersistenceOrder().every((s) => s.persistedMs === s.publishedMs);
      assert.ok(persisted, 'seeded history was persisted when it was published');
    });

    test('uses the catalogue of event types, outcomes, severities and transactions', () => {
      const types = new Set(events.map((e) => e.eventType));
      for (const type of [
        'user.session.start',
        'user.session.end',
        'user.authentication.sso',
        'user.authentication.auth_via_mfa',
        'user.lifecycle.create',
        'user.account.lock',
        'group.user_membership.add',
        'application.user_membership.add',
        'policy.evaluate_sign_on',
        'system.api_token.create',
        'app.oauth2.token.grant.access_token',
        'system.org.rate_limit.violation',
      ]) {
        assert.ok(types.has(type), type);
      }
      assert.deepEqual(new Set(events.map((e) => e.severity)), new Set(['INFO', 'WARN']));
      const results = new Set(events.map((e) => e.outcome.result));
      for (const result of ['SUCCESS', 'FAILURE', 'ALLOW', 'DENY']) assert.ok(results.has(result), result);
      assert.deepEqual(new Set(events.map((e) => e.transaction.type)), new Set(['WEB', 'JOB']));
      assert.equal(new Set(events.map((e) => e.uuid)).size, events.length, 'uuids are unique');
    });

    test('the sign-in accounts are frequent actors; clients carry IPv4, IPv6 and geography', () => {
      const accounts = new Set(org.directory.accounts().map((a) => a.userId));
      const byAccounts = events.filter((e) => accounts.has(e.actor.id)).length;
      assert.ok(byAccounts > events.length * 0.3, `${byAccounts} events by the accounts`);
      const versions = new Set(events.map((e) => e.request.ipChain[0]?.version));
      assert.deepEqual(versions, new Set(['V4', 'V6']));
      assert.ok(events.every((e) => e.client.geographicalContext?.country && e.client.ipAddress));
      const sessions = events.filter((e) => e.authenticationContext.externalSessionId).length;
      assert.ok(sessions > events.length * 0.9);
      assert.ok(
        events.some((e) => e.client.id === org.webApp.clientId),
        'the demo web app appears as an OAuth client',
      );
    });

    test('about 1% of events carry hostile values, and every kind of hostile value appears', () => {
      const hostile = new Set<string>([...HOSTILE_VALUES, ...HOSTILE_URLS]);
      const eventsWithHostile = events.filter((e) => strings(e).some((s) => hostile.has(s) || s.length > 2000));
      const share = eventsWithHostile.length / events.length;
      assert.ok(share > 0.005 && share < 0.03, `hostile share ${share}`);
      const all = events.flatMap((e) => strings(e));
      for (const probe of ['<img src=x onerror=alert(1)>', '"><svg onload=alert(1)>', '\r\n', '\u001b[', '\u202E']) {
        assert.ok(
          all.some((s) => s.includes(probe)),
          JSON.stringify(probe),
        );
      }
      for (const prefix of ['=', '+', '-', '@'])
        assert.ok(
          all.some((s) => s.startsWith(prefix)),
          `CSV formula prefix ${prefix}`,
        );
      assert.ok(events.some((e) => e.debugContext.debugData.url === 'javascript:alert(1)'));
      assert.ok(
        events.some((e) => (e.client.userAgent?.rawUserAgent?.length ?? 0) >= 2000),
        'a 2 KB user agent',
      );
      const users = seededPart(org).users;
      const hostileProfiles = users.filter((u) => strings(u.profile).some((s) => hostile.has(s)));
      assert.ok(
        hostileProfiles.length >= HOSTILE_VALUES.length / 2,
        `${hostileProfiles.length} users with hostile profile values`,
      );
    });
  });
});
