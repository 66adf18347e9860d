import { failureDraft } from '../domain/answer/failure-draft';
import { type AnswerPorts, answerQuestion, holdForStaff } from './answer-question';
import type { AnsweringDependencies } from './ports';

/**
 * The question kept failing (its queue message went to the dead letters):
 * the asker gets a holding reply and staff a handoff review, unless another
 * attempt drafted an answer meanwhile, which then finishes normally.
 */
export async function giveUpOnQuestion(ports: AnswerPorts, deps: AnsweringDependencies): Promise<void> {
  const question = await ports.source.question();
  if (!question) return;
  deps.log('question-given-up', { channel: question.channel, key: question.key });
  const draft = failureDraft(
    { text: question.text, audience: question.audience, history: [], stage: 'supervised' },
    'Answering failed after every retry: a teammate must reply.',
    deps.newId(),
    deps.now(),
  );
  await deps.drafts.save(draft, question.channel, { preview: question.preview });
  if ((await ports.source.attachDraft(draft.id, null)) !== draft.id) return answerQuestion(ports, deps);
  await holdForStaff(question, draft, 'failed', ports, deps);
}
