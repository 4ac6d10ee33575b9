/**
 * RFC 8288 `Link` header parsing. Okta sends one header line per relation (undici then hands over `string[]`),
 * but proxies may join them with commas, and a URI or a quoted parameter may itself contain `,` or `;`, so this
 * is a small scanner rather than a split on commas.
 */
import { HeaderScanner } from './header-scanner.ts';

/** One link-value: its target and parameters. */
export interface LinkValue {
  /** The URI reference between `<` and `>`, as written (not resolved). */
  uri: string;
  /** The relation types of the first `rel` parameter, lower-cased (RFC 8288 §3.3: later `rel`s are ignored). */
  rel: string[];
  /** Every parameter by lower-cased name; the first occurrence wins. Parameters without a value map to ''. */
  params: Record<string, string>;
}

function parseLinkValue(scanner: HeaderScanner): LinkValue | undefined {
  scanner.skipWhitespace();
  if (scanner.peek() !== '<') return undefined;
  const close = scanner.text.indexOf('>', scanner.pos);
  if (close === -1) return undefined;
  const uri = scanner.text.slice(scanner.pos + 1, close);
  scanner.pos = close + 1;
  const params: Record<string, string> = {};
  for (;;) {
    scanner.skipWhitespace();
    if (scanner.done || scanner.peek() === ',') break;
    if (scanner.peek() !== ';') return undefined;
    scanner.pos++;
    scanner.skipWhitespace();
    const name = scanner.token().toLowerCase();
    if (name === '') return undefined;
    scanner.skipWhitespace();
    let value = '';
    if (scanner.peek() === '=') {
      scanner.pos++;
      scanner.skipWhitespace();
      if (scanner.peek() === '"') {
        const quoted = scanner.quoted();
        if (quoted === undefined) return undefined;
        value = quoted;
      } else {
        value = scanner.token();
      }
    }
    if (!(name in params)) params[name] = value;
  }
  const rel = (params.rel ?? '')
    .split(/[ \t]+/)
    .filter((type) => type !== '')
    .map((type) => type.toLowerCase());
  return { uri, rel, params };
}

/** Parses every link-value of one or more `Link` header lines; malformed link-values are skipped. */
export function parseLinkHeader(header: string | readonly string[] | undefined): LinkValue[] {
  const lines = header === undefined ? [] : typeof header === 'string' ? [header] : header;
  const links: LinkValue[] = [];
  for (const line of lines) {
    const scanner = new HeaderScanner(line);
    while (!scanner.done) {
      const start = scanner.pos;
      const link = parseLinkValue(scanner);
      if (link) {
        links.push(link);
        scanner.skipWhitespace();
        if (scanner.peek() === ',') scanner.pos++;
      } else {
        scanner.pos = start;
        scanner.skipPastComma();
      }
    }
  }
  return links;
}

/** The target of the first link whose relation types include `rel` (case-insensitive), if any. */
export function findLink(header: string | readonly string[] | undefined, rel: string): string | undefined {
  const wanted = rel.toLowerCase();
  return parseLinkHeader(header).find((link) => link.rel.includes(wanted))?.uri;
}
