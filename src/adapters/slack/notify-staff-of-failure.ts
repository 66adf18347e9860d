import type { WebClient } from '@slack/web-api';
import { mention } from './blocks/review-card';

/**
 * Tells staff a question went unanswered (the question itself stays in D1).
 * Used for permanent Slack errors and for dead letters. Best effort.
 */
export async function notifyStaffOfFailure(
  client: WebClient,
  staffChannel: string,
  asker: { user?: unknown; channel?: unknown },
  code: string,
  advice: string,
): Promise<void> {
  const who = typeof asker.user === 'string' ? mention(asker.user, '@') : 'someone';
  const where = typeof asker.channel === 'string' ? ` in ${mention(asker.channel, '#')}` : '';
  await client.chat
    .postMessage({ channel: staffChannel, text: `I could not answer a question from ${who}${where} (\`${code}\`). The question is kept; ${advice}` })
    .catch(() => {});
}
