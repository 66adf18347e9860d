/**
 * Exact rational arithmetic on BigInt for the calculator. We chose exact
 * fractions over floats (and over "round to 12 digits when printing") so
 * 0.1 + 0.2 is exactly 3/10 and money sums never drift; only a fractional
 * power (2 ^ 0.5) falls back to floating point, and the caller marks the
 * result approximate.
 */
export interface Rational {
  readonly numerator: bigint;
  /** Always positive; the fraction is always reduced. */
  readonly denominator: bigint;
}

/** A calculation the calculator refuses; the message is shown to the model after "Error: ". */
export class CalculationError extends Error {
  override name = 'CalculationError';
}

/** Results at or above 10^30 are an overflow: far beyond any business figure, and it bounds BigInt sizes. */
export const MAX_MAGNITUDE = 10n ** 30n;
/** Denominators stay below this many bits, so tiny results (0.5 ^ 5000) cannot exhaust memory. */
const MAX_DENOMINATOR_BITS = 4096;

const OVERFLOW = 'overflow: numbers must stay below 1e30';
const UNDERFLOW = 'underflow: the result is too small to compute exactly';

export const ZERO = fraction(0n);
export const ONE = fraction(1n);

export function fraction(numerator: bigint, denominator = 1n): Rational {
  if (denominator === 0n) throw new CalculationError('division by zero');
  const sign = denominator < 0n ? -1n : 1n;
  const divisor = greatestCommonDivisor(absolute(numerator), absolute(denominator)) || 1n;
  const result = { numerator: (sign * numerator) / divisor, denominator: (sign * denominator) / divisor };
  if (absolute(result.numerator) >= MAX_MAGNITUDE * result.denominator) {
    throw new CalculationError(OVERFLOW);
  }
  if (result.denominator.toString(2).length > MAX_DENOMINATOR_BITS) {
    throw new CalculationError(UNDERFLOW);
  }
  return result;
}

/** Parses "12", "0.5", ".25" or "1.5e-7" (the exponent form only comes from float results). */
export function fromDecimal(text: string): Rational {
  const match = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!match || (match[2] === '' && !match[3])) throw new CalculationError(`invalid number "${text.slice(0, 20)}"`);
  const [, sign = '', whole = '', decimals = '', exponentText = '0'] = match;
  const exponent = Number(exponentText) - decimals.length;
  if (exponent > 40) throw new CalculationError(OVERFLOW);
  if (exponent < -400) throw new CalculationError(UNDERFLOW);
  const digits = BigInt(`${sign}${whole}${decimals}` || '0');
  return exponent >= 0 ? fraction(digits * 10n ** BigInt(exponent)) : fraction(digits, 10n ** BigInt(-exponent));
}

export const add = (a: Rational, b: Rational) =>
  fraction(a.numerator * b.denominator + b.numerator * a.denominator, a.denominator * b.denominator);
export const subtract = (a: Rational, b: Rational) => add(a, negate(b));
export const multiply = (a: Rational, b: Rational) => fraction(a.numerator * b.numerator, a.denominator * b.denominator);
export const divide = (a: Rational, b: Rational) => fraction(a.numerator * b.denominator, a.denominator * b.numerator);
export const negate = (a: Rational): Rational => ({ numerator: -a.numerator, denominator: a.denominator });

/** Remainder with the sign of the dividend, as in JavaScript and most calculators: -7 % 3 = -1. */
export function remainder(a: Rational, b: Rational): Rational {
  if (b.numerator === 0n) throw new CalculationError('division by zero (modulo 0)');
  const quotient = (a.numerator * b.denominator) / (a.denominator * b.numerator);
  return subtract(a, multiply(b, fraction(quotient)));
}

export function isInteger(a: Rational): boolean {
  return a.denominator === 1n;
}

/** Exact power for integer exponents; `null` when the exponent is fractional (the caller approximates). */
export function integerPower(base: Rational, exponent: Rational): Rational | null {
  if (!isInteger(exponent)) return null;
  const n = exponent.numerator;
  if (base.numerator === 0n) {
    if (n < 0n) throw new CalculationError('division by zero (0 to a negative power)');
    return n === 0n ? ONE : ZERO;
  }
  // ±1 to any power stays small; everything else grows by bits per step, so check before computing.
  if (absolute(base.numerator) === 1n && base.denominator === 1n) return fraction(n % 2n === 0n ? 1n : base.numerator);
  const bits = Math.max(base.numerator.toString(2).length, base.denominator.toString(2).length);
  const size = absolute(n);
  if (size * BigInt(bits) > BigInt(MAX_DENOMINATOR_BITS)) {
    const growing = n > 0n === absolute(base.numerator) > base.denominator;
    throw new CalculationError(growing ? OVERFLOW : UNDERFLOW);
  }
  const numerator = base.numerator ** size;
  const denominator = base.denominator ** size;
  return n >= 0n ? fraction(numerator, denominator) : fraction(denominator, numerator);
}

export function toNumber(a: Rational): number {
  // Via 17 significant digits: dividing two huge BigInts as Numbers would give Infinity / Infinity.
  return Number(significantDigits(a, 17).scientific);
}

/**
 * |a| rounded half away from zero to `count` significant digits: the digits
 * (trailing zeros removed) and the decimal exponent of the first digit.
 */
export function significantDigits(a: Rational, count: number): { negative: boolean; digits: string; exponent: number; scientific: string } {
  const negative = a.numerator < 0n;
  const numerator = absolute(a.numerator);
  if (numerator === 0n) return { negative: false, digits: '0', exponent: 0, scientific: '0' };
  let exponent = numerator.toString().length - a.denominator.toString().length;
  // Adjust the estimate until 10^exponent <= |a| < 10^(exponent + 1).
  while (compareToPowerOfTen(numerator, a.denominator, exponent) < 0) exponent--;
  while (compareToPowerOfTen(numerator, a.denominator, exponent + 1) >= 0) exponent++;
  const shift = count - 1 - exponent;
  const scaledNumerator = shift >= 0 ? numerator * 10n ** BigInt(shift) : numerator;
  const scaledDenominator = shift >= 0 ? a.denominator : a.denominator * 10n ** BigInt(-shift);
  let rounded = scaledNumerator / scaledDenominator;
  if (2n * (scaledNumerator % scaledDenominator) >= scaledDenominator) rounded++;
  if (rounded === 10n ** BigInt(count)) {
    rounded /= 10n;
    exponent++;
  }
  const digits = rounded.toString().replace(/0+$/, '') || '0';
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return { negative, digits, exponent, scientific: `${negative ? '-' : ''}${mantissa}e${exponent}` };
}

function compareToPowerOfTen(numerator: bigint, denominator: bigint, exponent: number): number {
  const left = exponent >= 0 ? numerator : numerator * 10n ** BigInt(-exponent);
  const right = exponent >= 0 ? denominator * 10n ** BigInt(exponent) : denominator;
  return left < right ? -1 : left > right ? 1 : 0;
}

export function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}

function greatestCommonDivisor(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}
