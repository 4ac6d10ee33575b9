import type { GeographicalContext, LogActor, LogEvent } from '../okta-types.ts';
import type { SandboxOrg } from '../org.ts';
import { EVENT_KINDS, type EventKind } from './event-catalog.ts';
import { targets } from './event-targets.ts';
import { HOSTILE_URLS, HOSTILE_VALUES } from './hostile.ts';
import { forceHostile, randomHostile } from './hostile-events.ts';
import type { SeedRandom } from './random.ts';
import { AUTHENTICATORS, CITIES, type City, USER_AGENTS } from './vocabulary.ts';

const DAY_MS = 24 * 3600 * 1000;
/** Share of seeded events older than the 90-day retention window: stored, never returned. */
const EXPIRED_SHARE = 0.03;
const HOSTILE_EVENT_RATE = 0.01;

/** A person events can be about or by: a directory user reduced to what a LogActor needs. */
export interface SeedPerson {
  id: string;
  login: string;
  displayName: string;
}

export interface EventSeedInput {
  org: SandboxOrg;
  random: SeedRandom;
  count: number;
  now: number;
  /** Frequent actors (the accounts that can sign in) and everyone else. */
  frequent: readonly SeedPerson[];
  everyone: readonly SeedPerson[];
  /** Admins who act on other users. */
  admins: readonly SeedPerson[];
}

const REQUEST_URIS: Record<string, string> = {
  'user.session.start': '/idp/idx/identify',
  'user.session.end': '/login/signout',
  'user.authentication.sso': '/app/slack/sso/saml',
  'user.authentication.auth_via_mfa': '/idp/idx/challenge/answer',
  'policy.evaluate_sign_on': '/idp/idx/introspect',
  'app.oauth2.authorize.code': '/oauth2/v1/authorize',
  'app.oauth2.token.grant.access_token': '/oauth2/v1/token',
  'app.oauth2.token.grant.refresh_token': '/oauth2/v1/token',
  'app.oauth2.token.detect_reuse': '/oauth2/v1/token',
  'user.session.access_admin_app': '/admin/dashboard',
};

const NETWORKS = [
  { asNumber: 7922, asOrg: 'comcast', isp: 'comcast cable communications llc', domain: 'comcast.net' },
  { asNumber: 16509, asOrg: 'amazon technologies inc.', isp: 'amazon.com inc.', domain: 'amazonaws.com' },
  { asNumber: 3320, asOrg: 'deutsche telekom ag', isp: 'deutsche telekom ag', domain: 't-ipconnect.de' },
  { asNumber: 2856, asOrg: 'british telecommunications plc', isp: 'bt', domain: 'bt.com' },
  { asNumber: 4713, asOrg: 'ntt communications corporation', isp: 'ntt', domain: 'ocn.ne.jp' },
];

/** Appends `count` events, oldest first: about 97% over the last 90 days and the rest up to 120 days old. */
export function seedEvents(input: EventSeedInput): void {
  const { org, random, count, now } = input;
  const times = new Float64Array(count);
  for (let i = 0; i < count; i += 1) {
    times[i] = random.chance(EXPIRED_SHARE)
      ? now - 90 * DAY_MS - 1 - random.next() * 30 * DAY_MS
      : now - random.next() * (90 * DAY_MS - 60_000);
  }
  times.sort();
  const weights = EVENT_KINDS.map((kind) => kind.weight);
  const sessions = new Map<string, string>();
  const oauthClients = [
    { id: org.webApp.clientId, label: org.webApp.label },
    { id: org.serviceApp.clientId, label: org.serviceApp.label },
    { id: '0oa1mobile00SANDBOX1', label: 'Expense Reporter (Native)' },
  ];
  // Spread one of each hostile value over the history, whatever the seed, then about 1% more at random.
  const forced = new Map<number, number>();
  if (count >= 200) {
    const sites = HOSTILE_VALUES.length + HOSTILE_URLS.length + 1;
    for (let j = 0; j < sites; j += 1) forced.set(Math.floor(((j + 0.5) * count) / sites), j);
  }

  for (let i = 0; i < count; i += 1) {
    const kind = random.weighted(EVENT_KINDS, weights);
    const published = Math.floor(times[i] as number);
    const event = buildEvent(input, kind, published, sessions, oauthClients);
    const site = forced.get(i);
    if (site !== undefined) forceHostile(event, site);
    else if (random.chance(HOSTILE_EVENT_RATE)) randomHostile(event, random);
    org.systemLog.append(event, { persistedAt: new Date(published) });
  }
}

