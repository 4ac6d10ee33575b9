/**
 * The SDKs' `proxy.host`, `.port`, `.username`, `.password` (OKTA_CLIENT_PROXY_*): one HTTP proxy for every request.
 */
import type { Checker } from './config-checker.ts';
import { whereToSet } from './config-sources.ts';

/** An HTTP proxy for every request to Okta. */
export interface ProxySettings {
  uri: string;
  /** `Basic …` for Proxy-Authorization, when a user name is set. */
  token: string | undefined;
}

/** The proxy settings, checked; undefined without a proxy host (or when a setting is bad). */
export function checkProxy(check: Checker): ProxySettings | undefined {
  const host = check.get('proxyHost');
  const port = check.get('proxyPort');
  const user = check.get('proxyUsername');
  const password = check.get('proxyPassword');
  if (!host) {
    if (port || user || password) {
      check.fail('proxyHost', 'is not set while other proxy settings are', `set it with ${whereToSet('proxyHost')}`);
    }
    return undefined;
  }
  const hostName = host.value.trim();
  if (!/^[A-Za-z0-9.-]+$|^\[[0-9A-Fa-f:.]+\]$/.test(hostName)) {
    return check.fail(
      'proxyHost',
      `is "${host.value}", not a host name`,
      'give the proxy host only, e.g. proxy.example.com',
    );
  }
  const portNumber = port === undefined ? undefined : check.whole('proxyPort', 3128, 1, 65_535, 'a port');
  if (port === undefined) return check.missing('proxyPort', 'the proxy port');
  if (portNumber === undefined) return undefined;
  if ((user === undefined) !== (password === undefined)) {
    const name = user === undefined ? 'proxyUsername' : 'proxyPassword';
    return check.missing(name, 'both the proxy user name and password, or neither');
  }
  const token =
    user && password ? `Basic ${Buffer.from(`${user.value}:${password.value}`).toString('base64')}` : undefined;
  return { uri: `http://${hostName}:${portNumber}`, token };
}
