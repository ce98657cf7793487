/**
 * Indicator formulas: numerator and denominator are small arithmetic expressions over data
 * element codes, other indicators' codes, and numbers (`HH_FTTH`, `RES_COVERED_3G`,
 * `SMARTPHONE_OWNERS - VNEID_USERS`). Hand-written because the grammar is five tokens and we need
 * the references out of it (for unknown-code and cycle checks), which an eval-style library hides.
 */

export type Expression =
  { kind: 'number'; value: number } | { kind: 'ref'; code: string } | { kind: 'binary'; op: '+' | '-' | '*' | '/'; left: Expression; right: Expression };

export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|([A-Z][A-Z0-9_]*)|([-+*/()]))/y;

interface Token {
  text: string;
  kind: 'number' | 'ref' | 'op';
  position: number;
}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < source.length) {
    if (/^\s*$/.test(source.slice(TOKEN.lastIndex))) break;
    const position = TOKEN.lastIndex;
    const match = TOKEN.exec(source);
    if (!match) throw new ExpressionError(`Unexpected character at ${position + 1}`, position);
    const [, number, ref, op] = match;
    if (number !== undefined) tokens.push({ text: number, kind: 'number', position });
    else if (ref !== undefined) tokens.push({ text: ref, kind: 'ref', position });
    else tokens.push({ text: op!, kind: 'op', position });
  }
  return tokens;
}

/** Parses `source`; throws ExpressionError with the position of the first problem. */
export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const end = source.length;

  function primary(): Expression {
    const token = tokens[i++];
    if (!token) throw new ExpressionError('The formula ends too early', end);
    if (token.kind === 'number') return { kind: 'number', value: Number(token.text) };
    if (token.kind === 'ref') return { kind: 'ref', code: token.text };
    if (token.text === '(') {
      const inner = sum();
      if (peek()?.text !== ')') throw new ExpressionError('A closing parenthesis is missing', peek()?.position ?? end);
      i++;
      return inner;
    }
    throw new ExpressionError(`Unexpected "${token.text}"`, token.position);
  }
  function product(): Expression {
    let left = primary();
    for (let t = peek(); t && (t.text === '*' || t.text === '/'); t = peek()) {
      i++;
      left = { kind: 'binary', op: t.text, left, right: primary() };
    }
    return left;
  }
  function sum(): Expression {
    let left = product();
    for (let t = peek(); t && (t.text === '+' || t.text === '-'); t = peek()) {
      i++;
      left = { kind: 'binary', op: t.text, left, right: product() };
    }
    return left;
  }

  if (tokens.length === 0) throw new ExpressionError('The formula is empty', 0);
  const expression = sum();
  const extra = peek();
  if (extra) throw new ExpressionError(`Unexpected "${extra.text}"`, extra.position);
  return expression;
}

/** Every code the expression refers to. */
export function references(expression: Expression): string[] {
  if (expression.kind === 'ref') return [expression.code];
  if (expression.kind === 'number') return [];
  return [...new Set([...references(expression.left), ...references(expression.right)])];
}

/** The value, or null when a referenced value is missing or a division is by zero. */
export function evaluate(expression: Expression, lookup: (code: string) => number | null): number | null {
  switch (expression.kind) {
    case 'number':
      return expression.value;
    case 'ref':
      return lookup(expression.code);
    case 'binary': {
      const left = evaluate(expression.left, lookup);
      const right = evaluate(expression.right, lookup);
      if (left === null || right === null) return null;
      if (expression.op === '+') return left + right;
      if (expression.op === '-') return left - right;
      if (expression.op === '*') return left * right;
      return right === 0 ? null : left / right;
    }
  }
}

/** Renders an expression back to text, parenthesising every inner operation: parse(format(e)) is e. */
export function formatExpression(expression: Expression): string {
  if (expression.kind === 'number') return String(expression.value);
  if (expression.kind === 'ref') return expression.code;
  const side = (e: Expression) => (e.kind === 'binary' ? `(${formatExpression(e)})` : formatExpression(e));
  return `${side(expression.left)} ${expression.op} ${side(expression.right)}`;
}
