/**
 * HTML escaping for the templates, and the one way to put already-escaped HTML into a page. Templates print every
 * value with `<%= %>` (never `<%~ %>`); the view's escape function, `escapeHtml`, escapes it unless it is an
 * `Html` value. `Html` values come from two places only: the output of an escaping renderer for a fragment
 * (`renderedHtml`: the template engine's, used by the view plugin, or code that escapes every value it prints with
 * `escapeHtml`, such as the System Log's rows) and `preformattedHtml`, a whole `<pre><code>` element around text
 * escaped for element content (so the text cannot end up in an attribute, where its quotes would matter).
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

  /**
   * The markup as UTF-8, encoded now if not done yet (a fragment that is kept and reused is not encoded again for
   * each response). Shared: never write to it. Allocated on its own, not from Node's pool, so a cached fragment does
   * not keep a pool block alive.
   */
  encode(): Buffer {
    if (this.#bytes === undefined) {
      const bytes = Buffer.allocUnsafeSlow(Buffer.byteLength(this.#html, 'utf8'));
      bytes.write(this.#html, 'utf8');
      this.#bytes = bytes;
    }
    return this.#bytes;
  }

  /** The bytes when already encoded, else undefined (a fragment used once is cheaper encoded with its page). */
  get encoded(): Buffer | undefined {
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
  if (typeof value === 'string')
    return ATTRIBUTE_SPECIAL.test(value) ? value.replace(ATTRIBUTE_SPECIALS, entityOf) : value;
  if (value instanceof Html) return value.toString();
  const text = String(value);
  return ATTRIBUTE_SPECIAL.test(text) ? text.replace(ATTRIBUTE_SPECIALS, entityOf) : text;
}

const TEXT_SPECIAL = /[&<>]/;
const TEXT_SPECIALS = /[&<>]/g;
const CLASS_NAME = /^[a-z][a-z0-9-]*$/;

/**
 * `<pre class="…" tabindex="0"><code>text</code></pre>` with the text escaped for element content only (`& < >`;
 * quotes mean nothing there), e.g. a JSON document, which is about a fifth shorter this way than with its quotes
 * escaped. Focusable because such a block scrolls: a keyboard can only scroll what it can focus.
 */
export function preformattedHtml(text: string, className: string): Html {
  if (!CLASS_NAME.test(className)) throw new TypeError(`not a class name: ${JSON.stringify(className)}`);
  const escaped = TEXT_SPECIAL.test(text) ? text.replace(TEXT_SPECIALS, entityOf) : text;
  return new Html(FACTORY, `<pre class="${className}" tabindex="0"><code>${escaped}</code></pre>`);
}

/**
 * The output of an escaping renderer for a fragment (the template engine, or code that passes every value through
 * `escapeHtml`), to be printed inside another template.
 */
export function renderedHtml(html: string): Html {
  return new Html(FACTORY, html);
}
