import { z } from 'zod';
import type { Tool } from './types';
import { type WebhookConfigOptions, type WebhookParameterConfig, parseWebhookConfig } from './webhook-config';
import type { WebhookSender } from './webhook-sender';

export interface WebhookToolDependencies extends WebhookConfigOptions {
  send: WebhookSender;
}

/** The success text the asker sees is the receiver's own words, kept short. */
const MAX_RESULT_LENGTH = 500;

/**
 * Turns configured webhook actions into write tools: the model may propose
 * them, staff approve, and only then is the signed POST sent. Throws a
 * `WebhookConfigError` on bad configuration, so start-up fails loudly.
 */
export function webhookToolsFromConfig(json: unknown, dependencies: WebhookToolDependencies): Tool[] {
  return parseWebhookConfig(json, dependencies).map((action) => {
    const shape = Object.fromEntries(Object.entries(action.parameters).map(([field, parameter]) => [field, argumentSchema(parameter)]));
    const tool: Tool = {
      name: action.name,
      description: action.description,
      kind: 'write',
      schema: z.object(shape),
      async run(args, context) {
        const response = await dependencies.send({
          url: action.url,
          action: action.name,
          arguments: args,
          idempotencyKey: context.idempotencyKey,
        });
        const body = response.body.trim().slice(0, MAX_RESULT_LENGTH);
        return body || `${action.name} done (HTTP ${response.status}).`;
      },
    };
    return tool;
  });
}

function argumentSchema(parameter: WebhookParameterConfig): z.ZodTypeAny {
  let schema: z.ZodTypeAny;
  if (parameter.type === 'number') schema = z.number();
  else if (parameter.type === 'boolean') schema = z.boolean();
  else if (parameter.enum) schema = z.enum(parameter.enum as [string, ...string[]]);
  else schema = z.string().max(2000);
  schema = schema.describe(parameter.description);
  return parameter.required === false ? schema.optional() : schema;
}
