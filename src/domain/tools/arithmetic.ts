import { formatRational } from './format-rational';
import * as rational from './rational';
import { CalculationError, type Rational } from './rational';

/** Longer inputs are refused: the model should calculate, not paste spreadsheets. */
export const MAX_EXPRESSION_LENGTH = 200;

interface Token {
  kind: 'number' | 'operator' | 'open' | 'close';
  text: string;
  /** 1-based column, for errors the model can act on. */
  position: number;
}

/**
 * Evaluates an arithmetic expression exactly and returns the printed result.
 * Hand-written recursive descent (never eval): no identifiers, no calls, so
 * nothing but arithmetic can run. Grammar, loosest binding first:
 *
 *   expression = term (("+" | "-") term)*
 *   term       = unary (("*" | "/" | "%") unary)*
 *   unary      = ("-" | "+") unary | power
 *   power      = percent ("^" unary)?          right-associative; -2^2 = -4
 *   percent    = primary "%"*                  "15%" = 0.15
 *   primary    = number | "(" expression ")"
 *
 * A "%" is a percent sign when what follows cannot start an operand (end,
 * ")" or an operator), otherwise it is the remainder: "15 % 4" = 3, while
 * "200 * 15%" = 30 and "10% - 3" = -2.9.
 */
export function evaluateExpression(expression: string): string {
  if (expression.length > MAX_EXPRESSION_LENGTH) {
    throw new CalculationError(`expression is too long (${expression.length} characters; the limit is ${MAX_EXPRESSION_LENGTH})`);
  }
  const parser = new Parser(tokenize(expression));
  const value = parser.parse();
  return formatRational(value, parser.approximate);
}

/** Symbols models often write, mapped to the operators we parse. */
const ALIASES: Record<string, string> = { '×': '*', '÷': '/', '−': '-', '**': '^' };

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /\s+|(\d+(?:\.\d+)?|\.\d+)|(\*\*|[-+*/%^×÷−])|(\()|(\))/y;
  let index = 0;
  while (index < expression.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(expression);
    if (!match) throw unexpectedCharacter(expression, index);
    const [text, number, operator, open] = match;
    const position = index + 1;
    if (number !== undefined) tokens.push({ kind: 'number', text: number, position });
    else if (operator !== undefined) tokens.push({ kind: 'operator', text: ALIASES[operator] ?? operator, position });
    else if (open !== undefined) tokens.push({ kind: 'open', text, position });
    else if (text.trim() !== '') tokens.push({ kind: 'close', text, position });
    index += text.length;
  }
  if (tokens.length === 0) throw new CalculationError('empty expression');
  return tokens;
}

function unexpectedCharacter(expression: string, index: number): CalculationError {
  const character = expression.slice(index, index + 1);
  const hint =
    character === ','
      ? ' (write numbers without thousands separators and use "." for decimals)'
      : /[a-z]/i.test(character)
        ? ' (only numbers and + - * / % ^ ( ) are allowed)'
        : '';
  return new CalculationError(`unexpected "${character}" at position ${index + 1}${hint}`);
}

class Parser {
  private index = 0;
  /** Set when a fractional power had to use floating point. */
  approximate = false;

  constructor(private readonly tokens: Token[]) {}

  parse(): Rational {
    const value = this.expression();
    const extra = this.tokens[this.index];
    if (extra) throw new CalculationError(`unexpected "${extra.text}" at position ${extra.position}`);
    return value;
  }

  private expression(): Rational {
    let value = this.term();
    for (let operator = this.peekOperator(); operator === '+' || operator === '-'; operator = this.peekOperator()) {
      this.index++;
      value = operator === '+' ? rational.add(value, this.term()) : rational.subtract(value, this.term());
    }
    return value;
  }

  private term(): Rational {
    let value = this.unary();
    for (let operator = this.peekOperator(); operator === '*' || operator === '/' || operator === '%'; operator = this.peekOperator()) {
      this.index++;
      const right = this.unary();
      if (operator === '*') value = rational.multiply(value, right);
      else if (operator === '/') value = rational.divide(value, right);
      else value = rational.remainder(value, right);
    }
    return value;
  }

  private unary(): Rational {
    const operator = this.peekOperator();
    if (operator === '-' || operator === '+') {
      this.index++;
      const operand = this.unary();
      return operator === '-' ? rational.negate(operand) : operand;
    }
    return this.power();
  }

  private power(): Rational {
    const base = this.percent();
    if (this.peekOperator() !== '^') return base;
    this.index++;
    const exponent = this.unary();
    const exact = rational.integerPower(base, exponent);
    if (exact) return exact;
    const approximate = rational.toNumber(base) ** rational.toNumber(exponent);
    if (Number.isNaN(approximate)) throw new CalculationError('a negative number to a fractional power is not a real number');
    if (!Number.isFinite(approximate)) throw new CalculationError('overflow: numbers must stay below 1e30');
    this.approximate = true;
    return rational.fromDecimal(approximate.toPrecision(17));
  }

  private percent(): Rational {
    let value = this.primary();
    while (this.peekOperator() === '%' && !this.startsOperand(this.tokens[this.index + 1])) {
      this.index++;
      value = rational.divide(value, rational.fraction(100n));
    }
    return value;
  }

  private primary(): Rational {
    const token = this.tokens[this.index];
    if (!token) throw new CalculationError('the expression ends where a number was expected');
    this.index++;
    if (token.kind === 'number') return rational.fromDecimal(token.text);
    if (token.kind === 'open') {
      const value = this.expression();
      const close = this.tokens[this.index];
      if (close?.kind !== 'close') throw new CalculationError(`missing ")" for the "(" at position ${token.position}`);
      this.index++;
      return value;
    }
    throw new CalculationError(`unexpected "${token.text}" at position ${token.position}`);
  }

  private peekOperator(): string | undefined {
    const token = this.tokens[this.index];
    return token?.kind === 'operator' ? token.text : undefined;
  }

  private startsOperand(token: Token | undefined): boolean {
    return token?.kind === 'number' || token?.kind === 'open';
  }
}
