import { type Rational, significantDigits } from './rational';

/** Terminating decimals with at most this many significant digits print exactly. */
const EXACT_DIGITS = 30;
/** Everything else (1/3, approximate powers) is rounded to this many, like a desk calculator. */
const ROUNDED_DIGITS = 12;

/**
 * Prints a calculator result: exact when the fraction is a short terminating
 * decimal (0.3, 1234.5678, 0.0009765625), otherwise rounded to 12
 * significant digits (1/3 → 0.333333333333). Plain notation for everyday
 * magnitudes; scientific (1.5e-9) outside 1e-7..1e21, as JavaScript does.
 */
export function formatRational(value: Rational, approximate: boolean): string {
  if (!approximate) {
    const exact = exactDecimal(value);
    if (exact !== null) return exact;
  }
  const { negative, digits, exponent } = significantDigits(value, ROUNDED_DIGITS);
  const sign = negative ? '-' : '';
  if (exponent < -7 || exponent >= 21) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}e${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`;
  }
  return sign + placeDecimalPoint(digits, exponent);
}

/** The exact decimal text, or null when the expansion does not terminate, is too long or is tiny. */
function exactDecimal(value: Rational): string | null {
  let rest = value.denominator;
  let twos = 0;
  let fives = 0;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos++;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives++;
  }
  if (rest !== 1n) return null;
  const places = Math.max(twos, fives);
  const negative = value.numerator < 0n;
  const scaled = ((negative ? -value.numerator : value.numerator) * 10n ** BigInt(places)) / value.denominator;
  const text = scaled.toString().padStart(places + 1, '0');
  if (text.replace(/^0+/, '').replace(/0+$/, '').length > EXACT_DIGITS) return null;
  const whole = text.slice(0, text.length - places);
  const decimals = text.slice(text.length - places);
  // Below 1e-7 a plain decimal is a wall of zeros; scientific notation reads better.
  if (whole === '0' && decimals.startsWith('0000000')) return null;
  return `${negative ? '-' : ''}${whole}${decimals ? `.${decimals}` : ''}`;
}

/** "123" with exponent 1 → "12.3"; exponent -3 → "0.00123"; exponent 5 → "123000". */
function placeDecimalPoint(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return digits + '0'.repeat(exponent + 1 - digits.length);
  return `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}
