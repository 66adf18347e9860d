import { describe, expect, it } from 'vitest';
import { createCalculatorTool } from './calculator';
import type { ToolContext } from './types';

const context: ToolContext = { idempotencyKey: 'draft-1:0', audience: 'employee' };
const calculate = (expression: string) => createCalculatorTool().run({ expression }, context);

describe('calculator', () => {
  it.each([
    ['1 + 2 * 3', '7'],
    ['(1 + 2) * 3', '9'],
    ['10 - 4 - 3', '3'],
    ['2 * (3 + (4 - 1)) / 4', '3'],
    ['-5 + 2', '-3'],
    ['-(2 + 3)', '-5'],
    ['3 - -2', '5'],
    ['-2^2', '-4'],
    ['(-2)^2', '4'],
    ['2^10', '1024'],
    ['2^3^2', '512'],
    ['2^-2', '0.25'],
    ['2 ** 3', '8'],
    ['0.1 + 0.2', '0.3'],
    ['0.3 - 0.1', '0.2'],
    ['1.1 * 1.1', '1.21'],
    ['.5 + 1.25', '1.75'],
    ['15%', '0.15'],
    ['200 * 15%', '30'],
    ['(1200 - 150) * 15%', '157.5'],
    ['50%^2', '0.25'],
    ['10% - 3', '-2.9'],
    ['15 % 4', '3'],
    ['-7 % 3', '-1'],
    ['7.5 % 2', '1.5'],
    ['1 / 3', '0.333333333333'],
    ['2 / 3', '0.666666666667'],
    ['1 / 1024', '0.0009765625'],
    ['10 ÷ 4 × 2', '5'],
    ['123456789 * 987654321', '121932631112635269'],
    ['10^29', '100000000000000000000000000000'],
    ['2^-40', '9.09494701773e-13'],
    ['2^0.5', '1.41421356237'],
    ['9^0.5', '3'],
    ['0 - 0', '0'],
    ['(1 / 3) * 3', '1'],
    ['1 / 10^7', '0.0000001'],
    ['1 / 10^8', '1e-8'],
    ['-2 / 3 / 10^9', '-6.66666666667e-10'],
    ['999999999999 / 7', '142857142857'],
    ['19.99 * 3 + 4.5%', '60.015'],
  ])('%s = %s', async (expression, expected) => {
    expect(await calculate(expression)).toBe(expected);
  });

  it.each([
    ['1 / 0', 'Error: division by zero'],
    ['5 % 0', 'Error: division by zero (modulo 0)'],
    ['0^-1', 'Error: division by zero (0 to a negative power)'],
    ['10^30', 'Error: overflow: numbers must stay below 1e30'],
    ['2^100000', 'Error: overflow: numbers must stay below 1e30'],
    ['0.5^100000', 'Error: underflow: the result is too small to compute exactly'],
    ['(-8)^0.5', 'Error: a negative number to a fractional power is not a real number'],
    ['1 +', 'Error: the expression ends where a number was expected'],
    ['(1 + 2', 'Error: missing ")" for the "(" at position 1'],
    ['1 + 2)', 'Error: unexpected ")" at position 6'],
    ['2 3', 'Error: unexpected "3" at position 3'],
    ['* 2', 'Error: unexpected "*" at position 1'],
    ['1,000 + 1', 'Error: unexpected "," at position 2 (write numbers without thousands separators and use "." for decimals)'],
    ['sqrt(4)', 'Error: unexpected "s" at position 1 (only numbers and + - * / % ^ ( ) are allowed)'],
    ['Math.exit()', 'Error: unexpected "M" at position 1 (only numbers and + - * / % ^ ( ) are allowed)'],
    ['   ', 'Error: empty expression'],
  ])('%s gives %s', async (expression, expected) => {
    expect(await calculate(expression)).toBe(expected);
  });

  it('refuses inputs longer than 200 characters', async () => {
    expect(await calculate(`1${' + 1'.repeat(49)}`)).toBe('50');
    expect(await calculate(`${'1+'.repeat(100)}1`)).toBe('Error: expression is too long (201 characters; the limit is 200)');
  });

  it('survives deep nesting within the length limit', async () => {
    expect(await calculate(`${'('.repeat(99)}1${')'.repeat(99)}`)).toBe('1');
    expect(await calculate(`${'-'.repeat(199)}1`)).toBe('-1');
  });
});
