/**
 * A hand-written System Log filter from the "advanced" field. The app wraps it in parentheses before and-ing it
 * with the structured filters, so it must not be able to close that parenthesis early: its parentheses must
 * balance outside string literals and its strings must end. Everything else is left to Okta, whose error is shown
 * next to the field.
 */

/** Longest advanced filter accepted. */
export const RAW_FILTER_MAX = 2000;

/** Why the text cannot be used as a filter, or undefined when it can be sent. */
export function rawFilterProblem(text: string): string | undefined {
  if (text.length > RAW_FILTER_MAX) return `The filter has ${text.length} characters; at most ${RAW_FILTER_MAX}.`;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') inString = true;
    else if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return 'A ")" closes a parenthesis that was never opened.';
  }
  if (inString) return 'A string value is not closed: add the missing ".';
  if (depth > 0) return `${depth} "(" ${depth === 1 ? 'is' : 'are'} never closed.`;
  return undefined;
}
