import { z } from 'zod';

/** The subset of JSON Schema the converter emits (what chat-model tool definitions need). */
export interface JsonSchema {
  type?: 'object' | 'string' | 'number' | 'integer' | 'boolean' | 'array';
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  enum?: string[];
  default?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
}

/**
 * Converts the zod types tool schemas use into JSON Schema. Hand-written
 * because the set is small and the output must be stable (tests compare exact
 * objects); an unsupported type throws at tool registration, not mid-answer.
 */
export function toJsonSchema(schema: z.ZodTypeAny): JsonSchema {
  const converted = convert(schema);
  return schema.description ? { ...converted, description: schema.description } : converted;
}

function convert(schema: z.ZodTypeAny): JsonSchema {
  if (schema instanceof z.ZodObject) return objectSchema(schema);
  if (schema instanceof z.ZodString) return stringSchema(schema);
  if (schema instanceof z.ZodEnum) return { type: 'string', enum: [...(schema.options as string[])] };
  if (schema instanceof z.ZodNumber) return numberSchema(schema);
  if (schema instanceof z.ZodBoolean) return { type: 'boolean' };
  if (schema instanceof z.ZodArray) return arraySchema(schema);
  // Optional and default only change `required`, which the parent object decides.
  if (schema instanceof z.ZodOptional) return toJsonSchema(schema.unwrap());
  if (schema instanceof z.ZodDefault) return { ...toJsonSchema(schema.removeDefault()), default: schema._def.defaultValue() };
  throw new Error(`Unsupported zod type in a tool schema: ${schema._def.typeName ?? schema.constructor.name}`);
}

function objectSchema(schema: z.AnyZodObject): JsonSchema {
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const [key, value] of Object.entries(schema.shape as Record<string, z.ZodTypeAny>)) {
    properties[key] = toJsonSchema(value);
    if (!value.isOptional()) required.push(key);
  }
  return required.length > 0
    ? { type: 'object', properties, required, additionalProperties: false }
    : { type: 'object', properties, additionalProperties: false };
}

function stringSchema(schema: z.ZodString): JsonSchema {
  const result: JsonSchema = { type: 'string' };
  for (const check of schema._def.checks) {
    if (check.kind === 'min') result.minLength = check.value;
    else if (check.kind === 'max') result.maxLength = check.value;
    else if (check.kind === 'length') {
      result.minLength = check.value;
      result.maxLength = check.value;
    } else if (check.kind === 'regex') result.pattern = check.regex.source;
  }
  return result;
}

function numberSchema(schema: z.ZodNumber): JsonSchema {
  const result: JsonSchema = { type: 'number' };
  for (const check of schema._def.checks) {
    if (check.kind === 'int') result.type = 'integer';
    else if (check.kind === 'min') {
      if (check.inclusive) result.minimum = check.value;
      else result.exclusiveMinimum = check.value;
    } else if (check.kind === 'max') {
      if (check.inclusive) result.maximum = check.value;
      else result.exclusiveMaximum = check.value;
    }
  }
  return result;
}

function arraySchema(schema: z.ZodArray<z.ZodTypeAny>): JsonSchema {
  const result: JsonSchema = { type: 'array', items: toJsonSchema(schema.element) };
  if (schema._def.minLength) result.minItems = schema._def.minLength.value;
  if (schema._def.maxLength) result.maxItems = schema._def.maxLength.value;
  if (schema._def.exactLength) {
    result.minItems = schema._def.exactLength.value;
    result.maxItems = schema._def.exactLength.value;
  }
  return result;
}
