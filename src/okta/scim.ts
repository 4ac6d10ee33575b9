/**
 * SCIM filter expressions (RFC 7644 §3.4.2.2) as Okta's `filter` and `search` parameters take them. Values are
 * always written as quoted string literals with `\` and `"` escaped, and attribute names are checked, so no
 * input can change a filter's structure: `x" or eventType pr or "` stays one literal.
 */
import { InvalidQueryError } from './errors.ts';

/** Attribute operators Okta accepts (`co` and `ew` only in the System Log; `ne` not in user search). */
export type ScimOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/** A built filter. Create one with the functions below, never by hand; `expression` is the wire text. */
export interface ScimFilter {
  readonly expression: string;
  /** How the expression binds, so that combining adds parentheses where precedence needs them. */
  readonly kind: 'atom' | 'and' | 'or';
}

/** A value a comparison can take. Dates are written as quoted ISO 8601 strings. */
export type ScimValue = string | number | boolean | Date;

const OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const ATTRIBUTE_PATH = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** A SCIM string literal: `value` in double quotes with `\` and `"` backslash-escaped. */
export function scimString(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

/** Throws unless `attribute` is a dotted attribute path such as `target.id` or `profile.department`. */
export function assertAttributePath(attribute: string, parameter = 'filter'): void {
  if (!ATTRIBUTE_PATH.test(attribute)) {
    throw new InvalidQueryError(
      `"${attribute}" is not an attribute path: use names such as eventType, actor.id or profile.department`,
      { parameter },
    );
  }
}

function literal(value: ScimValue, parameter: string): string {
  if (typeof value === 'string') return scimString(value);
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new InvalidQueryError('an invalid Date cannot be compared', { parameter });
    return scimString(value.toISOString());
  }
  if (!Number.isFinite(value)) throw new InvalidQueryError(`${value} is not a finite number`, { parameter });
  return String(value);
}

/** `attribute op "value"`, e.g. `compare('eventType', 'sw', 'user.session')`. */
export function compare(attribute: string, operator: ScimOperator, value: ScimValue): ScimFilter {
  assertAttributePath(attribute);
  if (!OPERATORS.has(operator))
    throw new InvalidQueryError(`"${operator}" is not a SCIM operator`, { parameter: 'filter' });
  return { expression: `${attribute} ${operator} ${literal(value, 'filter')}`, kind: 'atom' };
}

/** `attribute eq "value"`. */
export function filterEq(attribute: string, value: ScimValue): ScimFilter {
  return compare(attribute, 'eq', value);
}

/** `attribute pr` (the attribute is present and not null). */
export function present(attribute: string): ScimFilter {
  assertAttributePath(attribute);
  return { expression: `${attribute} pr`, kind: 'atom' };
}

function combine(operator: 'and' | 'or', filters: readonly ScimFilter[]): ScimFilter {
  const [only] = filters;
  if (filters.length === 1 && only) return only;
  const parts = filters.map((filter) =>
    filter.kind === 'atom' || filter.kind === operator ? filter.expression : `(${filter.expression})`,
  );
  return { expression: parts.join(` ${operator} `), kind: operator };
}

/** Every filter must match. Operands that are `or` expressions are parenthesised. */
export function and(first: ScimFilter, ...rest: ScimFilter[]): ScimFilter {
  return combine('and', [first, ...rest]);
}

/** Any filter may match. Operands that are `and` expressions are parenthesised (for readability). */
export function or(first: ScimFilter, ...rest: ScimFilter[]): ScimFilter {
  return combine('or', [first, ...rest]);
}

/** `not (filter)`. Okta's user `filter` parameter does not support it; the System Log and `search` do. */
export function not(filter: ScimFilter): ScimFilter {
  return { expression: `not (${filter.expression})`, kind: 'atom' };
}

/** `and` over the defined filters; undefined when none is defined. */
export function allOf(filters: readonly (ScimFilter | undefined)[]): ScimFilter | undefined {
  const defined = filters.filter((filter): filter is ScimFilter => filter !== undefined);
  const [first, ...rest] = defined;
  return first ? and(first, ...rest) : undefined;
}

/** `or` over the defined filters; undefined when none is defined. */
export function anyOf(filters: readonly (ScimFilter | undefined)[]): ScimFilter | undefined {
  const defined = filters.filter((filter): filter is ScimFilter => filter !== undefined);
  const [first, ...rest] = defined;
  return first ? or(first, ...rest) : undefined;
}

/**
 * A filter written by hand, for trusted text only (a developer's CLI flag, a constant). Never pass user input:
 * that is what `compare` and friends are for. Parenthesised whenever combined.
 */
export function rawFilter(expression: string): ScimFilter {
  if (expression.trim() === '') throw new InvalidQueryError('a filter cannot be empty', { parameter: 'filter' });
  return { expression: `(${expression})`, kind: 'atom' };
}
