/**
 * Attacker-controlled text made visible: control characters (CR, LF, ESC, NUL, DEL, C1), bidirectional controls
 * (U+202E and friends), line separators, zero-width characters and lone surrogates are shown as escapes such as
 * `\r` or `\u202E` instead of acting on the page, and long values are cut for table cells. HTML escaping stays the
 * template's job: this only makes invisible characters visible. Shared by the System Log, users and token pages.
 */

// Controls (C0, DEL, C1), Arabic letter mark, zero-width and directional marks, line/paragraph separators, bidi
// embeddings/overrides/isolates, word joiner and invisible operators, BOM, and (in `u` mode a surrogate in a class
// matches only an unpaired one) lone surrogates.
const INVISIBLE = /[\p{Cc}\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF\uD800-\uDFFF]/gu;

// The same set without the global flag, for a stateless test.
const HAS_INVISIBLE = new RegExp(INVISIBLE.source, 'u');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `\uXXXX` for one UTF-16 code unit. */
export function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with every invisible or display-changing character replaced by a visible escape. */
export function visible(text: string): string {
  // Most text has nothing to escape: a test is several times cheaper than a replace that finds nothing.
  return HAS_INVISIBLE.test(text) ? text.replace(INVISIBLE, (char) => NAMED[char] ?? unicodeEscape(char)) : text;
}

/** True when `visible` would change `text` (a page then says the value holds hidden characters). */
export function hasInvisible(text: string): boolean {
  return HAS_INVISIBLE.test(text);
}

/** Any JSON-ish value as one line of display text: strings as is, numbers and booleans printed, the rest empty. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}

/** A value cut for a table cell; `full` is set (for a tooltip) only when it was cut. */
export interface Cell {
  text: string;
  full?: string;
}

/** Longest text kept in a tooltip; the event's detail (its JSON) always has everything. */
const TOOLTIP_MAX = 1000;

/** Made visible, then cut to `max` code points (never inside a surrogate pair) with an ellipsis. */
export function cell(value: unknown, max = 80): Cell {
  const shown = visible(textOf(value));
  // A string has at least as many UTF-16 units as code points: short ones need no counting.
  if (shown.length <= max) return { text: shown };
  const points = Array.from(shown);
  if (points.length <= max) return { text: shown };
  const full = points.length > TOOLTIP_MAX ? `${points.slice(0, TOOLTIP_MAX).join('')}…` : shown;
  return { text: `${points.slice(0, max - 1).join('')}…`, full };
}
