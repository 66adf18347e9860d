import { z } from 'zod';
import { evaluateExpression, MAX_EXPRESSION_LENGTH } from './arithmetic';
import { CalculationError } from './rational';
import type { Tool } from './types';

const calculatorSchema = z.object({
  expression: z
    .string()
    .min(1)
    .describe(`Arithmetic only, at most ${MAX_EXPRESSION_LENGTH} characters: numbers, + - * / % ^ and parentheses. "15%" means 0.15.`),
});

/**
 * Exact arithmetic for the model, which is bad at it. The length limit is
 * checked by the tool rather than the schema so the model gets the same
 * "Error: ..." style for every refusal and can retry with a shorter input.
 */
export function createCalculatorTool(): Tool<typeof calculatorSchema> {
  return {
    name: 'calculator',
    description:
      'Evaluates an arithmetic expression exactly, e.g. "(1200 - 150) * 15%" or "2^10". Use it for every calculation instead of doing arithmetic yourself.',
    kind: 'read',
    schema: calculatorSchema,
    async run({ expression }) {
      try {
        return evaluateExpression(expression);
      } catch (error) {
        if (error instanceof CalculationError) return `Error: ${error.message}`;
        throw error;
      }
    },
  };
}
