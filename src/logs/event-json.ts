import { unicodeEscape } from '../text/visible-text.ts';

// JSON.stringify escapes C0 controls and lone surrogates but leaves these as they are; in JSON `\uXXXX` means
// the same character, so escaping them keeps the text valid JSON while making them visible.
const RAW_IN_JSON = /[\u007F-\u009F\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g;

/** The whole event, pretty-printed, with every invisible or display-changing character written as `\uXXXX`. */
export function eventJson(event: unknown): string {
  return (JSON.stringify(event, null, 2) ?? 'null').replace(RAW_IN_JSON, unicodeEscape);
}
