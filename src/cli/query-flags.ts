/**
 * The commands' query flags turned into src/okta queries. A bad flag is a usage problem (exit 2) named by its flag.
 */
import type { ExportFormat } from '../logs/export-stream.ts';
import { type LogQuery, rawFilter, type ScimFilter, type UserQuery } from '../okta/index.ts';

type Flags = Readonly<Record<string, string | boolean | undefined>>;

/** A flag with a value that cannot be used. */
export class FlagProblem extends Error {
  constructor(
    readonly flag: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`--${flag} ${problem}`);
  }

  /** One line, as configuration problems are printed. */
  line(): string {
    return `Usage: --${this.flag} ${this.problem}. Fix: ${this.fix}.`;
  }
}

/** Okta's default start of a bounded query: seven days before its end. */
const DEFAULT_RANGE_MS = 7 * 24 * 3600_000;

function text(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}

function time(flags: Flags, name: string): Date | undefined {
  const value = text(flags, name);
  if (value === undefined) return undefined;
  const date = new Date(value);
  // A bare date or an ISO 8601 time; anything Date would guess at (e.g. "yesterday") is refused.
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(value.trim()) || Number.isNaN(date.getTime())) {
    throw new FlagProblem(name, `is "${value}", not an ISO 8601 time`, 'give e.g. 2026-12-01T00:00:00Z');
  }
  return date;
}

function filter(flags: Flags, name: string): ScimFilter | undefined {
  const value = text(flags, name);
  if (value === undefined) return undefined;
  if (value.trim() === '') throw new FlagProblem(name, 'is empty', `leave out --${name}, or give an expression`);
  return rawFilter(value);
}

/** The output format (default NDJSON). */
export function formatFlag(flags: Flags): ExportFormat {
  const value = text(flags, 'format') ?? 'ndjson';
  if (value !== 'ndjson' && value !== 'csv') {
    throw new FlagProblem('format', `is "${value}"`, 'use ndjson or csv');
  }
  return value;
}

/** The bounded System Log query of `logs export`. */
export function exportQuery(flags: Flags, now = new Date()): LogQuery {
  const until = time(flags, 'until') ?? now;
  const since = time(flags, 'since') ?? new Date(until.getTime() - DEFAULT_RANGE_MS);
  if (since.getTime() >= until.getTime()) {
    throw new FlagProblem(
      'since',
      `(${since.toISOString()}) is not before --until (${until.toISOString()})`,
      'give a start before the end',
    );
  }
  return { since, until, filter: filter(flags, 'filter'), q: text(flags, 'q'), sortOrder: 'ASCENDING' };
}

/** The filter and keywords of `logs tail`. */
export function tailQuery(flags: Flags): { filter: ScimFilter | undefined; q: string | undefined } {
  return { filter: filter(flags, 'filter'), q: text(flags, 'q') };
}

/** The users query of `users list`. */
export function usersQuery(flags: Flags): UserQuery {
  return { search: filter(flags, 'search'), q: text(flags, 'q') };
}
