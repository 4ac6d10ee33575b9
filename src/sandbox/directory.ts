import type { AdminRole } from './admin-roles.ts';
import type { OktaUser, UserProfile, UserStatus } from './okta-types.ts';

/** Someone who can sign in to the sandbox org: an Okta user with a password and admin roles. */
export interface SandboxAccount {
  userId: string;
  login: string;
  password: string;
  adminRoles: AdminRole[];
  /** What this account is for, shown on the sandbox sign-in page. */
  purpose: string;
}

/** The password of every seeded account. The sandbox is a local teaching org, never a real one. */
export const SANDBOX_PASSWORD = 'sandbox-password';

export interface NewUser {
  id: string;
  status: UserStatus;
  created: Date;
  profile: UserProfile;
  lastLogin?: Date | null;
}

/** The org's users (Okta `User` objects) and the accounts that can sign in. */
export class Directory {
  readonly #users = new Map<string, OktaUser>();
  readonly #byLogin = new Map<string, OktaUser>();
  readonly #accounts = new Map<string, SandboxAccount>();

  constructor(readonly orgUrl: string) {}

  /** Adds a user; `created` and the other dates follow Okta's `YYYY-MM-DDTHH:mm:ss.SSSZ` format. */
  addUser(input: NewUser): OktaUser {
    const created = input.created.toISOString();
    const active = input.status !== 'STAGED' && input.status !== 'PROVISIONED';
    const user: OktaUser = {
      id: input.id,
      status: input.status,
      created,
      activated: active ? created : null,
      statusChanged: input.status === 'ACTIVE' ? null : created,
      lastLogin: input.lastLogin ? input.lastLogin.toISOString() : null,
      lastUpdated: created,
      passwordChanged: active ? created : null,
      type: { id: 'otysandboxdefault0g4' },
      profile: input.profile,
      credentials: active
        ? { password: {}, provider: { type: 'OKTA', name: 'OKTA' } }
        : { provider: { type: 'OKTA', name: 'OKTA' } },
      _links: { self: { href: `${this.orgUrl}/api/v1/users/${input.id}` } },
    };
    this.#users.set(user.id, user);
    this.#byLogin.set(user.profile.login.toLowerCase(), user);
    return user;
  }

  addAccount(account: SandboxAccount): void {
    if (!this.#users.has(account.userId)) throw new Error(`no user ${account.userId} for account ${account.login}`);
    this.#accounts.set(account.userId, account);
  }

  /** All users, in id order (Okta lists users by id and pages with `after` = the last id). */
  users(): OktaUser[] {
    return [...this.#users.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** Finds a user by id or by login, as `GET /api/v1/users/{idOrLogin}` does. */
  find(idOrLogin: string): OktaUser | undefined {
    return this.#users.get(idOrLogin) ?? this.#byLogin.get(idOrLogin.toLowerCase());
  }

  accounts(): SandboxAccount[] {
    return [...this.#accounts.values()];
  }

  account(userId: string): SandboxAccount | undefined {
    return this.#accounts.get(userId);
  }

  /** The account whose login and password match, or undefined. */
  authenticate(login: string, password: string): SandboxAccount | undefined {
    const user = this.#byLogin.get(login.trim().toLowerCase());
    const account = user && this.#accounts.get(user.id);
    return account && account.password === password ? account : undefined;
  }

  recordLogin(userId: string, at: Date): void {
    const user = this.#users.get(userId);
    if (user) user.lastLogin = at.toISOString();
  }
}
