import { createCalculatorTool } from './calculator';
import { createTicketTool } from './create-ticket';
import { type CurrentDatetimeOptions, createCurrentDatetimeTool } from './current-datetime';
import { ToolRegistry } from './registry';
import { type PassageSearch, createSearchKnowledgeTool } from './search-knowledge-tool';
import type { TicketSink } from './ticket-sink';
import type { WebhookSender } from './webhook-sender';
import { webhookToolsFromConfig } from './webhook-tools';

export interface BuiltinToolOptions extends CurrentDatetimeOptions {
  /** Knowledge search for the `search_knowledge` tool, filtered by the asker's audience. */
  searchPassages: PassageSearch;
  /** Where `create_ticket` opens tickets. */
  ticketSink: TicketSink;
  /** Configured webhook actions (a JSON array or its text) and the sender that posts them. */
  webhooks?: {
    config: unknown;
    send: WebhookSender;
    /** For local development only: allow `http://localhost` receivers. */
    allowHttpLocalhost?: boolean;
  };
}

/**
 * The registry the answer engine offers the model: read tools (calculator,
 * current_datetime, search_knowledge) and write tools (create_ticket and the
 * configured webhooks). Throws at start-up on bad configuration, including a
 * webhook whose name clashes with a built-in.
 */
export function builtinTools(options: BuiltinToolOptions): ToolRegistry {
  const registry = new ToolRegistry()
    .register(createCalculatorTool())
    .register(createCurrentDatetimeTool(options))
    .register(createSearchKnowledgeTool({ search: options.searchPassages }))
    .register(createTicketTool(options.ticketSink));
  if (options.webhooks) {
    const { config, send, allowHttpLocalhost } = options.webhooks;
    for (const tool of webhookToolsFromConfig(config, { send, allowHttpLocalhost })) registry.register(tool);
  }
  return registry;
}
