import type { ScimAttributeOperator, ScimFilter, ScimLiteral } from './ast.ts';
import { ScimFilterSyntaxError } from './errors.ts';
import { type ScimToken, tokenize } from './lexer.ts';

const OPERATORS: readonly ScimAttributeOperator[] = ['eq', 'ne', 'gt', 'ge', 'lt', 'le', 'sw', 'co', 'ew', 'pr'];
// The list Okta's parser prints in its error message (it leaves out ne and ew although it accepts them).
const EXPECTED_OPERATORS = 'eq,co,sw,pr,gt,ge,lt,le';

/**
 * Parses a filter in Okta's SCIM dialect. Precedence, highest first: attribute operators, parentheses, `not`,
 * `and`, `or` (developer.okta.com/docs/api/#filter). Operators and `and`/`or`/`not` are case-insensitive;
 * attribute names are kept as written. Throws ScimFilterSyntaxError with Okta's wording.
 */
export function parseScimFilter(filter: string): ScimFilter {
  const parser = new Parser(filter, tokenize(filter));
  return parser.parse();
}

class Parser {
  #index = 0;

  constructor(
    readonly filter: string,
    readonly tokens: ScimToken[],
  ) {}

  parse(): ScimFilter {
    const expression = this.#or();
    const token = this.#peek();
    if (token.type !== 'end') this.#fail(`${describe(token)} at position ${token.position}. Expected: and,or`, token);
    return expression;
  }

  #or(): ScimFilter {
    let left = this.#and();
    while (this.#isKeyword(this.#peek(), 'or')) {
      this.#index += 1;
      left = { kind: 'or', left, right: this.#and() };
    }
    return left;
  }

  #and(): ScimFilter {
    let left = this.#unary();
    while (this.#isKeyword(this.#peek(), 'and')) {
      this.#index += 1;
      left = { kind: 'and', left, right: this.#unary() };
    }
    return left;
  }

  #unary(): ScimFilter {
    const token = this.#peek();
    if (this.#isKeyword(token, 'not')) {
      this.#index += 1;
      return { kind: 'not', operand: this.#unary() };
    }
    if (token.type === 'open') {
      this.#index += 1;
      const inner = this.#or();
      const close = this.#peek();
      if (close.type !== 'close') this.#fail(`Missing ')' at position ${close.position}. Expected: ),and,or`, close);
      this.#index += 1;
      return inner;
    }
    return this.#attributeExpression();
  }

  #attributeExpression(): ScimFilter {
    const pathToken = this.#next();
    if (pathToken.type !== 'word') {
      this.#fail(
        `Expected an attribute name at position ${pathToken.position}, found ${describe(pathToken)}`,
        pathToken,
      );
    }
    const opToken = this.#next();
    const op = opToken.type === 'word' ? opToken.text.toLowerCase() : '';
    if (!isOperator(op)) {
      const found =
        opToken.type === 'end'
          ? 'Missing attribute operator'
          : `Unrecognized attribute operator '${text(opToken, this.filter)}'`;
      this.#fail(`${found} at position ${opToken.position}. Expected: ${EXPECTED_OPERATORS}`, opToken);
    }
    if (op === 'pr') return { kind: 'present', path: pathToken.text, position: pathToken.position };
    const value = this.#literal();
    return { kind: 'compare', path: pathToken.text, op, value, position: pathToken.position };
  }

  #literal(): ScimLiteral {
    const token = this.#next();
    if (token.type === 'string' || token.type === 'number') return token.value;
    if (token.type === 'word') {
      const word = token.text.toLowerCase();
      if (word === 'true') return true;
      if (word === 'false') return false;
      if (word === 'null') return null;
    }
    const found = token.type === 'end' ? 'Missing value' : `Invalid value '${text(token, this.filter)}'`;
    return this.#fail(
      `${found} at position ${token.position}. Expected: a quoted string, a number, true, false or null`,
      token,
    );
  }

  #peek(): ScimToken {
    return this.tokens[this.#index] as ScimToken;
  }

  #next(): ScimToken {
    const token = this.#peek();
    if (token.type !== 'end') this.#index += 1;
    return token;
  }

  #isKeyword(token: ScimToken, keyword: string): boolean {
    return token.type === 'word' && token.text.toLowerCase() === keyword;
  }

  #fail(detail: string, token: ScimToken): never {
    throw new ScimFilterSyntaxError(this.filter, detail, token.position);
  }
}

function isOperator(value: string): value is ScimAttributeOperator {
  return (OPERATORS as readonly string[]).includes(value);
}

function text(token: ScimToken, filter: string): string {
  switch (token.type) {
    case 'word':
      return token.text;
    case 'open':
      return '(';
    case 'close':
      return ')';
    default:
      return filter.slice(token.position, token.position + 20);
  }
}

function describe(token: ScimToken): string {
  switch (token.type) {
    case 'end':
      return 'Unexpected end of filter';
    case 'word':
      return `Unexpected '${token.text}'`;
    case 'string':
      return `Unexpected string ${JSON.stringify(token.value)}`;
    case 'number':
      return `Unexpected number ${token.value}`;
    default:
      return `Unexpected '${token.type === 'open' ? '(' : ')'}'`;
  }
}
