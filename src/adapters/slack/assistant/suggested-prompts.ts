import { scrubPersonalData } from '../../../domain/finetune/scrub';
import { truncatePlain } from '../blocks/mrkdwn';

/** One suggested prompt: the title on the chip, the message sent when it is clicked. */
export interface SuggestedPrompt {
  title: string;
  message: string;
}

/** Slack shows at most four suggested prompts. */
export const MAX_PROMPTS = 4;
/** A question must have been answered well this often before other employees are offered it. */
export const MIN_TIMES_ASKED = 2;
const TITLE_LENGTH = 60;
const MESSAGE_LENGTH = 300;

/** SLACK_SUGGESTED_PROMPTS: prompts separated by `|` (or new lines); at most four are used. */
export function parseConfiguredPrompts(raw: string | undefined): SuggestedPrompt[] {
  return (raw ?? '')
    .split(/[|\n]/)
    .map((text) => text.trim())
    .filter(Boolean)
    .slice(0, MAX_PROMPTS)
    .map(promptFor);
}

/**
 * The prompts to offer: the configured ones when there are any; otherwise the
 * questions employees asked most that the bot answered well. Questions that
 * carry personal data (an email, a phone or account number) are never shown
 * to other people. Empty when there is nothing good to suggest: a made-up
 * prompt the knowledge base cannot answer would only send staff a handoff.
 */
export async function chooseSuggestedPrompts(
  configured: SuggestedPrompt[],
  wellAnswered: () => Promise<{ question: string }[]>,
): Promise<SuggestedPrompt[]> {
  if (configured.length > 0) return configured;
  const questions = await wellAnswered();
  return questions
    .map((row) => row.question.trim())
    .filter((question) => question.length > 0 && question.length <= MESSAGE_LENGTH && !hasPersonalData(question))
    .slice(0, MAX_PROMPTS)
    .map(promptFor);
}

function hasPersonalData(text: string): boolean {
  return Object.values(scrubPersonalData(text).found).some((count) => count > 0);
}

function promptFor(text: string): SuggestedPrompt {
  return { title: truncatePlain(text, TITLE_LENGTH), message: truncatePlain(text, MESSAGE_LENGTH) };
}
