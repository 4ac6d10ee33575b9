/**
 * Okta users as the pages show them. Every value is plain text for the template to escape; invisible characters
 * are made visible; a link is offered only for an http(s) URL after parsing.
 */
import type { User } from '../okta/index.ts';
import { hasInvisible, visible } from '../text/visible-text.ts';

/** How a status badge looks: app.css has badge-ok, badge-warn and badge-danger. */
export type Tone = 'ok' | 'warn' | 'danger' | 'neutral';

/** One row of the users table. */
export interface UserRow {
  id: string;
  href: string;
  name: string;
  login: string;
  email: string;
  status: string;
  tone: Tone;
  /** `YYYY-MM-DD` (UTC), or an em dash; the full time is in `createdTime`. */
  created: string;
  createdTime: string;
  lastLogin: string;
  lastLoginTime: string;
}

/** One profile attribute on the user page. */
export interface AttributeView {
  name: string;
  /** The value as text, invisible characters escaped; '' for null. */
  text: string;
  /** An http(s) URL to link to, or null. */
  href: string | null;
  empty: boolean;
  /** The value held control, bidi or other invisible characters, now shown as escapes (`\n`, `\u202E`). */
  escaped: boolean;
}

const TONES: Readonly<Record<string, Tone>> = {
  ACTIVE: 'ok',
  STAGED: 'warn',
  PROVISIONED: 'warn',
  RECOVERY: 'warn',
  PASSWORD_EXPIRED: 'warn',
  LOCKED_OUT: 'danger',
  SUSPENDED: 'danger',
  DEPROVISIONED: 'danger',
};

/** The badge tone of a status (unknown statuses are neutral). */
export function statusTone(status: string): Tone {
  return TONES[status] ?? 'neutral';
}

function text(value: unknown): string {
  return typeof value === 'string' ? visible(value) : '';
}

/** An Okta date (ISO 8601) as `YYYY-MM-DD HH:MM UTC`, or an em dash when absent or not a date. */
export function formatDate(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '—';
  const time = Date.parse(value);
  if (Number.isNaN(time)) return visible(value);
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The day of an Okta date (`YYYY-MM-DD`, UTC), or an em dash. */
export function formatDay(value: unknown): string {
  const full = formatDate(value);
  return /^\d{4}-\d\d-\d\d /.test(full) ? full.slice(0, 10) : full;
}

/** The name to show: displayName, else first and last name, else login, else id. */
export function displayName(user: User): string {
  const profile = user.profile ?? {};
  const full = [profile.firstName, profile.lastName].filter((part) => typeof part === 'string' && part !== '');
  const name =
    typeof profile.displayName === 'string' && profile.displayName !== '' ? profile.displayName : full.join(' ');
  return visible(name || (typeof profile.login === 'string' ? profile.login : '') || user.id);
}

/** The users-table row of a user. */
export function userRow(user: User): UserRow {
  const status = typeof user.status === 'string' ? user.status : '';
  return {
    id: user.id,
    href: `/users/${encodeURIComponent(user.id)}`,
    name: displayName(user),
    login: text(user.profile?.login),
    email: text(user.profile?.email),
    status: visible(status) || '—',
    tone: statusTone(status),
    created: formatDay(user.created),
    createdTime: formatDate(user.created),
    lastLogin: formatDay(user.lastLogin),
    lastLoginTime: formatDate(user.lastLogin),
  };
}

/** The URL to link a value to: only a string that parses as an absolute http: or https: URL. */
export function safeHref(value: unknown): string | null {
  if (typeof value !== 'string' || !/^https?:\/\//i.test(value.trim())) return null;
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '') return null;
  return url.href;
}

function attributeText(value: unknown): { text: string; escaped: boolean } {
  if (value === null || value === undefined) return { text: '', escaped: false };
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  return { text: visible(raw), escaped: hasInvisible(raw) };
}

/** Every profile attribute, sorted by name, as text (arrays and objects as JSON). */
export function profileAttributes(user: User): AttributeView[] {
  return Object.entries(user.profile ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => {
      const { text: shown, escaped } = attributeText(value);
      return {
        name: visible(name),
        text: shown,
        href: safeHref(value),
        empty: value === null || value === undefined || value === '',
        escaped,
      };
    });
}

/** The user's lifecycle dates and identifiers, in the order an admin reads them. */
export function userFacts(user: User): { label: string; value: string }[] {
  return [
    { label: 'Okta user id', value: user.id },
    { label: 'Status', value: text(user.status) || '—' },
    { label: 'Created', value: formatDate(user.created) },
    { label: 'Activated', value: formatDate(user.activated) },
    { label: 'Status changed', value: formatDate(user.statusChanged) },
    { label: 'Last sign-in', value: formatDate(user.lastLogin) },
    { label: 'Profile updated', value: formatDate(user.lastUpdated) },
    { label: 'Password changed', value: formatDate(user.passwordChanged) },
    { label: 'User type id', value: text(user.type?.id) || '—' },
  ];
}
