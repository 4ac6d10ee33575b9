import type { Directory } from '../directory.ts';
import type { OktaUser, UserStatus } from '../okta-types.ts';
import { HOSTILE_VALUES, maybeHostile } from './hostile.ts';
import type { SeedRandom } from './random.ts';
import { CITIES, DEPARTMENTS, EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, TITLES } from './vocabulary.ts';

const DAY_MS = 24 * 3600 * 1000;

const STATUSES: readonly UserStatus[] = [
  'ACTIVE',
  'STAGED',
  'PROVISIONED',
  'RECOVERY',
  'PASSWORD_EXPIRED',
  'LOCKED_OUT',
  'SUSPENDED',
  'DEPROVISIONED',
];
const STATUS_WEIGHTS = [70, 5, 5, 3, 4, 4, 4, 5];

/** Adds `count` users across all 8 statuses with realistic profiles; about 1% carry hostile profile values. */
export function seedUsers(directory: Directory, random: SeedRandom, count: number, now: number): OktaUser[] {
  const taken = new Set(directory.users().map((user) => user.profile.login.toLowerCase()));
  const users: OktaUser[] = [];
  for (let i = 0; i < count; i += 1) {
    // The first eight take one status each, so every status exists even in a tiny org.
    const status = i < STATUSES.length ? (STATUSES[i] as UserStatus) : random.weighted(STATUSES, STATUS_WEIGHTS);
    const firstName = random.pick(FIRST_NAMES);
    const lastName = random.pick(LAST_NAMES);
    const login = uniqueLogin(`${ascii(firstName)}.${ascii(lastName)}`, random.pick(EMAIL_DOMAINS), taken);
    const department = random.pick(DEPARTMENTS);
    const city = random.pick(CITIES);
    const created = now - random.int(30, 1500) * DAY_MS - random.int(0, DAY_MS);
    const everActive = status !== 'STAGED' && status !== 'PROVISIONED';
    const lastLogin = everActive && random.chance(0.9) ? now - random.int(0, 60 * DAY_MS) : null;
    const user = directory.addUser({
      id: oktaIdFrom(random),
      status,
      created: new Date(created),
      lastLogin: lastLogin === null ? null : new Date(Math.max(lastLogin, created)),
      profile: {
        // Okta's UserProfile caps firstName at 50 characters.
        firstName: maybeHostile(random, firstName, 0.003, 50),
        lastName,
        login,
        email: login,
        displayName: maybeHostile(random, `${firstName} ${lastName}`),
        nickName: maybeHostile(random, firstName),
        secondEmail: random.chance(0.2) ? `${ascii(firstName)}.${random.int(10, 99)}@mail.example.net` : null,
        mobilePhone: random.chance(0.6) ? `+1-555-01${String(random.int(0, 99)).padStart(2, '0')}` : null,
        department: maybeHostile(random, department),
        title: maybeHostile(random, random.pick(TITLES[department] ?? ['Employee'])),
        organization: 'Sandbox Example Inc.',
        employeeNumber: String(100000 + i),
        userType: random.chance(0.1) ? 'Contractor' : 'Employee',
        city: maybeHostile(random, city.city, undefined, 128),
        state: city.state,
        countryCode: city.countryCode,
        locale: 'en_US',
        timezone: 'UTC',
      },
    });
    const lastUpdated = created + random.int(0, Math.max(0, now - created - DAY_MS));
    user.lastUpdated = new Date(lastUpdated).toISOString();
    if (user.statusChanged !== null) user.statusChanged = user.lastUpdated;
    if (user.passwordChanged !== null)
      user.passwordChanged = new Date(created + random.int(0, lastUpdated - created)).toISOString();
    users.push(user);
  }
  // A handful of profiles that carry each kind of hostile value at least once, whatever the seed.
  for (let i = 0; i < Math.min(users.length, HOSTILE_VALUES.length) && count >= 100; i += 1) {
    const user = users[(i * 37 + 11) % users.length] as OktaUser;
    user.profile.title = HOSTILE_VALUES[i] as string;
  }
  return users;
}

function oktaIdFrom(random: SeedRandom): string {
  return `00u${random.base62(17)}`;
}

function uniqueLogin(local: string, domain: string, taken: Set<string>): string {
  let candidate = `${local}@${domain}`;
  for (let n = 2; taken.has(candidate.toLowerCase()); n += 1) candidate = `${local}${n}@${domain}`;
  taken.add(candidate.toLowerCase());
  return candidate;
}

/** Logins use plain ASCII: "Søren Müller" → "soren.muller". */
function ascii(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .replace(/ø/g, 'o')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();
}
