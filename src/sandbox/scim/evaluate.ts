import type { ScimCompareOperator, ScimFilter, ScimLiteral } from './ast.ts';

/** Reads the values an attribute path has in a record; arrays on the way are flattened (any element may match). */
export type ValueReader<T> = (record: T) => readonly unknown[];

export interface CompileOptions<T> {
  /** Returns the reader for a path; called once per attribute expression at compile time. */
  reader(path: string): ValueReader<T>;
  /** Compare strings ignoring case (Okta's user `search`); the System Log and user `filter` compare exactly. */
  caseInsensitive?: boolean;
}

/** Turns a parsed filter into a predicate. Validate paths and operators before compiling; this never throws. */
export function compileScimFilter<T>(filter: ScimFilter, options: CompileOptions<T>): (record: T) => boolean {
  const fold = options.caseInsensitive ? (value: string) => value.toLowerCase() : (value: string) => value;
  const build = (node: ScimFilter): ((record: T) => boolean) => {
    switch (node.kind) {
      case 'and': {
        const left = build(node.left);
        const right = build(node.right);
        return (record) => left(record) && right(record);
      }
      case 'or': {
        const left = build(node.left);
        const right = build(node.right);
        return (record) => left(record) || right(record);
      }
      case 'not': {
        const operand = build(node.operand);
        return (record) => !operand(record);
      }
      case 'present': {
        const read = options.reader(node.path);
        return (record) => read(record).some((value) => value !== null && value !== undefined && value !== '');
      }
      case 'compare': {
        const read = options.reader(node.path);
        const test = comparison(node.op, node.value, fold);
        if (node.op === 'ne') {
          // A missing attribute is "not equal"; with several values (targets) any differing one matches.
          return (record) => {
            const values = read(record);
            return values.length === 0 || values.some(test);
          };
        }
        return (record) => read(record).some(test);
      }
    }
  };
  return build(filter);
}

/** A reader that walks a dotted path through nested objects, flattening arrays. */
export function pathReader<T>(path: string): ValueReader<T> {
  const segments = path.split('.');
  return (record) => {
    let current: unknown[] = [record];
    for (const segment of segments) {
      const next: unknown[] = [];
      for (const value of current) {
        if (value === null || typeof value !== 'object') continue;
        const child = Object.hasOwn(value, segment) ? (value as Record<string, unknown>)[segment] : undefined;
        if (Array.isArray(child)) next.push(...child);
        else if (child !== undefined) next.push(child);
      }
      if (next.length === 0) return next;
      current = next;
    }
    return current;
  };
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function comparison(op: ScimCompareOperator, literal: ScimLiteral, fold: (value: string) => string) {
  const expected = typeof literal === 'string' ? fold(literal) : literal;
  const expectedDate = typeof literal === 'string' && ISO_DATE.test(literal) ? Date.parse(literal) : Number.NaN;
  const order = (value: unknown): number | undefined => {
    if (typeof value === 'number' && typeof expected === 'number') return value - expected;
    if (typeof value === 'string' && typeof expected === 'string') {
      // ISO dates compare as instants, so "…00Z" and "…00.000Z" are equal.
      if (!Number.isNaN(expectedDate) && ISO_DATE.test(value)) return Date.parse(value) - expectedDate;
      const folded = fold(value);
      return folded < expected ? -1 : folded > expected ? 1 : 0;
    }
    return undefined;
  };
  const equal = (value: unknown) => (typeof value === 'string' ? fold(value) === expected : value === expected);
  const text = (value: unknown) =>
    typeof value === 'string' && typeof expected === 'string' ? fold(value) : undefined;
  switch (op) {
    case 'eq':
      return equal;
    case 'ne':
      return (value: unknown) => !equal(value);
    case 'sw':
      return (value: unknown) => text(value)?.startsWith(expected as string) ?? false;
    case 'ew':
      return (value: unknown) => text(value)?.endsWith(expected as string) ?? false;
    case 'co':
      return (value: unknown) => text(value)?.includes(expected as string) ?? false;
    case 'gt':
      return (value: unknown) => (order(value) ?? Number.NaN) > 0;
    case 'ge':
      return (value: unknown) => (order(value) ?? Number.NaN) >= 0;
    case 'lt':
      return (value: unknown) => (order(value) ?? Number.NaN) < 0;
    case 'le':
      return (value: unknown) => (order(value) ?? Number.NaN) <= 0;
  }
}
