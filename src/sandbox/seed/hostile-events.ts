import type { LogEvent } from '../okta-types.ts';
import { HOSTILE_URLS, HOSTILE_VALUES, LONG_USER_AGENT } from './hostile.ts';
import type { SeedRandom } from './random.ts';

/** Puts hostile value number `site` into the field where it is most dangerous. */
export function forceHostile(event: LogEvent, site: number): void {
  if (site < HOSTILE_VALUES.length) {
    const value = HOSTILE_VALUES[site] as string;
    event.actor.displayName = value;
    if (event.client.userAgent) event.client.userAgent.rawUserAgent = value;
    if (event.target[0]) event.target[0].displayName = value;
    return;
  }
  const url = HOSTILE_URLS[site - HOSTILE_VALUES.length];
  if (url) {
    event.debugContext.debugData.url = url;
    event.debugContext.debugData.requestUri = url;
  } else if (event.client.userAgent) {
    event.client.userAgent.rawUserAgent = LONG_USER_AGENT;
  }
}

/** Puts one random hostile value into one attacker-controllable field. */
export function randomHostile(event: LogEvent, random: SeedRandom): void {
  const site = random.int(0, 4);
  if (site === 0) event.actor.displayName = random.pick(HOSTILE_VALUES);
  else if (site === 1 && event.client.userAgent)
    event.client.userAgent.rawUserAgent = random.chance(0.3) ? LONG_USER_AGENT : random.pick(HOSTILE_VALUES);
  else if (site === 2) event.debugContext.debugData.url = random.pick(HOSTILE_URLS);
  else if (site === 3 && event.target[0]) event.target[0].displayName = random.pick(HOSTILE_VALUES);
  else event.outcome.reason = random.pick(HOSTILE_VALUES);
}
