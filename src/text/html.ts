/**
 * HTML escaping for the templates, and the one way to put already-escaped HTML into a page. Templates print every
 * value with `<%= %>` (never `<%~ %>`); the view's escape function, `escapeHtml`, escapes it unless it is an
 * `Html` value. `Html` values come from two places only: the template engine's own output for a fragment
 * (`renderedHtml`, used by the view plugin) and `textContentHtml`, which escapes text for element content.
 */

// Not exported: only this module's factories can make an Html value.
const FACTORY = Symbol('Html factory');

/** HTML that is already escaped for the place it is printed in. */
export class Html {
  readonly #html: string;
  #bytes: Buffer | undefined;

  constructor(factory: typeof FACTORY, html: string) {
    if (factory !== FACTORY) throw new TypeError('Html values come from escapeHtml helpers only');
    this.#html = html;
  }

  /** The markup. */
  toString(): string {
    return this.#html;
  }

  /** The markup as UTF-8, encoded once (a fragment that is reused is not encoded again for each response). */
  get bytes(): Buffer {
    this.#bytes ??= Buffer.from(this.#html, 'utf8');
    return this.#bytes;
  }

  /** Number of UTF-16 code units (what caches weigh it by). */
  get length(): number {
    return this.#html.length;
  }
}

const ATTRIBUTE_SPECIAL = /[&<>"']/;
const ATTRIBUTE_SPECIALS = /[&<>"']/g;
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const entityOf = (char: string): string => ENTITIES[char] ?? char;

/**
 * The escape function of the templates: an `Html` value as it is, anything else converted to a string with
 * `& < > " '` escaped, which is safe in element content and in quoted attribute values alike.
 */
export function escapeHtml(value: unknown): string {
  if (value instanceof Html) return value.toString();
  const text = String(value);
  return ATTRIBUTE_SPECIAL.test(text) ? text.replace(ATTRIBUTE_SPECIALS, entityOf) : text;
}

const TEXT_SPECIAL = /[&<>]/;
const TEXT_SPECIALS = /[&<>]/g;

/**
 * Text escaped for element content only (`& < >`; quotes mean nothing there), e.g. a JSON document inside
 * `<pre><code>`. Printing the result inside an attribute value would be unsafe; it is not used there. JSON
 * printed this way is about a fifth shorter than with its quotes escaped.
 */
export function textContentHtml(text: string): Html {
  return new Html(FACTORY, TEXT_SPECIAL.test(text) ? text.replace(TEXT_SPECIALS, entityOf) : text);
}

/** The output of the (escaping) template engine for a fragment, to be printed inside another template. */
export function renderedHtml(html: string): Html {
  return new Html(FACTORY, html);
}
