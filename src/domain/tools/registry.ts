import { z } from 'zod';
import { type JsonSchema, toJsonSchema } from './json-schema';
import type { Tool } from './types';

/** What the chat model is told about a tool (same shape as the chat-model port's ToolDefinition). */
export interface ToolDefinition {
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  parameters: JsonSchema & Record<string, unknown>;
}

export type ParsedToolCall = { ok: true; tool: Tool; args: Record<string, unknown> } | { ok: false; error: string };

/** Lower-case, digits and underscores: valid for every chat API we target and safe in logs. */
export const TOOL_NAME_PATTERN = /^[a-z][a-z0-9_]{0,63}$/;

/** Longest error text handed back to the model; it needs a hint, not an essay. */
const MAX_ERROR_LENGTH = 400;

/**
 * The tools one answer engine may offer the model. Definitions are computed
 * at registration, so a schema the converter cannot express fails at start-up
 * rather than in the middle of answering a question.
 */
export class ToolRegistry {
  private readonly tools = new Map<string, { tool: Tool; definition: ToolDefinition }>();

  register(tool: Tool): this {
    if (!TOOL_NAME_PATTERN.test(tool.name)) {
      throw new Error(`Invalid tool name "${tool.name.slice(0, 80)}": use ${TOOL_NAME_PATTERN.source}`);
    }
    if (this.tools.has(tool.name)) throw new Error(`A tool named "${tool.name}" is already registered`);
    if (!(tool.schema instanceof z.ZodObject)) throw new Error(`Tool "${tool.name}" must take an object of arguments`);
    if (tool.description.trim() === '') throw new Error(`Tool "${tool.name}" needs a description`);
    const parameters = toJsonSchema(tool.schema) as ToolDefinition['parameters'];
    this.tools.set(tool.name, { tool, definition: { name: tool.name, description: tool.description, parameters } });
    return this;
  }

  get(name: string): Tool | undefined {
    return this.tools.get(name)?.tool;
  }

  /** Registered tools in registration order. */
  list(): Tool[] {
    return [...this.tools.values()].map((entry) => entry.tool);
  }

  /** Definitions for the chat model, in registration order; optionally only one kind. */
  definitions(options: { kind?: Tool['kind'] } = {}): ToolDefinition[] {
    return [...this.tools.values()]
      .filter((entry) => !options.kind || entry.tool.kind === options.kind)
      .map((entry) => structuredClone(entry.definition));
  }

  /**
   * Validates a tool call as the model produced it. Never throws: garbage
   * from the model becomes a short error the engine can send back so the
   * model can correct itself.
   */
  parseArguments(name: string, rawJson: string): ParsedToolCall {
    const entry = this.tools.get(name);
    if (!entry) {
      const available = [...this.tools.keys()].join(', ') || 'none';
      return { ok: false, error: limit(`Unknown tool "${String(name).slice(0, 64)}". Available tools: ${available}.`) };
    }
    let value: unknown;
    try {
      // Some servers send an empty string for a call without arguments.
      value = typeof rawJson === 'string' && rawJson.trim() === '' ? {} : JSON.parse(rawJson);
    } catch {
      return { ok: false, error: `Arguments for ${name} are not valid JSON: send one JSON object.` };
    }
    try {
      const result = entry.tool.schema.safeParse(value);
      if (result.success) return { ok: true, tool: entry.tool, args: result.data as Record<string, unknown> };
      return { ok: false, error: limit(`Invalid arguments for ${name}: ${describeIssues(result.error)}`) };
    } catch {
      // A refinement that throws is a bug in the tool, but still must not crash the engine.
      return { ok: false, error: `Arguments for ${name} could not be checked.` };
    }
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

function limit(text: string): string {
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
