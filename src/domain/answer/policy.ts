import type { AskerAudience, Decision, RolloutStage } from './types';

/**
 * The send / review / handoff decision: a pure function of facts the engine
 * has established. The order of the rules is the policy:
 *
 * 1. handoff  the model failed after its retries, or nothing relevant was found
 *             (and no action was asked for): a human answers, the bot never guesses;
 * 2. review   a write action is proposed, or the question asks for an action;
 * 3. review   the stage does not let this audience get unreviewed replies
 *             (customers: only `autonomous`; employees: all but `supervised`);
 * 4. review   confidence below the audience's send threshold;
 * 5. send     otherwise.
 */
export interface PolicyInput {
  audience: AskerAudience;
  stage: RolloutStage;
  confidence: number;
  sendThreshold: number;
  relevantFound: boolean;
  modelFailed: boolean;
  proposesWriteAction: boolean;
  asksForAction: boolean;
}

export interface PolicyDecision {
  decision: Decision;
  reason: string;
}

export function decide(input: PolicyInput): PolicyDecision {
  if (input.modelFailed) return { decision: 'handoff', reason: 'The model failed after its retries: a teammate will answer.' };
  const action = input.proposesWriteAction || input.asksForAction;
  if (!input.relevantFound && !action) {
    return { decision: 'handoff', reason: 'Nothing relevant in the knowledge base: a teammate will answer.' };
  }
  if (input.proposesWriteAction) return { decision: 'review', reason: 'Proposes an action, which runs only after staff approve it.' };
  if (input.asksForAction) return { decision: 'review', reason: 'The question asks for an action: staff review it.' };
  if (!stageAllowsSending(input.audience, input.stage)) {
    return { decision: 'review', reason: `The ${input.stage} stage has staff review every reply to ${input.audience}s.` };
  }
  if (input.confidence < input.sendThreshold) {
    return { decision: 'review', reason: `Confidence ${input.confidence.toFixed(2)} is below the send threshold ${input.sendThreshold.toFixed(2)}.` };
  }
  return { decision: 'send', reason: `Confidence ${input.confidence.toFixed(2)} meets the send threshold ${input.sendThreshold.toFixed(2)}.` };
}

export function stageAllowsSending(audience: AskerAudience, stage: RolloutStage): boolean {
  if (audience === 'customer') return stage === 'autonomous';
  return stage !== 'supervised';
}
