import { ScimFilterSyntaxError } from './errors.ts';

/** A lexical token of a SCIM filter; `position` is its 0-based offset. */
export type ScimToken =
  | { type: 'word'; text: string; position: number }
  | { type: 'string'; value: string; position: number }
  | { type: 'number'; value: number; position: number }
  | { type: 'open' | 'close'; position: number }
  | { type: 'end'; position: number };

const WORD = /[A-Za-z_$][A-Za-z0-9_.$:-]*/y;
const NUMBER = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Splits a filter into tokens; strings are JSON strings in double quotes. */
export function tokenize(filter: string): ScimToken[] {
  const tokens: ScimToken[] = [];
  let i = 0;
  while (i < filter.length) {
    const ch = filter[i] as string;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ type: ch === '(' ? 'open' : 'close', position: i });
      i += 1;
    } else if (ch === '"') {
      const end = stringEnd(filter, i);
      tokens.push({ type: 'string', value: decodeString(filter, i, end), position: i });
      i = end + 1;
    } else if (matchAt(NUMBER, filter, i)) {
      const text = matchAt(NUMBER, filter, i) as string;
      tokens.push({ type: 'number', value: Number(text), position: i });
      i += text.length;
    } else if (matchAt(WORD, filter, i)) {
      const text = matchAt(WORD, filter, i) as string;
      tokens.push({ type: 'word', text, position: i });
      i += text.length;
    } else {
      // Okta's dialect has no value paths (`emails[type eq "work"]`) and no other punctuation.
      throw new ScimFilterSyntaxError(filter, `Unexpected character '${ch}' at position ${i}`, i);
    }
  }
  tokens.push({ type: 'end', position: filter.length });
  return tokens;
}

function matchAt(pattern: RegExp, text: string, index: number): string | undefined {
  pattern.lastIndex = index;
  return pattern.exec(text)?.[0];
}

function stringEnd(filter: string, start: number): number {
  for (let i = start + 1; i < filter.length; i += 1) {
    if (filter[i] === '\\') i += 1;
    else if (filter[i] === '"') return i;
  }
  throw new ScimFilterSyntaxError(filter, `Unterminated string at position ${start}`, start);
}

function decodeString(filter: string, start: number, end: number): string {
  try {
    const value: unknown = JSON.parse(filter.slice(start, end + 1));
    if (typeof value === 'string') return value;
  } catch {
    // reported below
  }
  throw new ScimFilterSyntaxError(filter, `Invalid string literal at position ${start}`, start);
}
