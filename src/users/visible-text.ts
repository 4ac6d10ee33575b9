/**
 * Attacker-controlled text shown so that nothing hides in it: control characters (CR, LF, ESC, NUL, …) and the
 * Unicode bidirectional controls (U+202E reverses what follows) become visible `\u` escapes. HTML escaping is the
 * template's job; this only makes invisible characters visible.
 */

// C0 and C1 controls, DEL, and the bidi embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069),
// plus the zero-width and line/paragraph separators that can hide or reorder text.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what is matched
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/** `value` with every invisible or reordering character replaced by its `\uXXXX` escape. */
export function visibleText(value: string): string {
  return value.replace(INVISIBLE, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}

/** True when `visibleText` would change `value` (the page then says the value holds hidden characters). */
export function hasInvisible(value: string): boolean {
  INVISIBLE.lastIndex = 0;
  const found = INVISIBLE.test(value);
  INVISIBLE.lastIndex = 0;
  return found;
}
