import type { ToolRegistry } from '../tools/registry';
import type { ChatMessage, ChatModel, TokenCounter } from './chat-model';
import type { EngineConfig } from './engine-config';
import { formatPassage, type ParsedReply, parseReply, questionMessage, RESPONSE_SCHEMA, systemMessage } from './prompt';
import { refineWithExactCount } from './refine-budget';
import { fitToBudget } from './token-budget';
import type { AskerAudience, ConversationTurn, Passage, ProposedAction, ToolRun } from './types';

export interface ModelDraft {
  reply: ParsedReply;
  /** The passages that fit the token budget (what the model actually saw). */
  shown: Passage[];
  proposedActions: ProposedAction[];
  toolRuns: ToolRun[];
  inputTokens: number;
  outputTokens: number;
  logprobs: number[] | null;
}

export interface ModelDraftRequest {
  question: string;
  audience: AskerAudience;
  history: ConversationTurn[];
  passages: Passage[];
  draftId: string;
}

const PENDING_APPROVAL = 'Recorded as a proposal. It will run only after a staff member approves it; tell the asker it is pending approval.';

/**
 * Drafts with the model in a bounded agent loop: read tools run at once and
 * their results go back to the model; a write tool call is recorded as a
 * proposed action and never executed here. Throws ModelError when the model
 * cannot be reached after the adapter's retries.
 */
export async function draftWithModel(
  model: ChatModel,
  counter: TokenCounter,
  tools: ToolRegistry | null,
  config: EngineConfig,
  request: ModelDraftRequest,
): Promise<ModelDraft> {
  const system = systemMessage(config.systemPrompts[request.audience]);
  const budgetInput = {
    counter,
    contextWindow: model.contextWindow,
    maxOutputTokens: config.maxOutputTokens,
    system: system.content,
    question: request.question,
    history: request.history.slice(-config.historyTurns),
    passages: request.passages,
    formatPassage,
    formatTurn: (turn: ConversationTurn) => turn.text,
  };
  const messagesOf = (fit: { history: ConversationTurn[]; passages: Passage[] }): ChatMessage[] => [
    system,
    ...fit.history.map((turn): ChatMessage => ({ role: turn.role, content: turn.text })),
    questionMessage(request.question, fit.passages),
  ];
  const estimated = fitToBudget(budgetInput);
  // Near the window, the provider's exact count can take back what the conservative estimate dropped.
  const countInputTokens = model.countInputTokens?.bind(model);
  const budget = countInputTokens
    ? await refineWithExactCount({ input: budgetInput, estimated, messagesOf, countExactly: countInputTokens })
    : estimated;
  const messages = messagesOf(budget);
  const definitions = tools?.definitions() ?? [];
  const proposedActions: ProposedAction[] = [];
  const toolRuns: ToolRun[] = [];
  let inputTokens = 0;
  let outputTokens = 0;
  let toolCalls = 0;

  for (let step = 1; step <= config.maxSteps; step++) {
    // The last step offers no tools, so the loop always ends with an answer.
    const offerTools = definitions.length > 0 && step < config.maxSteps && toolCalls < config.maxToolCalls;
    const response = await model.complete({
      messages,
      ...(offerTools ? { tools: definitions } : {}),
      responseSchema: RESPONSE_SCHEMA,
      maxOutputTokens: config.maxOutputTokens,
      logprobs: true,
    });
    inputTokens += response.usage.inputTokens;
    outputTokens += response.usage.outputTokens;
    if (response.toolCalls.length === 0 || !offerTools || !tools) {
      const reply = parseReply(response.content) ?? { answer: '', citations: [], assessment: null, structured: false };
      return { reply, shown: budget.passages, proposedActions, toolRuns, inputTokens, outputTokens, logprobs: response.logprobs };
    }
    messages.push({ role: 'assistant', content: response.content, toolCalls: response.toolCalls });
    for (const call of response.toolCalls) {
      toolCalls++;
      const result = await runToolCall(tools, call, request, proposedActions, toolRuns, toolCalls > config.maxToolCalls);
      messages.push({ role: 'tool', toolCallId: call.id, content: result });
    }
  }
  // Unreachable: the last step never offers tools.
  throw new Error('agent loop ended without a reply');
}

async function runToolCall(
  tools: ToolRegistry,
  call: { id: string; name: string; arguments: string },
  request: ModelDraftRequest,
  proposedActions: ProposedAction[],
  toolRuns: ToolRun[],
  overLimit: boolean,
): Promise<string> {
  if (overLimit) return 'Error: tool call limit reached; answer with what you have.';
  const parsed = tools.parseArguments(call.name, call.arguments);
  if (!parsed.ok) return `Error: ${parsed.error}`;
  const args = parsed.args as Record<string, unknown>;
  if (parsed.tool.kind === 'write') {
    proposedActions.push({ tool: parsed.tool.name, arguments: args, summary: parsed.tool.description });
    return PENDING_APPROVAL;
  }
  try {
    const result = await parsed.tool.run(args, { idempotencyKey: `${request.draftId}:read:${toolRuns.length}`, audience: request.audience });
    toolRuns.push({ tool: parsed.tool.name, arguments: args, result, ok: true });
    return result;
  } catch (error) {
    const result = `Error: the tool failed (${error instanceof Error ? error.name : 'error'}).`;
    toolRuns.push({ tool: parsed.tool.name, arguments: args, result, ok: false });
    return result;
  }
}
