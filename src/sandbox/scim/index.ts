/** Okta's SCIM filter dialect: parser and evaluator, shared by the sandbox's System Log and Users endpoints. */
export type { ScimAttributeOperator, ScimCompareOperator, ScimFilter, ScimLiteral } from './ast.ts';
export { forEachAttributeExpression } from './ast.ts';
export { ScimFilterSyntaxError } from './errors.ts';
export { type CompileOptions, compileScimFilter, pathReader, type ValueReader } from './evaluate.ts';
export { parseScimFilter } from './parser.ts';
