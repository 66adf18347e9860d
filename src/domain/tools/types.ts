import type { z } from 'zod';

/**
 * A tool the model may call. `read` tools run at once while drafting;
 * `write` tools change something in the world and never run before a human
 * approves the draft that proposes them.
 */
export interface Tool<Schema extends z.ZodTypeAny = z.ZodTypeAny> {
  name: string;
  description: string;
  kind: 'read' | 'write';
  schema: Schema;
  /**
   * Runs the tool with validated arguments and returns a short text result
   * for the model (read) or the asker (write). `idempotencyKey` is stable for
   * one approved action, so a retried run does not act twice.
   */
  run(args: z.infer<Schema>, context: ToolContext): Promise<string>;
}

export interface ToolContext {
  /** Stable per action (draft id + action index): retries reuse it. */
  idempotencyKey: string;
  audience: 'employee' | 'customer';
}
