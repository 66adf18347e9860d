import type { AskerAudience, ConversationTurn, Draft, RolloutStage } from '../domain/answer/types';
import type { AnsweringDependencies } from './ports';

export interface DraftRequest {
  text: string;
  audience: AskerAudience;
  history: ConversationTurn[];
  stage: RolloutStage;
  channelKind?: 'slack' | 'web';
  /** The channel whose calibration decides and that the draft is stored under; null for admin previews (stored as 'preview'). */
  channel: string | null;
  /** Asked in a staff preview session (stored as such, out of the dashboard's figures). */
  preview?: boolean;
}

/**
 * Drafts a reply with the answer engine and stores it. The one caller of the
 * engine for channel traffic and previews, so every channel drafts alike.
 */
export async function draftReply(request: DraftRequest, deps: Pick<AnsweringDependencies, 'drafts' | 'engine'>): Promise<Draft> {
  const engine = await deps.engine(request.audience, request.channel);
  const draft = await engine.answer({
    text: request.text,
    audience: request.audience,
    history: request.history,
    stage: request.stage,
    ...(request.channelKind ? { channelKind: request.channelKind } : {}),
  });
  await deps.drafts.save(draft, request.channel ?? 'preview', { preview: request.preview === true });
  return draft;
}