function buildEvent(
  input: EventSeedInput,
  kind: EventKind,
  published: number,
  sessions: Map<string, string>,
  oauthClients: readonly { id: string; label: string }[],
): LogEvent {
  const { random } = input;
  const subject = random.chance(0.35) ? random.pick(input.frequent) : random.pick(input.everyone);
  const actorPerson = kind.actor === 'admin' ? random.pick(input.admins) : subject;
  const oauthClient = kind.oauth ? random.pick(oauthClients) : undefined;
  const actor: LogActor =
    kind.actor === 'system'
      ? {
          id: '0oa1okta000SYSTEM00',
          type: 'SystemPrincipal',
          alternateId: 'system@okta.com',
          displayName: 'Okta System',
          detailEntry: null,
        }
      : {
          id: actorPerson.id,
          type: 'User',
          alternateId: actorPerson.login,
          displayName: actorPerson.displayName,
          detailEntry: null,
        };
  const failed = random.chance(kind.failureRate);
  const city = random.pick(CITIES);
  const agent = random.pick(USER_AGENTS);
  const ip = randomIp(random);
  const geo = geography(city);
  const transactionId = random.base62(27);
  let session = sessions.get(actor.id);
  if (!session || (kind.eventType === 'user.session.start' && random.chance(0.5))) {
    session = `102${random.base62(22)}`;
    sessions.set(actor.id, session);
  }
  const requestUri = REQUEST_URIS[kind.eventType] ?? '/api/v1/users';
  const network = random.pick(NETWORKS);
  const authenticator = random.pick(AUTHENTICATORS);
  return {
    uuid: random.uuid(),
    published: new Date(published).toISOString(),
    eventType: kind.eventType,
    version: '0',
    severity: failed ? kind.failure.severity : (kind.severity ?? 'INFO'),
    legacyEventType: kind.legacyEventType
      ? failed
        ? kind.legacyEventType.replace(/_success$|\.success$/, '_failure')
        : kind.legacyEventType
      : null,
    displayMessage: kind.displayMessage,
    actor,
    client: {
      userAgent: { rawUserAgent: agent.raw, os: agent.os, browser: agent.browser },
      zone: random.chance(0.2) ? 'Corporate Network' : 'null',
      device: agent.device,
      id: oauthClient?.id ?? null,
      ipAddress: ip.address,
      geographicalContext: geo,
    },
    outcome: {
      result: failed ? kind.failure.result : (kind.successResult ?? 'SUCCESS'),
      reason: failed ? kind.failure.reason : null,
    },
    target: targets(kind, random, subject, oauthClient, authenticator.name),
    transaction: { type: kind.transaction, id: transactionId, detail: {} },
    debugContext: {
      debugData: {
        requestId: transactionId,
        requestUri,
        url: `${requestUri}?`,
        threatSuspected: String(random.chance(0.01)),
        ...(kind.oauth ? { grantedScopes: 'openid profile okta.logs.read okta.users.read' } : {}),
      },
    },
    authenticationContext: {
      authenticationProvider: kind.actor === 'system' ? null : 'OKTA_AUTHENTICATION_PROVIDER',
      credentialProvider: kind.actor === 'system' ? null : 'OKTA_CREDENTIAL_PROVIDER',
      credentialType: kind.oauth
        ? null
        : kind.targets.includes('authenticator')
          ? authenticator.credentialType
          : 'PASSWORD',
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: kind.actor === 'system' ? null : session,
      rootSessionId: kind.actor === 'system' ? null : session,
    },
    securityContext: { ...network, isProxy: random.chance(0.03) },
    request: { ipChain: [{ ip: ip.address, geographicalContext: geo, version: ip.version, source: null }] },
  };
}

function geography(city: City): GeographicalContext {
  return {
    city: city.city,
    state: city.state,
    country: city.country,
    postalCode: city.postalCode,
    geolocation: { lat: city.lat, lon: city.lon },
  };
}

function randomIp(random: SeedRandom): { address: string; version: 'V4' | 'V6' } {
  if (random.chance(0.15)) {
    // IPv6 documentation prefix (RFC 3849): realistic shape, never a real host.
    return { address: `2001:db8:${random.hex(4)}:${random.hex(4)}::${random.hex(3)}`, version: 'V6' };
  }
  const first = random.pick([23, 34, 52, 73, 98, 104, 142, 174, 185, 203]);
  return { address: `${first}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`, version: 'V4' };
}
