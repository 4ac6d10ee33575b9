import type { LogEvent } from '../okta-types.ts';
import { validationFailed } from './okta-error.ts';

const MAX_KEYWORD_LENGTH = 40;
const MAX_KEYWORDS = 10;

/**
 * Parses `q`: whitespace-separated keywords, each at most 40 characters, at most 10 (Okta's listLogEvents `q`).
 * Returns lower-cased keywords; an empty `q` (Okta's own links carry `q=`) means no keyword filter.
 */
export function parseKeywords(q: string): string[] {
  const keywords = q.split(/\s+/).filter(Boolean);
  if (keywords.some((keyword) => [...keyword].length > MAX_KEYWORD_LENGTH)) {
    throw validationFailed('q', [
      'Freeform search cannot contain items longer than 40 characters. Please shorten the items in your search or use an advanced filter to query by specific fields.',
    ]);
  }
  if (keywords.length > MAX_KEYWORDS) {
    throw validationFailed('q', [
      'Freeform search cannot contain more than 10 items. Please remove items from your search or use an advanced filter to query by specific fields.',
    ]);
  }
  return keywords.map((keyword) => keyword.toLowerCase());
}

const tokenCache = new WeakMap<LogEvent, Set<string>>();

/**
 * The keywords an event answers to: every attribute value split on whitespace, lower-cased, and hyphenated
 * words also split into their parts ("all supplied keywords must be matched exactly", case-insensitively).
 */
export function eventKeywords(event: LogEvent): Set<string> {
  let tokens = tokenCache.get(event);
  if (!tokens) {
    tokens = new Set();
    collect(event, tokens, 0);
    tokenCache.set(event, tokens);
  }
  return tokens;
}

/** A predicate that holds when the event matches every keyword. */
export function keywordMatcher(keywords: readonly string[]): (event: LogEvent) => boolean {
  return (event) => {
    const tokens = eventKeywords(event);
    return keywords.every((keyword) => tokens.has(keyword));
  };
}

function collect(value: unknown, into: Set<string>, depth: number): void {
  if (depth > 8 || value === null || value === undefined) return;
  if (typeof value === 'string') {
    for (const word of value.toLowerCase().split(/\s+/)) {
      if (!word) continue;
      into.add(word);
      if (word.includes('-')) for (const part of word.split('-')) if (part) into.add(part);
    }
  } else if (typeof value === 'number' || typeof value === 'boolean') {
    into.add(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, into, depth + 1);
  } else if (typeof value === 'object') {
    for (const item of Object.values(value)) collect(item, into, depth + 1);
  }
}
