import { ActionError } from '../tools/action-error';
import type { ToolRegistry } from '../tools/registry';
import type { AskerAudience, ProposedAction } from './types';

export type ActionOutcome = { ok: true; result: string } | { ok: false; error: string; retryable: boolean };

/**
 * Records which approved actions ran. `claim` is atomic: exactly one caller
 * gets `claimed` for a key; the others see the recorded outcome, or that the
 * action is running now.
 */
export interface ActionLedger {
  claim(key: string, action: { draftId: string; tool: string; arguments: Record<string, unknown> }): Promise<
    { state: 'claimed' } | { state: 'running' } | { state: 'done'; outcome: ActionOutcome }
  >;
  finish(key: string, outcome: ActionOutcome): Promise<void>;
  /** Gives a claim back after a retryable failure, so a later attempt may run it. */
  release(key: string): Promise<void>;
}

/**
 * Runs one approved write action exactly once. The key (draft id + index) is
 * claimed in the ledger before the tool runs and is passed to the tool as its
 * idempotency key, so even a crash between running and recording cannot make
 * the retry act twice (tickets are unique per key; webhooks get an
 * Idempotency-Key header).
 */
export async function runApprovedAction(
  registry: ToolRegistry,
  ledger: ActionLedger,
  request: { draftId: string; index: number; action: ProposedAction; audience: AskerAudience },
): Promise<ActionOutcome> {
  const key = `${request.draftId}:action:${request.index}`;
  const tool = registry.get(request.action.tool);
  if (tool?.kind !== 'write') return { ok: false, error: `Unknown write action "${request.action.tool}".`, retryable: false };
  const parsed = registry.parseArguments(tool.name, JSON.stringify(request.action.arguments));
  if (!parsed.ok) return { ok: false, error: parsed.error, retryable: false };

  const claim = await ledger.claim(key, { draftId: request.draftId, tool: tool.name, arguments: parsed.args });
  if (claim.state === 'done') return claim.outcome;
  if (claim.state === 'running') return { ok: false, error: 'The action is already running.', retryable: true };

  try {
    const result = await tool.run(parsed.args, { idempotencyKey: key, audience: request.audience });
    const outcome: ActionOutcome = { ok: true, result };
    await ledger.finish(key, outcome);
    return outcome;
  } catch (error) {
    const retryable = error instanceof ActionError ? error.retryable : true;
    const outcome: ActionOutcome = { ok: false, error: error instanceof ActionError ? error.message : 'The action failed unexpectedly.', retryable };
    if (retryable) await ledger.release(key);
    else await ledger.finish(key, outcome);
    return outcome;
  }
}
