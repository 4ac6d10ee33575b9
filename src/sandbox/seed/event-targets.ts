import type { LogTarget } from '../okta-types.ts';
import type { EventKind } from './event-catalog.ts';
import type { SeedPerson } from './events.ts';
import type { SeedRandom } from './random.ts';
import { APPS, GROUPS } from './vocabulary.ts';

/** The targets of one seeded event, by what its kind acts on. */
export function targets(
  kind: EventKind,
  random: SeedRandom,
  subject: SeedPerson,
  oauthClient: { id: string; label: string } | undefined,
  authenticatorName: string,
): LogTarget[] {
  return kind.targets.map((target): LogTarget => {
    switch (target) {
      case 'user':
        return {
          id: subject.id,
          type: 'User',
          alternateId: subject.login,
          displayName: subject.displayName,
          detailEntry: null,
        };
      case 'app': {
        const app =
          kind.eventType === 'user.session.access_admin_app'
            ? (APPS.find((a) => a.name === 'saasure') ?? APPS[0])
            : random.pick(APPS);
        return {
          id: app?.id ?? '',
          type: 'AppInstance',
          alternateId: app?.label ?? '',
          displayName: app?.label ?? '',
          detailEntry: null,
        };
      }
      case 'group': {
        const group = random.pick(GROUPS);
        return { id: group.id, type: 'UserGroup', alternateId: 'unknown', displayName: group.name, detailEntry: null };
      }
      case 'authenticator':
        return {
          id: `pfd${random.base62(17)}`,
          type: 'AuthenticatorEnrollment',
          alternateId: 'unknown',
          displayName: authenticatorName,
          detailEntry: null,
        };
      case 'policy':
        return {
          id: `00p${random.base62(17)}`,
          type: 'PolicyEntity',
          alternateId: 'unknown',
          displayName: 'Default Policy',
          detailEntry: { policyType: 'OktaSignOn' },
        };
      case 'token':
        return {
          id: `${kind.eventType.includes('refresh') ? 'rt' : 'at'}.${random.base62(20)}`,
          type: kind.eventType.includes('refresh') ? 'refresh_token' : 'access_token',
          alternateId: 'unknown',
          displayName: oauthClient ? `${oauthClient.label} token` : 'Access Token',
          detailEntry: { expires: 'in 3600 seconds' },
        };
      case 'apiToken':
        return {
          id: `00T${random.base62(17)}`,
          type: 'Token',
          alternateId: 'unknown',
          displayName: 'Automation token',
          detailEntry: null,
        };
      default:
        return {
          id: '/api/v1/logs',
          type: 'URL Pattern',
          alternateId: 'unknown',
          displayName: '/api/v1/logs',
          detailEntry: null,
        };
    }
  });
}
