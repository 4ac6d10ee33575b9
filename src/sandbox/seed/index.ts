import type { SandboxOrg } from '../org.ts';
import { type SeedPerson, seedEvents } from './events.ts';
import { SeedRandom } from './random.ts';
import { seedUsers } from './users.ts';

export { HOSTILE_RATE, HOSTILE_URLS, HOSTILE_VALUES, LONG_USER_AGENT } from './hostile.ts';

export interface SeedOptions {
  /** The generator seed (default 20240917): the same options give the same users and events. */
  seed?: number;
  /** Users to add besides the accounts (default 300). */
  users?: number;
  /** System Log events to add (default 50,000). */
  events?: number;
  /** The org's "now" (default: the current time); events fall in the 90 days before it, a few earlier. */
  now?: Date;
}

/** The sizes used when nothing is given. */
export const SEED_DEFAULTS = { seed: 20_240_917, users: 300, events: 50_000 } as const;

/** Deterministic: same options → same users and events. Defaults: ≥300 users, ≥50,000 events over the last 90 days plus some older than 90 days. */
export function seedOrg(org: SandboxOrg, options: SeedOptions = {}): void {
  const random = new SeedRandom(options.seed ?? SEED_DEFAULTS.seed);
  const now = (options.now ?? new Date()).getTime();
  const users = seedUsers(org.directory, random, options.users ?? SEED_DEFAULTS.users, now);
  const person = (id: string): SeedPerson | undefined => {
    const user = org.directory.find(id);
    if (!user) return undefined;
    const name = user.profile.displayName;
    return {
      id: user.id,
      login: user.profile.login,
      displayName:
        typeof name === 'string' ? name : `${user.profile.firstName ?? ''} ${user.profile.lastName ?? ''}`.trim(),
    };
  };
  const accounts = org.directory.accounts();
  const frequent = accounts.map((account) => person(account.userId)).filter((p): p is SeedPerson => p !== undefined);
  const admins = accounts
    .filter((account) => account.adminRoles.length > 0)
    .map((account) => person(account.userId))
    .filter((p): p is SeedPerson => p !== undefined);
  const active = users.filter((user) => user.status !== 'STAGED' && user.status !== 'PROVISIONED');
  const everyone = active.map((user) => person(user.id)).filter((p): p is SeedPerson => p !== undefined);
  seedEvents({
    org,
    random,
    count: options.events ?? SEED_DEFAULTS.events,
    now,
    frequent: frequent.length > 0 ? frequent : everyone,
    everyone: everyone.length > 0 ? everyone : frequent,
    admins: admins.length > 0 ? admins : frequent.length > 0 ? frequent : everyone,
  });
}
