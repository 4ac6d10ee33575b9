/** A literal on the right-hand side of a SCIM attribute expression. */
export type ScimLiteral = string | number | boolean | null;

/** The attribute operators of Okta's SCIM filter dialect (`ew` and `co` exist only in some APIs). */
export type ScimCompareOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le' | 'sw' | 'co' | 'ew';

/** Every attribute operator the parser knows, including `pr`. */
export type ScimAttributeOperator = ScimCompareOperator | 'pr';

/** A parsed filter; `position` is the 0-based offset of the attribute path in the filter text. */
export type ScimFilter =
  | { kind: 'compare'; path: string; op: ScimCompareOperator; value: ScimLiteral; position: number }
  | { kind: 'present'; path: string; position: number }
  | { kind: 'and'; left: ScimFilter; right: ScimFilter }
  | { kind: 'or'; left: ScimFilter; right: ScimFilter }
  | { kind: 'not'; operand: ScimFilter };

/** Calls `visit` for each attribute expression in the filter, left to right. */
export function forEachAttributeExpression(
  filter: ScimFilter,
  visit: (expression: Extract<ScimFilter, { path: string }>) => void,
): void {
  switch (filter.kind) {
    case 'compare':
    case 'present':
      visit(filter);
      return;
    case 'and':
    case 'or':
      forEachAttributeExpression(filter.left, visit);
      forEachAttributeExpression(filter.right, visit);
      return;
    case 'not':
      forEachAttributeExpression(filter.operand, visit);
  }
}
